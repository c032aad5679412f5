// The document tree every rule reads: immutable, arena-allocated, with 1-based source positions.
//
// Both loaders (libyaml for YAML, simdjson for JSON) build this same tree, so a rule never knows
// where an object came from. Nodes are never modified after the loader returns them.
#pragma once

#include <cstdint>
#include <cstring>
#include <memory_resource>
#include <optional>
#include <span>
#include <string_view>

namespace titanlint {

enum class NodeKind : std::uint8_t { Scalar, Mapping, Sequence };

// How a scalar resolves, the way Kubernetes' YAML decoder (go-yaml, YAML 1.1 rules) resolves it:
// unquoted `yes`/`on` are booleans, `~` and an empty value are null, quoted text is always a
// string.
enum class ScalarType : std::uint8_t { Null, Bool, Int, Float, String };

enum class ScalarStyle : std::uint8_t { Plain, SingleQuoted, DoubleQuoted, Literal, Folded };

struct Node;

struct MapEntry {
  const Node* key;
  const Node* value;
};

struct Node {
  NodeKind kind = NodeKind::Scalar;
  ScalarType type = ScalarType::Null;
  ScalarStyle style = ScalarStyle::Plain;
  std::uint32_t line = 0;    // 1-based
  std::uint32_t column = 0;  // 1-based, in characters
  // The node this one was first attached to (aliases share nodes, so a node may be reachable from
  // several places; the field path always names the first). Null for a document root.
  const Node* parent = nullptr;
  std::uint32_t index_in_parent = 0;  // entry index in a mapping, item index in a sequence
  // Number of nodes this subtree would have if every alias were expanded (saturating).
  std::uint64_t expanded_size = 1;
  std::string_view text;  // scalars: the value after unescaping
  std::span<const MapEntry> entries;
  std::span<const Node* const> items;

  bool is_scalar() const { return kind == NodeKind::Scalar; }
  bool is_mapping() const { return kind == NodeKind::Mapping; }
  bool is_sequence() const { return kind == NodeKind::Sequence; }
  bool is_null() const { return kind == NodeKind::Scalar && type == ScalarType::Null; }
  bool is_string() const { return kind == NodeKind::Scalar && type == ScalarType::String; }

  // Mapping lookup by key; the last occurrence wins, as when the API server decodes the object.
  const Node* get(std::string_view key) const;
  // Nested mapping lookup: node.at({"spec", "template", "spec"}); null when any step is missing.
  const Node* at(std::initializer_list<std::string_view> keys) const;
  // The mapping entry of `key` (for pointing at the key rather than the value).
  const MapEntry* entry(std::string_view key) const;

  // Scalar conversions. Integers accept the forms Kubernetes accepts for int fields.
  std::optional<std::int64_t> as_int() const;
  std::optional<bool> as_bool() const;
  std::optional<double> as_number() const;
  // The scalar text for string-ish use (any scalar type); empty for collections.
  std::string_view str() const { return kind == NodeKind::Scalar ? text : std::string_view{}; }
};

// Whether two texts are equal, comparing length and first byte inline before memcmp. Key
// lookups and duplicate-key checks are the hottest loops of loading and linting, and almost every
// candidate key differs from the wanted one in length or first byte. (An inline byte loop for
// the remaining bytes measured slower than the call to memcmp.)
inline bool same_text(std::string_view a, std::string_view b) {
  return a.size() == b.size() &&
         (a.empty() ||
          (a.front() == b.front() && std::memcmp(a.data() + 1, b.data() + 1, a.size() - 1) == 0));
}

// Resolves a plain scalar's type by YAML 1.1 rules as go-yaml v2 (used by sigs.k8s.io/yaml) does.
ScalarType resolve_plain_scalar(std::string_view text);

// Owns the memory of one loaded file: nodes and the strings they point to.
class Arena {
 public:
  explicit Arena(std::size_t initial_bytes = 64 * 1024) : resource_(initial_bytes) {}
  Arena(const Arena&) = delete;
  Arena& operator=(const Arena&) = delete;

  Node* new_node() { return new (resource_.allocate(sizeof(Node), alignof(Node))) Node{}; }
  std::string_view copy(std::string_view s);
  template <typename T>
  std::span<const T> copy(std::span<const T> items) {
    if (items.empty()) return {};
    auto* out = static_cast<T*>(resource_.allocate(items.size() * sizeof(T), alignof(T)));
    for (std::size_t i = 0; i < items.size(); ++i) new (out + i) T(items[i]);
    return {out, items.size()};
  }

 private:
  std::pmr::monotonic_buffer_resource resource_;
};

}  // namespace titanlint
