// Fuzz target: the fixes. Arbitrary YAML is linted with fixes built (every rule), each fix is
// applied on its own, and then `titanlint fix`'s passes run over the text.
// Invariants: a fix's edits are sorted, do not overlap and lie within the text; applying one fix
// never adds a YAML syntax error or a duplicate key; the passes end, and their result has no
// more load problems than the input.
#include <algorithm>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "builtin_rules.h"
#include "engine.h"
#include "fix/fix_run.h"
#include "fuzz_support.h"
#include "inputs.h"

using namespace titanlint;

namespace {

std::size_t load_problems(const std::string& text) {
  const LoadedFile file = load_text("fuzz.yaml", text, LoadLimits{});
  return static_cast<std::size_t>(
      std::count_if(file.diagnostics.begin(), file.diagnostics.end(), [](const LoadDiagnostic& d) {
        return d.problem == LoadProblem::Syntax || d.problem == LoadProblem::DuplicateKey;
      }));
}

const Engine& fixing_engine() {
  static const Engine engine = [] {
    LintOptions options;
    options.render_suppressed = false;
    options.build_fixes = true;
    return Engine(builtin_registry(), Config{}, options);
  }();
  return engine;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  const std::size_t problems = load_problems(text);

  std::vector<LoadedFile> files;
  files.push_back(load_text("fuzz.yaml", text, LoadLimits{}));
  const LintResult result = fixing_engine().lint(std::move(files));
  for (const Finding& f : result.findings) {
    if (!f.fix) continue;
    TITANLINT_FUZZ_CHECK(!f.fix->files.empty(), "{}: a fix without edits", f.code);
    for (const FileEdits& file : f.fix->files) {
      TITANLINT_FUZZ_CHECK(file.source == f.source, "{}: a fix in another file", f.code);
      for (std::size_t i = 0; i < file.edits.size(); ++i) {
        const TextEdit& e = file.edits[i];
        TITANLINT_FUZZ_CHECK(e.end() <= text.size(), "{}: edit {}+{} past the end {}", f.code,
                             e.offset, e.length, text.size());
        if (i > 0)
          TITANLINT_FUZZ_CHECK(
              !edits_overlap(file.edits[i - 1], e) && file.edits[i - 1].offset < e.offset,
              "{}: edits out of order or overlapping", f.code);
      }
      const std::string fixed = apply_edits(text, file.edits);
      TITANLINT_FUZZ_CHECK(load_problems(fixed) <= problems, "{}'s fix ({}) breaks the YAML:\n{}",
                           f.code, f.fix->description, fixed);
    }
  }

  const std::vector<FixOutcome> outcomes =
      fix_texts(fixing_engine(), nullptr, {{"fuzz.yaml", text}}, LoadLimits{});
  TITANLINT_FUZZ_CHECK(outcomes.size() == 1, "{} outcomes", outcomes.size());
  TITANLINT_FUZZ_CHECK(load_problems(outcomes.front().fixed) <= problems,
                       "the passes broke the YAML:\n{}", outcomes.front().fixed);
  return 0;
}
