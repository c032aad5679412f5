// A rule's doc page (What it does / Why is this bad? / Example / Use instead / Options) as
// Markdown, for `titanlint explain` and docs/rules/.
#pragma once

#include <string>

#include "rule.h"

namespace titanlint {

// `current` holds the options in effect (defaults + config); pass the defaults for the docs.
std::string render_rule_doc(const RuleDefinition& rule, const RuleOptions& current);

}  // namespace titanlint
