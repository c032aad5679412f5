// The built-in rules: rules/rule_list.inc, declared and registered here. An explicit list
// (rather than static self-registration) survives static linking and makes the set of rules
// reviewable in one place.
#include "builtin_rules.h"

namespace titanlint {

namespace rules {
#define TITANLINT_RULE(factory) RuleDefinition factory();
#include "rule_list.inc"
#undef TITANLINT_RULE
}  // namespace rules

void register_builtin_rules(Registry& registry) {
#define TITANLINT_RULE(factory) registry.add(rules::factory());
#include "rule_list.inc"
#undef TITANLINT_RULE
}

const Registry& builtin_registry() {
  static const Registry registry = [] {
    Registry r;
    register_builtin_rules(r);
    r.finish();
    return r;
  }();
  return registry;
}

}  // namespace titanlint
