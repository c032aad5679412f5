// All objects of one run (every file and stdin), indexed by namespace and kind, so rules that
// need another object (an HPA for a Deployment, a Service for a StatefulSet) look it up instead
// of scanning everything.
#pragma once

#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "k8s_object.h"
#include "schema/crd.h"

namespace titanlint {

class LintSet {
 public:
  // `schema_dir_crds`: the CRDs of --schema-dir / schemaDirs: (null when none).
  LintSet(std::string default_namespace, bool partial,
          std::shared_ptr<const schema::CrdCatalog> schema_dir_crds = nullptr)
      : default_namespace_(std::move(default_namespace)),
        partial_(partial),
        schema_dir_crds_(std::move(schema_dir_crds)) {}
  LintSet(const LintSet&) = delete;
  LintSet(LintSet&&) = default;
  LintSet& operator=(const LintSet&) = delete;

  // Indexes an object, which must outlive the set (the run's inputs own their objects). A
  // CustomResourceDefinition is also indexed for the schema rules (crds()).
  void add(const K8sObject& object);

  // Every object, in the order added (input order, then document order).
  const std::vector<const K8sObject*>& objects() const { return objects_; }
  // Objects of a kind in a namespace (effective namespace: absent = the default namespace).
  std::span<const K8sObject* const> by_kind(std::string_view namespace_,
                                            std::string_view kind) const;
  // Every object of a namespace, in the order added.
  std::span<const K8sObject* const> in_namespace(std::string_view namespace_) const;
  const K8sObject* find(std::string_view namespace_, std::string_view kind,
                        std::string_view name) const;

  std::string_view default_namespace() const { return default_namespace_; }
  std::string_view namespace_of(const K8sObject& object) const {
    return object.effective_namespace(default_namespace_);
  }
  // The set is known to be incomplete (--partial): rules must not infer that an object is absent.
  bool partial() const { return partial_; }

  // The CustomResourceDefinitions of the run (null when it has none), and of --schema-dir:
  // custom resources are validated against the first that defines their group/kind, the run's
  // own before the directories' (docs/schema.md).
  const schema::CrdCatalog* crds() const { return crds_.get(); }
  const schema::CrdCatalog* schema_dir_crds() const { return schema_dir_crds_.get(); }

 private:
  static std::string key(std::string_view namespace_, std::string_view kind);

  std::string default_namespace_;
  bool partial_;
  std::vector<const K8sObject*> objects_;
  std::unordered_map<std::string, std::vector<const K8sObject*>> by_kind_;
  std::unordered_map<std::string, std::vector<const K8sObject*>> by_namespace_;
  std::unique_ptr<schema::CrdCatalog> crds_;
  std::shared_ptr<const schema::CrdCatalog> schema_dir_crds_;
};

}  // namespace titanlint
