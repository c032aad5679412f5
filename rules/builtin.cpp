// The explicit list of built-in rules, sorted by code. An explicit list (rather than static
// self-registration) survives static linking and makes the set of rules reviewable in one place.
#include "builtin_rules.h"

namespace titanlint {

void register_builtin_rules(Registry& registry) {
  using namespace rules;
  registry.add(tl001_yaml_syntax());
  registry.add(tl002_not_a_k8s_object());
  registry.add(tl003_duplicate_key());
  // -- TL004-TL005 go here --
  // -- TL101-TL108 go here --
  // -- TL201-TL206 go here --
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
