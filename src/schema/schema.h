// The Kubernetes OpenAPI schema compiled for validation: per (group, version, kind) a graph of
// types with their properties, required fields, enums and list-map keys.
//
// The shipped document (schemas/kubernetes-1.36-swagger.json, embedded in the binary) is parsed
// with simdjson and compiled once, at first use, by Schema::builtin(); docs/schema.md has the
// measurements behind that choice. The graph is immutable afterwards and shared by every thread.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace titanlint::schema {

// The Kubernetes version of the shipped document (the one `kubernetesVersion` may name).
inline constexpr std::string_view kShippedVersion = "1.36";
// How a schema rule's doc references start (the page then names the schema version).
inline constexpr std::string_view kDocReference = "docs/schema.md";

enum class Type : std::uint8_t {
  Any,  // no type (apiextensions JSON): anything goes
  String,
  Integer,  // format int32 / int64
  Number,
  Boolean,
  Object,  // properties, and/or additionalProperties (a map)
  Array,
  IntOrString,  // format int-or-string (intstr.IntOrString)
  Quantity,     // resource.Quantity: a number or a string the quantity parser accepts
};

std::string_view to_string(Type type);

// The type an OpenAPI `type` word names, with `has_properties` making an untyped schema an
// object (both the swagger document and a CRD's openAPIV3Schema are read this way); Any for no
// type or an unknown word.
Type type_of_word(std::string_view type, bool has_properties);

struct TypeNode;

struct Property {
  std::string name;
  const TypeNode* type = nullptr;
};

struct TypeNode {
  Type type = Type::Any;
  // The definition's short name for messages ("Container"); for an inline schema, the name of
  // the definition and property it was written in ("Container.ports").
  std::string name;
  // Integer: int32 bounds the value.
  bool int32 = false;
  // Object: sorted by name. Empty with no `additional`: a free-form object (keys not judged).
  std::vector<Property> properties;
  const TypeNode* additional = nullptr;  // additionalProperties: a map's value type
  std::vector<std::string> required;
  bool preserve_unknown = false;  // x-kubernetes-preserve-unknown-fields
  // Array.
  const TypeNode* items = nullptr;
  // The keys the API server merges the list's entries by: x-kubernetes-list-map-keys when the
  // list type is `map`, else x-kubernetes-patch-merge-key. Empty: not merged by key.
  std::vector<std::string> merge_keys;
  // String: the values the API server accepts (empty: any).
  std::vector<std::string> enum_values;

  const TypeNode* property(std::string_view name) const;
  bool free_form() const { return properties.empty() && !additional; }
};

struct GroupVersionKind {
  std::string group;  // "" for the core group
  std::string version;
  std::string kind;
  // Named by a definition that lists many kinds (DeleteOptions, WatchEvent: in every group):
  // found by find(), but not what makes a group known or a kind a suggestion.
  bool shared = false;
};

class Schema {
 public:
  // The shipped Kubernetes schema, compiled on first use (thread-safe). Never fails: the
  // embedded document is tested.
  static const Schema& builtin();

  // Compiles an OpenAPI v2 document (`definitions` with x-kubernetes-group-version-kind). Throws
  // std::runtime_error naming the problem when it does not parse.
  static Schema compile_swagger(std::string_view json);

  // The root type of an object, or null when the schema does not know the kind.
  const TypeNode* find(std::string_view group, std::string_view version,
                       std::string_view kind) const;
  // Whether `group` is one the schema serves (a built-in group).
  bool knows_group(std::string_view group) const;
  // The versions of `group` that serve `kind`, and the kinds `group`/`version` serves.
  std::vector<std::string> versions_of(std::string_view group, std::string_view kind) const;
  std::vector<std::string> kinds_of(std::string_view group, std::string_view version) const;
  std::size_t kind_count() const { return kinds_.size(); }
  std::size_t type_count() const { return nodes_.size(); }

 private:
  friend class Compiler;
  std::deque<TypeNode> nodes_;
  // "group/version/kind" -> root type.
  std::map<std::string, const TypeNode*, std::less<>> kinds_;
  std::vector<GroupVersionKind> gvks_;
  std::vector<std::string> groups_;  // sorted
};

// The embedded document's bytes (src/schema/embedded.cpp).
std::string_view embedded_swagger();

// Damerau-Levenshtein (optimal string alignment) distance, for "did you mean".
std::size_t edit_distance(std::string_view a, std::string_view b);
// The candidate closest to `word` when it is close enough to be a likely typo (distance at most
// 2, and less than a third of the word's length; or equal ignoring case); empty otherwise.
std::string_view closest(std::string_view word, const std::vector<std::string_view>& candidates);

}  // namespace titanlint::schema
