// Custom resources' schemas, from their CustomResourceDefinitions: the CRDs of a lint run, or
// of `--schema-dir` / `schemaDirs:` (docs/schema.md, "Custom resources").
//
// A CRD is indexed when it is added (group, kind, versions, served) and each version's
// `openAPIV3Schema` is compiled into the same TypeNode graph as the built-in schema the first
// time an object of that version is checked: a repository that holds a hundred CRDs but custom
// resources of two pays for two. Compiling is thread-safe (rules check files on several
// threads) and bounded: a hostile schema (deep nesting, a huge enum, 100,000 properties, an
// alias bomb) costs bounded time and memory and judges less, never more.
#pragma once

#include <cstddef>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "node.h"
#include "schema/schema.h"

namespace titanlint::schema {

// Bounds of the schema compiler (tests/crd_schema_test.cpp builds schemas past each).
inline constexpr std::size_t kMaxCrdSchemaDepth = 64;       // nested schemas; deeper: anything
inline constexpr std::size_t kMaxCrdSchemaNodes = 100'000;  // per version; past it: anything
inline constexpr std::size_t kMaxCrdEnumValues = 1'024;     // a longer enum is not judged
inline constexpr std::size_t kMaxCrdProperties = 4'096;     // more: the keys are not judged

// Whether an apiVersion/kind is a CustomResourceDefinition (apiextensions.k8s.io v1 or v1beta1).
bool is_crd(std::string_view api_version, std::string_view kind);

struct CrdVersion {
  std::string name;
  bool served = true;
};

// One CRD's kind: its group, kind and versions in the order the CRD lists them.
struct CrdKind {
  std::string group;
  std::string kind;
  std::string crd_name;  // metadata.name, for messages
  std::vector<CrdVersion> versions;
  const CrdVersion* version(std::string_view name) const;
};

class CrdCatalog {
 public:
  CrdCatalog() = default;
  CrdCatalog(const CrdCatalog&) = delete;
  CrdCatalog& operator=(const CrdCatalog&) = delete;

  // Indexes the CRD whose object mapping is `root`; the tree must outlive the catalog (keep()
  // holds what it lives in, when the caller does not). False when `root` is no CRD of
  // apiextensions.k8s.io, or has no spec.group or spec.names.kind. A second CRD for a
  // group/kind already indexed is ignored: the first one wins (docs/schema.md).
  bool add(const Node& root);
  // Keeps `owner` (a loaded file) alive as long as the catalog.
  void keep(std::shared_ptr<const void> owner) { owners_.push_back(std::move(owner)); }

  // The kind `group`/`kind` defines, or null.
  const CrdKind* kind(std::string_view group, std::string_view kind) const;
  // The root type of a custom resource of that group/version/kind: compiled on first use. Null
  // when no CRD defines it, the version is not served, or the version has no schema.
  const TypeNode* find(std::string_view group, std::string_view version,
                       std::string_view kind) const;
  bool knows_group(std::string_view group) const;
  // The kinds `group` defines (for "did you mean").
  std::vector<std::string> kinds_of(std::string_view group) const;
  std::size_t size() const { return kinds_.size(); }
  // TypeNodes compiled so far (the tests bound hostile schemas by it).
  std::size_t type_count() const;

 private:
  struct Version {
    const Node* schema = nullptr;  // openAPIV3Schema, or null
    std::once_flag once;
    const TypeNode* type = nullptr;
  };
  struct Entry {
    CrdKind kind;
    std::vector<Version*> versions;  // parallel to kind.versions
  };
  const Entry* entry(std::string_view group, std::string_view kind) const;

  std::vector<Entry> kinds_;
  std::deque<Version> versions_;  // stable addresses: Entry points into it
  mutable std::mutex mutex_;      // guards nodes_ while a version compiles
  mutable std::deque<TypeNode> nodes_;
  std::vector<std::shared_ptr<const void>> owners_;
};

}  // namespace titanlint::schema
