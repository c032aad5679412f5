// One factory per built-in rule. Add a rule here and in builtin.cpp, sorted by code.
#pragma once

#include "registry.h"
#include "rule.h"

namespace titanlint::rules {

// Document and object validity.
RuleDefinition tl001_yaml_syntax();
RuleDefinition tl002_not_a_k8s_object();
RuleDefinition tl003_duplicate_key();
// -- TL004-TL005 (object validity) go here --

// Probes (TL1xx).
// -- TL101-TL108 go here --

// Shutdown and rollout (TL2xx).
// -- TL201-TL206 go here --

}  // namespace titanlint::rules

namespace titanlint {

// Fills a registry with the built-in rules, sorted by code.
void register_builtin_rules(Registry& registry);

// The built-in registry, built on first use (thread-safe).
const Registry& builtin_registry();

}  // namespace titanlint
