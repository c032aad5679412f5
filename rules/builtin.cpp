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
  // The families by code prefix, in the order of the guide's topics (docs index, sarif tags).
  registry.add_family({"TL0", "documents", "Documents"});
  registry.add_family({"TL1", "probes", "Probes"});
  registry.add_family({"TL2", "shutdown-rollout", "Shutdown and rollout"});
  registry.add_family({"TL3", "secrets", "Secrets"});
  registry.add_family({"TL4", "network", "Network"});
  registry.add_family({"TL5", "resources-scaling", "Resources and scaling"});
  registry.add_family({"TL6", "images", "Images"});
  registry.add_family({"TL7", "wiring", "Wiring"});
  registry.add_family({"TL8", "observability", "Observability"});
  registry.add_family({"TL9", "jobs-state", "Jobs and state"});
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
