// A valijson adapter over titanlint's document tree, so a custom check validates the loaded nodes
// themselves (no conversion to another JSON library per object or per check) and a failure's
// context path leads back to a node with its file position.
//
// Scalars have the types Kubernetes' decoder gives them (YAML 1.1: unquoted `yes` is a boolean).
// `PodView` mode models what Polaris validates for the PodSpec, PodTemplate and Container
// targets: Go structs marshalled to JSON, in which a resource quantity (`cpu: 1`) is a string.
#pragma once

#include <string>
#include <utility>

#include <nlohmann/json.hpp>
#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/internal/adapter.hpp>
#include <valijson/internal/basic_adapter.hpp>
#include <valijson/internal/frozen_value.hpp>

#include "node.h"

namespace titanlint::custom {

namespace opt = ::opt;

// How scalars below a node are typed: as written (Raw), or as Polaris sees a pod after its Go
// structs are marshalled: PodView, then Resources inside a `resources` mapping, then Quantity for
// the values of its `limits` and `requests`.
// PodTemplateRoot and PodSpecRoot mark where the pod spec is, so that its `securityContext` is
// seen as Kubernetes' PodSecurityContext, which has no container-only fields (a pod-level
// `privileged: true` is dropped by the decoder, and Polaris never sees it).
enum class ViewMode : std::uint8_t {
  Raw,
  PodView,
  Resources,
  Quantities,
  Quantity,
  PodTemplateRoot,
  PodSpecRoot,
  PodSecurityContext
};

inline ViewMode child_mode(ViewMode mode, std::string_view key) {
  switch (mode) {
    case ViewMode::Raw:
      return ViewMode::Raw;
    case ViewMode::PodView:
      return key == "resources" ? ViewMode::Resources : ViewMode::PodView;
    case ViewMode::Resources:
      return key == "limits" || key == "requests" ? ViewMode::Quantities : ViewMode::PodView;
    case ViewMode::Quantities:
      return ViewMode::Quantity;
    case ViewMode::Quantity:
    case ViewMode::PodSecurityContext:
      return ViewMode::PodView;
    case ViewMode::PodTemplateRoot:
      return key == "spec" ? ViewMode::PodSpecRoot : ViewMode::PodView;
    case ViewMode::PodSpecRoot:
      return key == "securityContext" ? ViewMode::PodSecurityContext : ViewMode::PodView;
  }
  return ViewMode::Raw;
}

// Whether a mapping entry is seen: in the pod views a null value is absent, as a Go struct field
// decoded from null and marshalled with omitempty (`add:` with no value is no `add`).
inline bool visible(const MapEntry& e, ViewMode mode) {
  if (mode == ViewMode::Raw) return true;
  if (e.value->is_null()) return false;
  if (mode == ViewMode::PodSecurityContext) {
    std::string_view k = e.key->text();
    return k != "privileged" && k != "allowPrivilegeEscalation" && k != "capabilities" &&
           k != "readOnlyRootFilesystem" && k != "procMount";
  }
  return true;
}

// The JSON value of a node (for valijson's frozen values: const/enum comparisons of a target).
nlohmann::json to_json(const Node& node, ViewMode mode);

class NodeAdapter;
class NodeArrayIterator;
class NodeObjectIterator;
using NodeObjectMember = std::pair<std::string, NodeAdapter>;

struct NodeRef {
  const Node* node;
  ViewMode mode;
};

class NodeArray {
 public:
  using const_iterator = NodeArrayIterator;
  using iterator = NodeArrayIterator;
  NodeArray() : ref_{nullptr, ViewMode::Raw} {}
  explicit NodeArray(NodeRef ref) : ref_(ref) {}
  NodeArrayIterator begin() const;
  NodeArrayIterator end() const;
  std::size_t size() const { return ref_.node ? ref_.node->items().size() : 0; }

 private:
  NodeRef ref_;
};

class NodeObject {
 public:
  using const_iterator = NodeObjectIterator;
  using iterator = NodeObjectIterator;
  NodeObject() : ref_{nullptr, ViewMode::Raw} {}
  explicit NodeObject(NodeRef ref) : ref_(ref) {}
  NodeObjectIterator begin() const;
  NodeObjectIterator end() const;
  NodeObjectIterator find(const std::string& name) const;
  std::size_t size() const { return visible_size(ref_); }
  static std::size_t visible_size(NodeRef ref) {
    if (!ref.node) return 0;
    if (ref.mode == ViewMode::Raw) return ref.node->entries().size();
    std::size_t n = 0;
    for (const MapEntry& e : ref.node->entries()) n += visible(e, ref.mode) ? 1 : 0;
    return n;
  }

