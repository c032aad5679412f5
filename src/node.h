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

// 32 bytes: a 2,000-document corpus has about 200,000 nodes, and the tree of every file of a run
// is held at once (cross-resource rules look at any object). A scalar's text, a mapping's entries
// and a sequence's items share one pointer and one 32-bit count; the accessors return an empty
// view for the other kinds, so a rule can iterate `entries()` of any node.
struct Node {
  NodeKind kind = NodeKind::Scalar;
  ScalarType type = ScalarType::Null;
  ScalarStyle style = ScalarStyle::Plain;
  std::uint32_t line = 0;    // 1-based
  std::uint32_t column = 0;  // 1-based, in characters

 private:
  std::uint32_t size_ = 0;  // text bytes, entries or items

 public:
  // The node this one was first attached to (aliases share nodes, so a node may be reachable from
  // several places; the field path always names the first). Null for a document root.
  const Node* parent = nullptr;

  // Scalars: the value after unescaping; empty for collections.
  std::string_view text() const {
    return kind == NodeKind::Scalar ? std::string_view(static_cast<const char*>(data_), size_)
                                    : std::string_view{};
  }
  // Mappings: the entries in source order (merge keys applied); empty for other kinds.
  std::span<const MapEntry> entries() const {
    if (kind != NodeKind::Mapping) return {};
    return {static_cast<const MapEntry*>(data_), size_};
  }
  // Sequences: the items; empty for other kinds.
  std::span<const Node* const> items() const {
    if (kind != NodeKind::Sequence) return {};
    return {static_cast<const Node* const*>(data_), size_};
  }

  // For the loaders, which build the tree; the text, entries or items must outlive the node (the
  // arena or the source text). At most 2^32 - 1 bytes or children (limits.maxFileBytes is
  // bounded below that).
  void set_text(std::string_view text) { set(text.data(), text.size()); }
  void set_entries(std::span<const MapEntry> entries) { set(entries.data(), entries.size()); }
  void set_items(std::span<const Node* const> items) { set(items.data(), items.size()); }

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
  // This node's place in its parent: the item index in a sequence, the entry index in a mapping
  // (as key or value). Found by a scan of the parent (field paths are built only for findings
  // that are printed). 0 for a root.
  std::size_t index_in_parent() const;

  // Scalar conversions. Integers accept the forms Kubernetes accepts for int fields. A float
  // converts only when finite: `.inf` and `.nan` are no number (TL005 reports them).
  std::optional<std::int64_t> as_int() const;
  std::optional<bool> as_bool() const;
  std::optional<double> as_number() const;
  // An unquoted `.inf`, `-.inf` or `.nan`: a YAML float that JSON, and so kubectl, cannot carry.
  bool is_non_finite() const;
  // The scalar text for string-ish use (any scalar type); empty for collections.
  std::string_view str() const { return text(); }

 private:
  void set(const void* data, std::size_t size) {
    data_ = data;
    size_ = static_cast<std::uint32_t>(size);
  }
  const void* data_ = nullptr;
};
static_assert(sizeof(Node) == 32, "the tree's memory is budgeted at 32 bytes a node");

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
