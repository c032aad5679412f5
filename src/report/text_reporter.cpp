// Human output: `path:line:col: severity[CODE] message`, a code frame with a caret under the
// node, `= help:` with the fix, and a summary line.
#include <map>

#include <fmt/format.h>

#include "report/reporters.h"

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

void write_statistics(std::ostream& out, const RunReport& run) {
  struct Counts {
    std::string name;
    std::size_t reported = 0;
    std::size_t suppressed = 0;
  };
  std::map<std::string, Counts> by_code;
  for (const Finding& f : run.result.findings) {
    Counts& c = by_code[f.code];
    c.name = f.name;
    (f.suppressed ? c.suppressed : c.reported)++;
  }
  if (by_code.empty()) return;
  out << "\nStatistics:\n";
  for (const auto& [code, c] : by_code)
    out << fmt::format("  {:<6} {:<36} {:>5} reported {:>5} suppressed\n", code, c.name, c.reported,
                       c.suppressed);
}

}  // namespace

void write_text(std::ostream& out, const RunReport& run, const ReportOptions& options) {
  const char* bold = options.color ? "\033[1m" : "";
  const char* reset = options.color ? "\033[0m" : "";
  const char* cyan = options.color ? "\033[1;36m" : "";
  for (const InputError& e : run.errors) {
    out << fmt::format("{}{}:{} {}error{}: {}\n", bold, e.path, reset,
                       options.color ? "\033[1;31m" : "", reset, e.message);
  }
  for (const Finding& f : run.result.findings) {
    if (f.suppressed) continue;
    out << fmt::format("{}{}:{}:{}:{} {}{}[{}]{} {}{}{}\n", bold, f.file, f.position.line,
                       f.position.column, reset, options.color ? severity_color(f.severity) : "",
                       to_string(f.severity), f.code, reset, bold, f.message, reset);
    if (!options.quiet) {
      out << code_frame(f, options.color);
      if (!f.remediation.empty()) {
        std::string pad(std::to_string(f.position.line).size(), ' ');
        out << fmt::format("{}{} ={} help: {}\n", cyan, pad, reset, f.remediation);
      }
      out << '\n';
    }
  }
  if (options.statistics) write_statistics(out, run);
  if (options.quiet) return;
  const LintResult& r = run.result;
  const std::size_t errors = r.count(Severity::Error);
  const std::size_t warnings = r.count(Severity::Warning);
  const std::size_t infos = r.count(Severity::Info);
  const std::size_t total = errors + warnings + infos;
  std::string summary =
      total == 0
          ? fmt::format("No problems found in {} ({}).", plural(r.files, "file"),
                        plural(r.objects, "object"))
          : fmt::format("Found {} ({}, {}, {}) in {} ({}).", plural(total, "problem"),
                        plural(errors, "error"), plural(warnings, "warning"), plural(infos, "info"),
                        plural(r.files, "file"), plural(r.objects, "object"));
  if (r.suppressed() > 0) summary += fmt::format(" {} suppressed.", r.suppressed());
  if (!run.errors.empty())
    summary += fmt::format(" {} not read.", plural(run.errors.size(), "input"));
  out << bold << summary << reset << '\n';
}

}  // namespace titanlint
