// Output formats. Each is a ReportWriter that is given a run's findings one file at a time, in
// report order (files sorted by path), and appends its text to a buffer that the caller writes
// out as it grows: no format holds a document of the whole report.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
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
// Whether the format lists suppressed findings (so their messages must be built).
bool lists_suppressed(OutputFormat format);

struct ReportOptions {
  bool color = false;
  bool quiet = false;       // text: no summary line, no code frames
  bool statistics = false;  // text: per-rule counts after the findings
};

// What is known before the first file's findings: every input and every input error.
struct RunStart {
  const Registry& registry;
  std::span<const std::string> inputs;  // the files read, in input order
  std::span<const InputError> errors;   // inputs that could not be read
  // Every file that has objects or findings, in the order junit lists its suites: the inputs,
  // the unreadable inputs, then files named only by `# Source:` comments.
  std::span<const std::string_view> suite_order;
};

// One file's findings (sorted, the maxFindingsPerFile note last) and the objects shown in it.
struct FileReport {
  std::string_view file;
  std::span<const Finding> findings;
  std::span<const LintedObject> objects;
};

// What the run found, over every file: dropped findings included.
struct RunTotals {
  std::size_t files = 0;
  std::size_t objects = 0;
  std::size_t by_severity[3] = {0, 0, 0};  // unsuppressed, indexed by Severity
  std::size_t suppressed = 0;
  std::size_t input_errors = 0;
  std::size_t count(Severity severity) const { return by_severity[static_cast<int>(severity)]; }
};

class ReportWriter {
 public:
  virtual ~ReportWriter() = default;
  virtual void begin(const RunStart& run) = 0;
  virtual void file(const FileReport& report) = 0;
  virtual void end(const RunTotals& totals) = 0;
  // After end(): appends the next piece of what end() left to write (a format that holds text
  // until the totals are known writes it out in pieces, so it is never in memory at once).
  // False when nothing is left; the caller takes buffer() after each call.
  virtual bool next_piece() { return false; }

  // The text written so far and not yet taken: the caller writes it out and clears it.
  std::string& buffer() { return buffer_; }

 protected:
  std::string buffer_;
};

std::unique_ptr<ReportWriter> make_report_writer(OutputFormat format, const ReportOptions& options);

// A whole report of a LintResult in one string (tests, the fuzzers).
std::string render_report(OutputFormat format, const LintResult& result,
                          std::span<const InputError> errors, const Registry& registry,
                          const ReportOptions& options = {});

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
// The same for a related object's node (never masked: it is a name or a field of another object).
std::optional<SourceRegion> source_region(const RelatedLocation& related);

// "error", "warning", or `info_word` for Severity::Info: the level names gcc, sarif ("note")
// and GitHub workflow commands ("notice") use.
std::string_view severity_word(Severity severity, std::string_view info_word);

// GitHub workflow-command escaping: the message (data) escapes %, CR and LF; a property value
// (file=, title=) also escapes `:` and `,`.
std::string github_escape_data(std::string_view text);
std::string github_escape_property(std::string_view text);

// Text for an XML 1.0 attribute or element: & < > " ' as entities; characters XML 1.0 forbids
// (C0 controls other than tab/LF/CR, U+FFFE/U+FFFF) and invalid UTF-8 become U+FFFD. In an
// attribute, tab/LF/CR become character references so parsers do not normalise them to spaces.
std::string xml_escape(std::string_view text, bool attribute = false);
// xml_escape() appended to `out`.
void append_xml_escaped(std::string& out, std::string_view text, bool attribute = false);

// Appends the lines of a code frame for a finding: the source line with its number and a caret
// under the column; nothing when the finding has no source text.
void append_code_frame(std::string& out, const Finding& finding, bool color);
std::string code_frame(const Finding& finding, bool color);

// The masking of a sensitive finding's source line: the value from the 1-based character
// `column` to the end of the line becomes `****` (a key at that column and a trailing comment
// are kept).
std::string mask_value_in_line(std::string_view line, std::size_t column);

}  // namespace titanlint
