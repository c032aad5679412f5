#include "lint_set.h"

namespace titanlint {

std::string LintSet::key(std::string_view namespace_, std::string_view kind) {
  std::string k;
  k.reserve(namespace_.size() + kind.size() + 1);
  k.append(namespace_).push_back('\0');
  k.append(kind);
  return k;
}

void LintSet::add(const K8sObject& object) {
  objects_.push_back(&object);
  const std::string_view ns = namespace_of(object);
  by_kind_[key(ns, object.kind)].push_back(&object);
  by_namespace_[std::string(ns)].push_back(&object);
  if (schema::is_crd(object.api_version, object.kind)) {
    if (!crds_) crds_ = std::make_unique<schema::CrdCatalog>();
    crds_->add(*object.root);
  }
}

std::span<const K8sObject* const> LintSet::in_namespace(std::string_view namespace_) const {
  auto it = by_namespace_.find(std::string(namespace_));
  if (it == by_namespace_.end()) return {};
  return it->second;
}

std::span<const K8sObject* const> LintSet::by_kind(std::string_view namespace_,
                                                   std::string_view kind) const {
  auto it = by_kind_.find(key(namespace_, kind));
  if (it == by_kind_.end()) return {};
  return it->second;
}

const K8sObject* LintSet::find(std::string_view namespace_, std::string_view kind,
                               std::string_view name) const {
  for (const K8sObject* o : by_kind(namespace_, kind))
    if (o->name == name) return o;
  return nullptr;
}

}  // namespace titanlint
