// GitHub Actions workflow commands: one `::error file=...,line=...::message` per finding, which
// the runner turns into annotations on the pull request's diff. Properties and the message are
// escaped as the runner expects (% CR LF, and also : , in properties).
#include <iterator>

#include <fmt/format.h>

#include "report/format_writers.h"

namespace titanlint {
namespace {

class GithubWriter final : public ReportWriter {
 public:
  void begin(const RunStart& run) override {
    for (const InputError& e : run.errors) {
      fmt::format_to(std::back_inserter(buffer_), "::error file={},title={}::{}\n",
                     github_escape_property(e.path),
                     github_escape_property("titanlint: input not read"),
                     github_escape_data(e.message));
    }
  }

  void file(const FileReport& report) override {
    // The file property is the same for every finding of the file.
    const std::string file =
        report.findings.empty() ? std::string() : github_escape_property(report.file);
    for (const Finding& f : report.findings) {
      if (f.suppressed()) continue;
      auto out = std::back_inserter(buffer_);
      fmt::format_to(out, "::{} file={}", severity_word(f.severity, "notice"), file);
      if (auto region = source_region(f)) {
        fmt::format_to(out, ",line={},col={},endLine={}", region->start_line, region->start_column,
                       region->end_line);
        if (region->end_column > region->start_column)
          fmt::format_to(out, ",endColumn={}", region->end_column);
      }
      buffer_ += ",title=";
      buffer_ += github_escape_property(fmt::format("{} {}", f.code, f.name));
      buffer_ += "::";
      std::string message = f.message;
      const std::string_view help = f.remediation();
      if (!help.empty()) {
        message += "\nhelp: ";
        message += help;
      }
      buffer_ += github_escape_data(message);
      buffer_ += '\n';
    }
  }

  void end(const RunTotals&) override {}
};

}  // namespace

std::unique_ptr<ReportWriter> make_github_writer() {
  return std::make_unique<GithubWriter>();
}

}  // namespace titanlint
