#include "schema/crd.h"

#include <algorithm>

#include "schema/crd_compile.h"

namespace titanlint::schema {

bool is_crd(std::string_view api_version, std::string_view kind) {
  return kind == "CustomResourceDefinition" && (api_version == "apiextensions.k8s.io/v1" ||
                                                api_version == "apiextensions.k8s.io/v1beta1");
}

const CrdVersion* CrdKind::version(std::string_view name) const {
  for (const CrdVersion& v : versions)
    if (v.name == name) return &v;
  return nullptr;
}

bool CrdCatalog::add(const Node& root) {
  const Node* api_version = root.get("apiVersion");
  const Node* kind = root.get("kind");
  if (!api_version || !kind || !is_crd(api_version->text(), kind->text())) return false;
  const Node* spec = root.get("spec");
  if (!spec) return false;
  const Node* group = spec->get("group");
  const Node* kind_name = spec->at({"names", "kind"});
  if (!group || !kind_name || !group->is_scalar() || !kind_name->is_scalar() ||
      group->text().empty() || kind_name->text().empty())
    return false;
  if (entry(group->text(), kind_name->text())) return true;  // the first CRD wins

  Entry e;
  e.kind.group = std::string(group->text());
  e.kind.kind = std::string(kind_name->text());
  if (const Node* name = root.at({"metadata", "name"})) e.kind.crd_name = std::string(name->text());
  // v1beta1 (removed in Kubernetes 1.22, still in many repositories): one schema for every
  // version in spec.validation, and spec.version when spec.versions is absent.
  const Node* common = spec->at({"validation", "openAPIV3Schema"});
  auto add_version = [&](std::string_view name, bool served, const Node* schema) {
    if (name.empty() || e.kind.version(name)) return;
    e.kind.versions.push_back({std::string(name), served});
    Version& v = versions_.emplace_back();
    v.schema = schema && schema->is_mapping() ? schema : common;
    e.versions.push_back(&v);
  };
  if (const Node* versions = spec->get("versions"); versions && versions->is_sequence()) {
    for (const Node* v : versions->items()) {
      const Node* name = v->get("name");
      if (!name || !name->is_scalar()) continue;
      const Node* served = v->get("served");
      // `served` is required in v1; a CRD that leaves it out is taken as serving the version
      // (a finding about an absent flag would be the CRD's, not the custom resource's).
      add_version(name->text(), !served || served->as_bool().value_or(true),
                  v->at({"schema", "openAPIV3Schema"}));
    }
  } else if (const Node* version = spec->get("version"); version && version->is_scalar()) {
    add_version(version->text(), true, nullptr);
  }
  kinds_.push_back(std::move(e));
  return true;
}

const CrdCatalog::Entry* CrdCatalog::entry(std::string_view group, std::string_view kind) const {
  for (const Entry& e : kinds_)
    if (e.kind.kind == kind && e.kind.group == group) return &e;
  return nullptr;
}

const CrdKind* CrdCatalog::kind(std::string_view group, std::string_view kind) const {
  const Entry* e = entry(group, kind);
  return e ? &e->kind : nullptr;
}

const TypeNode* CrdCatalog::find(std::string_view group, std::string_view version,
                                 std::string_view kind) const {
  const Entry* e = entry(group, kind);
  if (!e) return nullptr;
  for (std::size_t i = 0; i < e->kind.versions.size(); ++i) {
    if (e->kind.versions[i].name != version) continue;
    if (!e->kind.versions[i].served) return nullptr;
    Version& v = *e->versions[i];
    std::call_once(v.once, [&] {
      if (!v.schema) return;
      std::lock_guard lock(mutex_);
      v.type = compile_crd_schema(*v.schema, e->kind.kind, nodes_);
    });
    return v.type;
  }
  return nullptr;
}

bool CrdCatalog::knows_group(std::string_view group) const {
  return std::any_of(kinds_.begin(), kinds_.end(),
                     [&](const Entry& e) { return e.kind.group == group; });
}

std::vector<std::string> CrdCatalog::kinds_of(std::string_view group) const {
  std::vector<std::string> out;
  for (const Entry& e : kinds_)
    if (e.kind.group == group) out.push_back(e.kind.kind);
  return out;
}

std::size_t CrdCatalog::type_count() const {
  std::lock_guard lock(mutex_);
  return nodes_.size();
}

}  // namespace titanlint::schema
