// Human output: `path:line:col: severity[CODE] message`, a code frame with a caret under the
// node, `= help:` with the fix, and a summary line.
#include <iterator>
#include <map>

#include <fmt/format.h>

#include "report/format_writers.h"

namespace titanlint {
namespace {

const char* severity_color(Severity severity) {
  switch (severity) {
    case Severity::Error:
      return "\033[1;31m";
    case Severity::Warning:
      return "\033[1;33m";
    case Severity::Info:
      return "\033[1;36m";
  }
  return "";
}

std::string plural(std::size_t n, std::string_view word) {
  return fmt::format("{} {}{}", n, word, n == 1 ? "" : "s");
}

class TextWriter final : public ReportWriter {
 public:
  explicit TextWriter(const ReportOptions& options)
      : options_(options),
        bold_(options.color ? "\033[1m" : ""),
        reset_(options.color ? "\033[0m" : ""),
        cyan_(options.color ? "\033[1;36m" : "") {}

  void begin(const RunStart& run) override {
    for (const InputError& e : run.errors) {
      fmt::format_to(std::back_inserter(buffer_), "{}{}:{} {}error{}: {}\n", bold_, e.path, reset_,
                     options_.color ? "\033[1;31m" : "", reset_, e.message);
    }
  }

  void file(const FileReport& report) override {
    for (const Finding& f : report.findings) {
      if (options_.statistics) {
        Counts& c = by_code_[f.code];
        c.name = f.name;
        (f.suppressed() ? c.suppressed : c.reported)++;
      }
      if (f.suppressed()) continue;
      fmt::format_to(std::back_inserter(buffer_), "{}{}:{}:{}:{} {}{}[{}]{} {}{}{}\n", bold_,
                     f.file, f.position.line, f.position.column, reset_,
                     options_.color ? severity_color(f.severity) : "", to_string(f.severity),
                     f.code, reset_, bold_, f.message, reset_);
      if (options_.quiet) continue;
      append_code_frame(buffer_, f, options_.color);
      const std::string_view help = f.remediation();
      if (!help.empty()) {
        buffer_ += cyan_;
        buffer_.append(fmt::formatted_size("{}", f.position.line), ' ');
        fmt::format_to(std::back_inserter(buffer_), " ={} help: {}\n", reset_, help);
      }
      buffer_ += '\n';
    }
  }

  void end(const RunTotals& totals) override {
    if (options_.statistics && !by_code_.empty()) {
      buffer_ += "\nStatistics:\n";
      for (const auto& [code, c] : by_code_)
        fmt::format_to(std::back_inserter(buffer_),
                       "  {:<6} {:<36} {:>5} reported {:>5} suppressed\n", code, c.name, c.reported,
                       c.suppressed);
    }
    if (options_.quiet) return;
    const std::size_t errors = totals.count(Severity::Error);
    const std::size_t warnings = totals.count(Severity::Warning);
    const std::size_t infos = totals.count(Severity::Info);
    const std::size_t total = errors + warnings + infos;
    std::string summary =
        total == 0 ? fmt::format("No problems found in {} ({}).", plural(totals.files, "file"),
                                 plural(totals.objects, "object"))
                   : fmt::format("Found {} ({}, {}, {}) in {} ({}).", plural(total, "problem"),
                                 plural(errors, "error"), plural(warnings, "warning"),
                                 plural(infos, "info"), plural(totals.files, "file"),
                                 plural(totals.objects, "object"));
    if (totals.suppressed > 0) summary += fmt::format(" {} suppressed.", totals.suppressed);
    if (totals.input_errors > 0)
      summary += fmt::format(" {} not read.", plural(totals.input_errors, "input"));
    buffer_ += bold_;
    buffer_ += summary;
    buffer_ += reset_;
    buffer_ += '\n';
  }

 private:
  struct Counts {
    std::string_view name;
    std::size_t reported = 0;
    std::size_t suppressed = 0;
  };
  ReportOptions options_;
  const char* bold_;
  const char* reset_;
  const char* cyan_;
  std::map<std::string_view, Counts> by_code_;
};

}  // namespace

std::unique_ptr<ReportWriter> make_text_writer(const ReportOptions& options) {
  return std::make_unique<TextWriter>(options);
}

}  // namespace titanlint
