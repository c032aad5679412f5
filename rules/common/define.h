// Turns a rule class and its metadata into a registry entry.
#pragma once

#include <memory>

#include "rule.h"

namespace titanlint::rules {

// `R` is constructed once per run from its configured options: `R(const RuleOptions&)`.
template <typename R>
RuleDefinition define(RuleMeta meta) {
  return {std::move(meta), [](const RuleOptions& options) -> std::unique_ptr<Rule> {
            return std::make_unique<R>(options);
          }};
}

// For rules whose findings come from the loaders (RuleScope::Loader with a LoadProblem: TL001-
// TL003): the rule exists for its code, severity, selection, suppression and docs, and never
// checks an object itself.
class LoaderRule final : public Rule {
 public:
  explicit LoaderRule(const RuleOptions&) {}
  void check(const K8sObject&, const LintSet&, Reporter&) const override {}
};

}  // namespace titanlint::rules
