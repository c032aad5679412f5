// `path:line:col: error: message [TL102]`, one line per finding: the shape gcc prints, which
// VS Code's $gcc problem matcher, Vim's default errorformat and Emacs compile-mode all read.
#include <algorithm>
#include <iterator>

#include <fmt/format.h>

#include "report/format_writers.h"

namespace titanlint {
namespace {

class GccWriter final : public ReportWriter {
 public:
  void begin(const RunStart& run) override {
    for (const InputError& e : run.errors)
      fmt::format_to(std::back_inserter(buffer_), "{}:1:1: error: {} [input]\n", e.path, e.message);
  }
  void file(const FileReport& report) override {
    for (const Finding& f : report.findings) {
      if (f.suppressed()) continue;
      fmt::format_to(std::back_inserter(buffer_), "{}:{}:{}: {}: {} [{}]\n", f.file,
                     std::max(1u, f.position.line), std::max(1u, f.position.column),
                     severity_word(f.severity, "note"), f.message, f.code);
    }
  }
  void end(const RunTotals&) override {}
};

}  // namespace

std::unique_ptr<ReportWriter> make_gcc_writer() {
  return std::make_unique<GccWriter>();
}

}  // namespace titanlint
