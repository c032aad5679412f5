#include "report/formats.h"

#include <algorithm>
#include <map>

#include "report/format_writers.h"

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

bool lists_suppressed(OutputFormat format) {
  return format == OutputFormat::Json || format == OutputFormat::Sarif ||
         format == OutputFormat::Junit;
}

std::unique_ptr<ReportWriter> make_report_writer(OutputFormat format,
                                                 const ReportOptions& options) {
  switch (format) {
    case OutputFormat::Text:
      return make_text_writer(options);
    case OutputFormat::Gcc:
      return make_gcc_writer();
    case OutputFormat::Json:
      return make_json_writer();
    case OutputFormat::Sarif:
      return make_sarif_writer();
    case OutputFormat::Github:
      return make_github_writer();
    case OutputFormat::Junit:
      return make_junit_writer();
  }
  return make_text_writer(options);
}

std::string render_report(OutputFormat format, const LintResult& result,
                          std::span<const InputError> errors, const Registry& registry,
                          const ReportOptions& options) {
  std::unique_ptr<ReportWriter> writer = make_report_writer(format, options);
  // Files in report order, with their findings and objects (as the pipeline streams them).
  std::map<std::string_view, std::pair<std::vector<Finding>, std::vector<LintedObject>>> files;
  for (const Finding& f : result.findings) files[f.file].first.push_back(f);
  for (const LintedObject& o : result.linted_objects) files[o.file].second.push_back(o);
  std::vector<std::string_view> order;
  for (const std::string& p : result.file_paths) order.push_back(p);
  for (const InputError& e : errors) order.push_back(e.path);
  for (const LintedObject& o : result.linted_objects) order.push_back(o.file);
  writer->begin(RunStart{registry, result.file_paths, errors, order});
  for (const auto& [file, content] : files)
    writer->file(FileReport{file, content.first, content.second});
  RunTotals totals;
  totals.files = result.files;
  totals.objects = result.objects;
  for (Severity s : {Severity::Info, Severity::Warning, Severity::Error})
    totals.by_severity[static_cast<int>(s)] = result.count(s);
  totals.suppressed = result.suppressed();
  totals.input_errors = errors.size();
  writer->end(totals);
  while (writer->next_piece()) {
  }
  return std::move(writer->buffer());
}

std::string_view severity_word(Severity severity, std::string_view info_word) {
  switch (severity) {
    case Severity::Error:
      return "error";
    case Severity::Warning:
      return "warning";
    case Severity::Info:
      return info_word;
  }
  return "error";
}

}  // namespace titanlint
