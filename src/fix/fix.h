// A fix: the text edits that resolve one finding, computed from the document tree so that every
// byte outside the edited ranges (comments, layout, other documents) stays as it was.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace titanlint {

// Replaces `length` bytes at `offset` of the source text with `text` (an insertion when
// `length` is 0).
struct TextEdit {
  std::size_t offset = 0;
  std::size_t length = 0;
  std::string text;

  std::size_t end() const { return offset + length; }
};

class SourceFile;
struct Position;

// The edits of a fix in one file.
struct FileEdits {
  const SourceFile* source = nullptr;
  std::vector<TextEdit> edits;  // sorted by offset, none overlapping
};

struct Fix {
  std::string description;  // "add a preStop hook that sleeps 10s"
  // Usually one file; a cross-resource fix may edit the other object's file (TL904 edits the
  // Service a StatefulSet names).
  std::vector<FileEdits> files;
  // The edits replace a secret value (TL3xx): `replaced` holds the source text of what they
  // remove, which a diff masks.
  bool sensitive = false;
  std::vector<std::string> replaced;
};

// Whether two edits touch the same bytes. Two edits at one offset overlap too (their order would
// be a guess); an edit that starts where another ends does not.
bool edits_overlap(const TextEdit& a, const TextEdit& b);

// Whether two edits make the same change.
bool same_edit(const TextEdit& a, const TextEdit& b);

// Whether two edits can both be applied though they are at one offset: the same edit twice (two
// findings asking for one change), or two block insertions of whole lines at one line start that
// add different things (a container's `lifecycle` and the Deployment's `strategy`, where both
// blocks end). `text` is the text the edits are for.
bool edits_combine(const TextEdit& a, const TextEdit& b, std::string_view text);

// Sorts edits for apply_edits: by offset and, at one offset, block insertions deeper first (a
// container's new key before its Deployment's, which closes the container's block), sequence
// items before mapping keys of their column; otherwise in the order given. Drops repeated edits.
void order_edits(std::vector<TextEdit>& edits);

// Where an edit's offset is, as a line and a character column (SARIF regions, the json format):
// the end of a text that ends with a line break is the start of the line after it.
Position edit_position(const SourceFile& source, std::size_t offset);

// The text with the edits applied. The edits must be in order_edits' order and must not overlap
// but where edits_combine allows it.
std::string apply_edits(std::string_view text, std::span<const TextEdit> edits);

}  // namespace titanlint