 private:
  NodeRef ref_;
};

class NodeFrozenValue : public valijson::adapters::FrozenValue {
 public:
  explicit NodeFrozenValue(nlohmann::json value) : value_(std::move(value)) {}
  FrozenValue* clone() const override { return new NodeFrozenValue(value_); }
  bool equalTo(const valijson::adapters::Adapter& other, bool strict) const override {
    return valijson::adapters::NlohmannJsonAdapter(value_).equalTo(other, strict);
  }

 private:
  nlohmann::json value_;
};

class NodeValue {
 public:
  NodeValue() : ref_{nullptr, ViewMode::Raw} {}
  explicit NodeValue(NodeRef ref) : ref_(ref) {}

  valijson::adapters::FrozenValue* freeze() const {
    return new NodeFrozenValue(ref_.node ? to_json(*ref_.node, ref_.mode) : nlohmann::json());
  }
  opt::optional<NodeArray> getArrayOptional() const {
    if (isArray()) return opt::make_optional(NodeArray(ref_));
    return {};
  }
  bool getArraySize(std::size_t& result) const {
    if (!isArray()) return false;
    result = ref_.node->items().size();
    return true;
  }
  bool getBool(bool& result) const {
    if (!isBool()) return false;
    result = ref_.node->as_bool().value_or(false);
    return true;
  }
  bool getDouble(double& result) const {
    if (!isDouble()) return false;
    result = ref_.node->as_number().value_or(0);
    return true;
  }
  bool getInteger(std::int64_t& result) const {
    if (!isInteger()) return false;
    result = *ref_.node->as_int();
    return true;
  }
  opt::optional<NodeObject> getObjectOptional() const {
    if (isObject()) return opt::make_optional(NodeObject(ref_));
    return {};
  }
  bool getObjectSize(std::size_t& result) const {
    if (!isObject()) return false;
    result = NodeObject::visible_size(ref_);
    return true;
  }
  bool getString(std::string& result) const {
    if (!isString()) return false;
    result = std::string(ref_.node->text());
    return true;
  }
  static bool hasStrictTypes() { return true; }
  bool isArray() const { return ref_.node && ref_.node->is_sequence(); }
  bool isObject() const { return ref_.node && ref_.node->is_mapping(); }
  bool isNull() const { return !ref_.node || ref_.node->is_null(); }
  bool isBool() const { return scalar_type() == ScalarType::Bool; }
  bool isInteger() const {
    return scalar_type() == ScalarType::Int && ref_.node->as_int().has_value();
  }
  bool isDouble() const {
    ScalarType t = scalar_type();
    return (t == ScalarType::Float && ref_.node->as_number().has_value()) ||
           (t == ScalarType::Int && !ref_.node->as_int().has_value());
  }
  bool isNumber() const { return isInteger() || isDouble(); }
  bool isString() const {
    if (!ref_.node || !ref_.node->is_scalar()) return false;
    if (ref_.mode == ViewMode::Quantity && !ref_.node->is_null()) return true;
    return ref_.node->type == ScalarType::String ||
           (ref_.node->type == ScalarType::Float && !ref_.node->as_number().has_value());
  }

