// Applying fixes to texts: lint, apply every fix that does not overlap another, lint the changed
// files again (a fix can make another finding fixable: a new preStop sleep lengthens the grace
// period TL203 asks for), until nothing changes. Every pass's result is loaded again before it is
// kept, so a fix never leaves a file that does not parse.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "document.h"
#include "engine.h"

namespace titanlint {

struct FixInput {
  std::string path;  // as findings show it; "-" for stdin
  std::string text;
};

struct AppliedFix {
  std::string_view code;
  Position position;  // of the finding, in the text of the pass that fixed it
  std::string description;
};

struct FixOutcome {
  std::string path;
  std::string original;
  std::string fixed;  // the original when nothing was applied
  std::vector<AppliedFix> applied;
  // Why fixes were not applied (a helm stream, overlapping fixes left after the last pass, a
  // result that would not parse).
  std::vector<std::string> notes;
  // Source text removed by fixes of secret values: a diff must not print it.
  std::vector<std::string> masked;
  // Unsuppressed findings of the last lint of this file that no fix resolved.
  std::size_t unfixed = 0;

  bool changed() const { return fixed != original; }
};

// The codes of the rules `engine` runs that offer fixes (RuleMeta::offers_fix): the selection
// of the later passes' engine. Empty when none does.
std::vector<std::string> fixing_rules(const Engine& engine, const Registry& registry);

// At most this many lint-and-apply passes (a fix that keeps producing new fixes stops here).
inline constexpr unsigned kMaxFixPasses = 10;

// `engine` must build fixes (LintOptions::build_fixes). The first pass runs it; later passes
// run `later_passes` when given (the same rules restricted to those that offer fixes: the
// later passes only look for fixes) or `engine`. Files are loaded, checked and fixed on `jobs`
// threads; outcomes are in input order and do not depend on `jobs`.
std::vector<FixOutcome> fix_texts(const Engine& engine, const Engine* later_passes,
                                  std::vector<FixInput> inputs, const LoadLimits& limits,
                                  unsigned jobs = 1, unsigned max_passes = kMaxFixPasses);

}  // namespace titanlint
