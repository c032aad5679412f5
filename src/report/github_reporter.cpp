// GitHub Actions workflow commands: one `::error file=...,line=...::message` per finding, which
// the runner turns into annotations on the pull request's diff. Properties and the message are
// escaped as the runner expects (% CR LF, and also : , in properties).
#include <fmt/format.h>

#include "report/reporters.h"

namespace titanlint {
namespace {

std::string_view github_command(Severity severity) {
  switch (severity) {
    case Severity::Error:
      return "error";
    case Severity::Warning:
      return "warning";
    case Severity::Info:
      return "notice";
  }
  return "error";
}

}  // namespace

void write_github(std::ostream& out, const RunReport& run) {
  for (const InputError& e : run.errors) {
    out << fmt::format("::error file={},title={}::{}\n", github_escape_property(e.path),
                       github_escape_property("titanlint: input not read"),
                       github_escape_data(e.message));
  }
  for (const Finding& f : run.result.findings) {
    if (f.suppressed) continue;
    std::string properties = "file=" + github_escape_property(f.file);
    if (auto region = source_region(f)) {
      properties += fmt::format(",line={},col={},endLine={}", region->start_line,
                                region->start_column, region->end_line);
      if (region->end_column > region->start_column)
        properties += fmt::format(",endColumn={}", region->end_column);
    }
    properties += ",title=" + github_escape_property(fmt::format("{} {}", f.code, f.name));
    std::string message = f.message;
    if (!f.remediation.empty()) message += "\nhelp: " + f.remediation;
    out << fmt::format("::{} {}::{}\n", github_command(f.severity), properties,
                       github_escape_data(message));
  }
}

}  // namespace titanlint
