#include "registry.h"

#include <algorithm>
#include <stdexcept>

namespace titanlint {

void Registry::add(RuleDefinition definition) {
  for (const RuleDefinition& existing : rules_) {
    if (existing.meta.code == definition.meta.code || existing.meta.name == definition.meta.name)
      throw std::logic_error("rule registered twice: " + definition.meta.code + " " +
                             definition.meta.name);
  }
  rules_.push_back(std::move(definition));
}

void Registry::finish() {
  std::sort(rules_.begin(), rules_.end(), [](const RuleDefinition& a, const RuleDefinition& b) {
    return a.meta.code < b.meta.code;
  });
}

const RuleDefinition* Registry::find(std::string_view code_or_name) const {
  for (const RuleDefinition& r : rules_)
    if (r.meta.code == code_or_name || r.meta.name == code_or_name) return &r;
  return nullptr;
}

}  // namespace titanlint
