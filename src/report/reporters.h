// Output formats. Each writes a whole run's result to a stream; none of them changes it.
#pragma once

#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "engine.h"
#include "inputs.h"

namespace titanlint {

enum class OutputFormat : std::uint8_t { Text, Gcc, Json };

std::optional<OutputFormat> parse_output_format(std::string_view name);

struct ReportOptions {
  bool color = false;
  bool quiet = false;       // text: no summary line, no code frames
  bool statistics = false;  // text: per-rule counts after the findings
};

struct RunReport {
  const LintResult& result;
  const std::vector<InputError>& errors;
  const Registry& registry;
};

void write_report(std::ostream& out, OutputFormat format, const RunReport& run,
                  const ReportOptions& options);

void write_text(std::ostream& out, const RunReport& run, const ReportOptions& options);
void write_gcc(std::ostream& out, const RunReport& run);
void write_json(std::ostream& out, const RunReport& run);

// The lines of a code frame for a finding: the source line with its number and a caret under the
// column; empty when the finding has no source text.
std::string code_frame(const Finding& finding, bool color);

}  // namespace titanlint
