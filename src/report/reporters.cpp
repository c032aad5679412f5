#include "report/reporters.h"

namespace titanlint {

std::optional<OutputFormat> parse_output_format(std::string_view name) {
  if (name == "text") return OutputFormat::Text;
  if (name == "gcc") return OutputFormat::Gcc;
  if (name == "json") return OutputFormat::Json;
  return std::nullopt;
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
  }
}

}  // namespace titanlint