 private:
  // The scalar's type as seen in this view (a quantity is always a string); Null for a
  // collection, so that no number or boolean test matches it.
  ScalarType scalar_type() const {
    if (!ref_.node || !ref_.node->is_scalar()) return ScalarType::Null;
    if (ref_.mode == ViewMode::Quantity && !ref_.node->is_null()) return ScalarType::String;
    return ref_.node->type;
  }
  NodeRef ref_;
};

class NodeAdapter
    : public valijson::adapters::BasicAdapter<NodeAdapter, NodeArray, NodeObjectMember, NodeObject,
                                              NodeValue> {
 public:
  NodeAdapter() : BasicAdapter() {}
  explicit NodeAdapter(NodeRef ref) : BasicAdapter(NodeValue(ref)) {}
  NodeAdapter(const Node& node, ViewMode mode) : BasicAdapter(NodeValue(NodeRef{&node, mode})) {}
};

class NodeArrayIterator {
 public:
  using iterator_category = std::forward_iterator_tag;
  using value_type = NodeAdapter;
  using difference_type = NodeAdapter;
  using pointer = NodeAdapter*;
  using reference = NodeAdapter&;
  NodeArrayIterator(const Node* const* it, ViewMode mode) : it_(it), mode_(mode) {}
  NodeAdapter operator*() const { return NodeAdapter(NodeRef{*it_, mode_}); }
  valijson::adapters::DerefProxy<NodeAdapter> operator->() const {
    return valijson::adapters::DerefProxy<NodeAdapter>(**this);
  }
  bool operator==(const NodeArrayIterator& o) const { return it_ == o.it_; }
  bool operator!=(const NodeArrayIterator& o) const { return it_ != o.it_; }
  const NodeArrayIterator& operator++() {
    ++it_;
    return *this;
  }
  NodeArrayIterator operator++(int) {
    NodeArrayIterator pre = *this;
    ++it_;
    return pre;
  }
  const NodeArrayIterator& operator--() {
    --it_;
    return *this;
  }
  void advance(std::ptrdiff_t n) { it_ += n; }

 private:
  const Node* const* it_;
  ViewMode mode_;
};

class NodeObjectIterator {
 public:
  using iterator_category = std::forward_iterator_tag;
  using value_type = NodeObjectMember;
  using difference_type = NodeObjectMember;
  using pointer = NodeObjectMember*;
  using reference = NodeObjectMember&;
  NodeObjectIterator(const MapEntry* it, const MapEntry* end, ViewMode mode)
      : it_(it), end_(end), mode_(mode) {
    skip();
  }
  NodeObjectMember operator*() const {
    std::string_view key = it_->key->text();
    return NodeObjectMember(std::string(key),
                            NodeAdapter(NodeRef{it_->value, child_mode(mode_, key)}));
  }
  valijson::adapters::DerefProxy<NodeObjectMember> operator->() const {
    return valijson::adapters::DerefProxy<NodeObjectMember>(**this);
  }
  bool operator==(const NodeObjectIterator& o) const { return it_ == o.it_; }
  bool operator!=(const NodeObjectIterator& o) const { return it_ != o.it_; }
  const NodeObjectIterator& operator++() {
    ++it_;
    skip();
    return *this;
  }
  NodeObjectIterator operator++(int) {
    NodeObjectIterator pre = *this;
    ++*this;
    return pre;
  }

 private:
  void skip() {
    while (it_ != end_ && !visible(*it_, mode_)) ++it_;
  }
  const MapEntry* it_;
  const MapEntry* end_;
  ViewMode mode_;
};

inline NodeArrayIterator NodeArray::begin() const {
  return {ref_.node ? ref_.node->items().data() : nullptr, ref_.mode};
}
inline NodeArrayIterator NodeArray::end() const {
  return {ref_.node ? ref_.node->items().data() + ref_.node->items().size() : nullptr, ref_.mode};
}
inline NodeObjectIterator NodeObject::begin() const {
  if (!ref_.node) return {nullptr, nullptr, ref_.mode};
  auto entries = ref_.node->entries();
  return {entries.data(), entries.data() + entries.size(), ref_.mode};
}
inline NodeObjectIterator NodeObject::end() const {
  if (!ref_.node) return {nullptr, nullptr, ref_.mode};
  auto entries = ref_.node->entries();
  return {entries.data() + entries.size(), entries.data() + entries.size(), ref_.mode};
}
inline NodeObjectIterator NodeObject::find(const std::string& name) const {
  // The last occurrence wins, as when the API server decodes the object.
  const MapEntry* found = nullptr;
  if (ref_.node)
    for (const MapEntry& e : ref_.node->entries())
      if (same_text(e.key->text(), name)) found = &e;
  if (!found || !visible(*found, ref_.mode)) return end();
  auto entries = ref_.node->entries();
  return NodeObjectIterator(found, entries.data() + entries.size(), ref_.mode);
}

}  // namespace titanlint::custom

namespace valijson::adapters {
template <>
struct AdapterTraits<titanlint::custom::NodeAdapter> {
  using DocumentType = titanlint::Node;
  static std::string adapterName() { return "titanlint::NodeAdapter"; }
};
}  // namespace valijson::adapters
