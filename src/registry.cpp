#include "registry.h"

#include <algorithm>
#include <stdexcept>
#include <string>

#include "rule_doc.h"

namespace titanlint {

void Registry::add(RuleDefinition definition) {
  for (const RuleDefinition& existing : rules_) {
    if (existing.meta.code == definition.meta.code || existing.meta.name == definition.meta.name)
      throw std::logic_error("rule registered twice: " + definition.meta.code + " " +
                             definition.meta.name);
  }
  // Rule files write doc text as raw literals; pages, explain and sarif read it normalised.
  normalize_doc_text(definition.meta.doc);
  rules_.push_back(std::move(definition));
}

void Registry::finish() {
  std::sort(rules_.begin(), rules_.end(), [](const RuleDefinition& a, const RuleDefinition& b) {
    return a.meta.code < b.meta.code;
  });
  const auto limit_rules = std::count_if(rules_.begin(), rules_.end(), [](const RuleDefinition& r) {
    return r.meta.scope == RuleScope::Limit;
  });
  if (limit_rules != 1)
    throw std::logic_error(
        "a registry needs exactly one RuleScope::Limit rule (the code of the "
        "findings-per-file note); it has " +
        std::to_string(limit_rules));
  for (std::size_t i = 0; i < kLoadProblemCount; ++i) {
    const auto problem = static_cast<LoadProblem>(i);
    const auto reporters =
        std::count_if(rules_.begin(), rules_.end(), [&](const RuleDefinition& r) {
          return r.meta.scope == RuleScope::Loader && r.meta.load_problem == problem;
        });
    if (reporters > 1)
      throw std::logic_error("two RuleScope::Loader rules report the load problem " +
                             std::string(to_string(problem)));
  }
}

const RuleDefinition& Registry::limit_rule() const {
  for (const RuleDefinition& r : rules_)
    if (r.meta.scope == RuleScope::Limit) return r;
  throw std::logic_error("Registry::limit_rule before finish()");
}

const RuleDefinition* Registry::loader_rule(LoadProblem problem) const {
  for (const RuleDefinition& r : rules_)
    if (r.meta.scope == RuleScope::Loader && r.meta.load_problem == problem) return &r;
  return nullptr;
}

const RuleFamily* Registry::family_of(std::string_view code) const {
  for (const RuleFamily& f : families_)
    if (code.starts_with(f.prefix)) return &f;
  return nullptr;
}

const RuleDefinition* Registry::find(std::string_view code_or_name) const {
  for (const RuleDefinition& r : rules_)
    if (r.meta.code == code_or_name || r.meta.name == code_or_name) return &r;
  return nullptr;
}

}  // namespace titanlint
