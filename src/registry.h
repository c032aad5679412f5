// The rule registry: every rule titanlint knows, sorted by code, names unique (checked at
// registration). Built once by an explicit list (rules/builtin.cpp), never by static initialisers.
#pragma once

#include <string_view>
#include <vector>

#include "rule.h"

namespace titanlint {

// A family of rules by code prefix (TL1 = probes): the docs index and the sarif tags use them.
struct RuleFamily {
  std::string prefix;  // "TL1"
  std::string tag;     // "probes"
  std::string title;   // "Probes"
};

class Registry {
 public:
  // Throws std::logic_error on a duplicate code or name (a programming error).
  void add(RuleDefinition definition);
  // Families are listed in the order they are added.
  void add_family(RuleFamily family) { families_.push_back(std::move(family)); }
  // Sorts by code; call once after the last add. Throws std::logic_error unless exactly one rule
  // has RuleScope::Limit (the engine reports the findings-per-file note under its code) and at
  // most one RuleScope::Loader rule reports each LoadProblem.
  void finish();

  const std::vector<RuleDefinition>& rules() const { return rules_; }
  // The rule that names the findings-per-file note (RuleScope::Limit; TL009 among the built-ins).
  const RuleDefinition& limit_rule() const;
  // The RuleScope::Loader rule that reports `problem`; null when none does (it goes unreported).
  const RuleDefinition* loader_rule(LoadProblem problem) const;
  // By code (TL101) or name (liveness-probe-missing); null when unknown.
  const RuleDefinition* find(std::string_view code_or_name) const;
  const std::vector<RuleFamily>& families() const { return families_; }
  // The family whose prefix the code starts with; null when none does.
  const RuleFamily* family_of(std::string_view code) const;

 private:
  std::vector<RuleDefinition> rules_;
  std::vector<RuleFamily> families_;
};

}  // namespace titanlint
