// The built-in rules as a registry. The rules themselves are listed in rules/rule_list.inc (read
// only by builtin.cpp): adding a rule changes no header.
#pragma once

#include "registry.h"

namespace titanlint {

// Fills a registry with the built-in rules, sorted by code.
void register_builtin_rules(Registry& registry);

// The built-in registry, built on first use (thread-safe).
const Registry& builtin_registry();

}  // namespace titanlint
