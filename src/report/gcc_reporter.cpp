// `path:line:col: error: message [TL102]`, one line per finding: the shape gcc prints, which
// VS Code's $gcc problem matcher, Vim's default errorformat and Emacs compile-mode all read.
#include <fmt/format.h>

#include "report/reporters.h"

namespace titanlint {
namespace {

std::string_view gcc_level(Severity severity) {
  switch (severity) {
    case Severity::Error:
      return "error";
    case Severity::Warning:
      return "warning";
    case Severity::Info:
      return "note";
  }
  return "error";
}

}  // namespace

void write_gcc(std::ostream& out, const RunReport& run) {
  for (const InputError& e : run.errors)
    out << fmt::format("{}:1:1: error: {} [input]\n", e.path, e.message);
  for (const Finding& f : run.result.findings) {
    if (f.suppressed) continue;
    out << fmt::format("{}:{}:{}: {}: {} [{}]\n", f.file, std::max(1u, f.position.line),
                       std::max(1u, f.position.column), gcc_level(f.severity), f.message, f.code);
  }
}

}  // namespace titanlint
