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

// Doc prose as written in a rule file (a raw literal, hard-wrapped and indented) as paragraphs:
// the lines of a paragraph joined by single spaces (a line starting "- " is a list item and
// keeps its own line), paragraphs separated by one blank line, leading and trailing blank
// lines dropped. Text already in that form is returned unchanged.
std::string reflow_prose(std::string_view text);

// The doc text as rule files write it (raw literals) in the form every reader wants: prose
// reflowed, the opening newline of Example and Use instead dropped. Registry::add applies it.
void normalize_doc_text(RuleDoc& doc);

// A rule's options at their defaults.
RuleOptions default_options(const RuleMeta& meta);

// docs/rules/CODE.md: a generated-file note and the doc page with default options.
std::string render_rule_page(const RuleDefinition& rule);
// docs/rules/README.md: every rule, by family, linking to its page.
std::string render_rules_index(const Registry& registry);
// The command that regenerates docs/rules/ (named by the stale-page test).
inline constexpr std::string_view kRuleDocsCommand =
    "cmake --build --preset dev --target rule-docs";

}  // namespace titanlint
