#include "report/reporters.h"

namespace titanlint {

std::optional<OutputFormat> parse_output_format(std::string_view name) {
  if (name == "text") return OutputFormat::Text;
  if (name == "gcc") return OutputFormat::Gcc;
  if (name == "json") return OutputFormat::Json;
  if (name == "sarif") return OutputFormat::Sarif;
  if (name == "github") return OutputFormat::Github;
  if (name == "junit") return OutputFormat::Junit;
  return std::nullopt;
}

const std::vector<std::string>& output_format_names() {
  static const std::vector<std::string> names = {"text", "gcc", "json", "sarif", "github", "junit"};
  return names;
}

void write_report(std::ostream& out, OutputFormat format, const RunReport& run,
                  const ReportOptions& options) {
  switch (format) {
    case OutputFormat::Text:
      write_text(out, run, options);
      break;
    case OutputFormat::Gcc:
      write_gcc(out, run);
      break;
    case OutputFormat::Json:
      write_json(out, run);
      break;
    case OutputFormat::Sarif:
      write_sarif(out, run);
      break;
    case OutputFormat::Github:
      write_github(out, run);
      break;
    case OutputFormat::Junit:
      write_junit(out, run);
      break;
  }
}

}  // namespace titanlint
