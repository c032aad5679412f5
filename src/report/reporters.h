// Output formats. Each writes a whole run's result to a stream; none of them changes it.
#pragma once

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "engine.h"
#include "inputs.h"

namespace titanlint {

enum class OutputFormat : std::uint8_t { Text, Gcc, Json, Sarif, Github, Junit };

std::optional<OutputFormat> parse_output_format(std::string_view name);
// The names `--format` accepts, in the order `--help` lists them.
const std::vector<std::string>& output_format_names();

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
void write_sarif(std::ostream& out, const RunReport& run);
void write_github(std::ostream& out, const RunReport& run);
void write_junit(std::ostream& out, const RunReport& run);

// The source span a finding points at, for formats that carry a range (sarif, github): the
// start is the finding's position; the end is the end of a quoted or plain scalar starting
// there, else the end of the line (a key, a mapping, a flow collection). Columns are 1-based
// characters; end_column is exclusive (SARIF's convention). Empty when the finding has no
// position.
struct SourceRegion {
  std::uint32_t start_line = 0;
  std::uint32_t start_column = 0;
  std::uint32_t end_line = 0;
  std::uint32_t end_column = 0;
  std::string text;  // the source text of the span (a sensitive finding's value masked)
};
std::optional<SourceRegion> source_region(const Finding& finding);

// GitHub workflow-command escaping: the message (data) escapes %, CR and LF; a property value
// (file=, title=) also escapes `:` and `,`.
std::string github_escape_data(std::string_view text);
std::string github_escape_property(std::string_view text);

// Text for an XML 1.0 attribute or element: & < > " ' as entities; characters XML 1.0 forbids
// (C0 controls other than tab/LF/CR, U+FFFE/U+FFFF) and invalid UTF-8 become U+FFFD. In an
// attribute, tab/LF/CR become character references so parsers do not normalise them to spaces.
std::string xml_escape(std::string_view text, bool attribute = false);

// The lines of a code frame for a finding: the source line with its number and a caret under the
// column; empty when the finding has no source text.
std::string code_frame(const Finding& finding, bool color);

// The source line of a finding as reporters may show it: for a sensitive finding (a secret rule)
// the value from the node's column to the end of the line is replaced by `****` (a key at that
// column and a trailing comment are kept). Reporters that print source text use this.
std::string displayed_source_line(const Finding& finding);
// The masking itself: `column` is 1-based, in characters.
std::string mask_value_in_line(std::string_view line, std::size_t column);

}  // namespace titanlint
