// A rule's doc page (What it does / Why is this bad? / Example / Use instead / Options) as
// Markdown, for `titanlint explain` and docs/rules/.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "registry.h"
#include "rule.h"

namespace titanlint {

// `current` holds the options in effect (defaults + config); pass the defaults for the docs.
std::string render_rule_doc(const RuleDefinition& rule, const RuleOptions& current);

// A rule's options at their defaults.
RuleOptions default_options(const RuleMeta& meta);

// Rule families by code prefix (TL1 = probes): the docs index and the sarif tags use them.
struct RuleFamily {
  std::string_view prefix;  // "TL1"
  std::string_view tag;     // "probes"
  std::string_view title;   // "Probes"
};
const std::vector<RuleFamily>& rule_families();
// The family of a code; null for a code outside TL0-TL9.
const RuleFamily* rule_family(std::string_view code);

// docs/rules/CODE.md: a generated-file note and the doc page with default options.
std::string render_rule_page(const RuleDefinition& rule);
// docs/rules/README.md: every rule, by family, linking to its page.
std::string render_rules_index(const Registry& registry);
// The command that regenerates docs/rules/ (named by the stale-page test).
inline constexpr std::string_view kRuleDocsCommand =
    "cmake --build --preset dev --target rule-docs";

}  // namespace titanlint
