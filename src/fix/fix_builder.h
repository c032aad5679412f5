// Builds a finding's fix from the document tree: rules say what to set, insert or replace, and
// the builder finds the bytes and writes the new text in the surrounding style (block YAML with
// the file's indentation, flow YAML, or JSON), keeping every comment and every other byte.
//
// Whatever the builder cannot place exactly (a node reached through an alias, which would edit
// every object sharing it; a multi-line plain scalar; a block scalar; a helm stream) makes the
// whole fix unavailable rather than a guess: take() then returns nothing.
#pragma once

#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include <memory>
#include <vector>

#include "document.h"
#include "fix/fix.h"
#include "fix/fix_value.h"
#include "k8s_object.h"
#include "node.h"
#include "source_file.h"

namespace titanlint {

// What the builder knows about one file: its text and how it is written.
struct FixSource {
  const SourceFile* source = nullptr;
  bool json = false;
  // Nodes an alias refers to, sorted (LoadedFile::alias_targets): never edited.
  std::span<const Node* const> alias_targets;
  std::string newline = "\n";  // the file's first line break
  // Block YAML: how far a nested mapping's keys are indented from their parent key, and how far
  // a sequence's `-` is from its key (0 for `key:\n- item`).
  std::uint32_t map_indent = 2;
  std::uint32_t sequence_indent = 2;
};

// The file's style, read from its text and its documents.
FixSource describe_fix_source(const LoadedFile& file);

// A file's FixSource, described on first use: most files of a run get no fix, and describing
// one walks its tree. One per input, used by the thread that checks the input.
class LazyFixSource {
 public:
  explicit LazyFixSource(const LoadedFile& file) : file_(file) {}
  const FixSource& get() {
    if (!source_) source_ = describe_fix_source(file_);
    return *source_;
  }

 private:
  const LoadedFile& file_;
  std::optional<FixSource> source_;
};

// Whether an object's text can be edited: it came from a file (not an AdmissionReview) and is
// shown where it is (not a helm stream's object shown in its template).
bool fixable(const K8sObject& object);

class FixBuilder {
 public:
  // Edits go to `home` (the file of the finding's object) until on() names another object.
  explicit FixBuilder(const FixSource& home) : source_(&home) {}

  // The next edits are in `object`'s file (a cross-resource fix); gives up when that file
  // cannot be edited.
  void on(const K8sObject& object);

  void describe(std::string description) { fix_.description = std::move(description); }
  void mark_sensitive() { fix_.sensitive = true; }

  // Sets `path` under `mapping` to `value`: keys that exist are followed, a scalar at the end of
  // the path is replaced, and the first missing key is inserted with the rest of the path
  // nested under it.
  void set(const Node& mapping, std::initializer_list<std::string_view> path, FixValue value);
  // Replaces a scalar (its whole token, quotes included) with `value`.
  void replace(const Node& scalar, const FixValue& value);
  // Replaces a string scalar's text, keeping its quoting style.
  void replace_string(const Node& scalar, std::string_view text);
  // Adds `value` to a sequence (after its last item; at the front of a flow sequence).
  void append(const Node& sequence, const FixValue& value);
  // Replaces the entry `key` of `mapping` (key and value) with `new_key: value`.
  void replace_entry(const Node& mapping, std::string_view key, std::string_view new_key,
                     const FixValue& value);
  // The fix cannot be made exactly: take() returns nothing.
  void give_up() { failed_ = true; }

  // The fix, edits sorted; nothing when an edit could not be placed or none was made.
  std::optional<Fix> take();

 private:
  void insert_entry(const Node& mapping, std::string_view key, const FixValue& value);
  void add_edit(std::size_t offset, std::size_t length, std::string text);
  bool editable(const Node& node) const;
  std::optional<std::size_t> offset_of(const Node& node) const;
  std::optional<std::size_t> scalar_end(const Node& scalar, std::size_t start) const;
  bool is_flow(std::size_t offset) const;
  // The offset of the bracket closing the flow collection opened at `open`.
  std::optional<std::size_t> flow_close(std::size_t open) const;
  // Writes `member` into the flow collection opened at `open` whose first member is at `first`;
  // `gap` separates members (a space, or a line break and the members' indentation).
  void add_flow_member(std::size_t open, std::size_t first, const std::string& member,
                       const std::string& gap);
  // Where new text goes after a block collection whose last node is on line `last` and whose
  // keys (or `-`) are at `column`: the offset, and the line break to write first when the file
  // does not end with one; npos when the collection's end cannot be placed (a flow collection
  // that goes on left of `column`).
  std::pair<std::size_t, std::string> block_insertion(std::uint32_t last, std::uint32_t column,
                                                      bool sequence) const;
  // The block style around `node`: the indentation its own mapping (or the nearest ancestor)
  // uses for nested mappings and sequences, else the file's.
  FixSource local_style(const Node& node) const;

  const FixSource* source_;
  std::vector<std::unique_ptr<FixSource>> other_sources_;  // files named by on()
  Fix fix_;
  bool failed_ = false;
};

// The value of a subtree as a FixValue (a probe copied into another field). Scalars keep their
// resolved type; their text is kept verbatim.
FixValue fix_value_of(const Node& node);

}  // namespace titanlint
