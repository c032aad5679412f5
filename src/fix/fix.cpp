#include "fix/fix.h"

#include <algorithm>
#include <optional>

#include "source_file.h"

namespace titanlint {
namespace {

// What a block insertion adds: whole lines at a line start (or at the end of a text without a
// final line break, after one), the first at `column`, a mapping key or a sequence item.
struct LineInsertion {
  std::size_t column = 0;
  bool item = false;
  std::string_view key;  // of a mapping entry
};

// The first line of inserted lines (after the line break an insertion at the end of a text
// without one starts with: FixBuilder writes it first).
std::optional<LineInsertion> first_line(std::string_view lines) {
  while (!lines.empty() && (lines.front() == '\r' || lines.front() == '\n')) lines.remove_prefix(1);
  LineInsertion out;
  out.column = lines.find_first_not_of(' ');
  if (out.column == std::string_view::npos) return std::nullopt;
  std::string_view first = lines.substr(out.column, lines.find('\n') - out.column);
  if (first == "-" || first.starts_with("- ")) {
    out.item = true;
    return out;
  }
  const std::size_t colon = first.find(':');
  if (colon == std::string_view::npos || first.starts_with('#') || first.starts_with('{') ||
      first.starts_with('['))
    return std::nullopt;
  out.key = first.substr(0, colon);
  return out;
}

std::optional<LineInsertion> line_insertion(const TextEdit& e, std::string_view text) {
  if (e.length != 0 || e.text.empty() || e.text.back() != '\n') return std::nullopt;
  if (e.offset < text.size() && e.offset > 0 && text[e.offset - 1] != '\n') return std::nullopt;
  return first_line(e.text);
}

// Deeper first; at one column an item (of a sequence that is its key's value, `key:\n- item`)
// before a key (of the mapping that holds that key).
int depth_rank(const TextEdit& e) {
  const auto line = first_line(e.text);
  return line ? -static_cast<int>(2 * line->column + (line->item ? 1 : 0)) : 0;
}

}  // namespace

bool same_edit(const TextEdit& a, const TextEdit& b) {
  return a.offset == b.offset && a.length == b.length && a.text == b.text;
}

bool edits_combine(const TextEdit& a, const TextEdit& b, std::string_view text) {
  if (same_edit(a, b)) return true;
  if (a.offset != b.offset) return false;
  const auto first = line_insertion(a, text);
  const auto second = line_insertion(b, text);
  if (!first || !second) return false;
  // Two new keys of one mapping would be a duplicate key; two new items of one sequence may be
  // what two findings of one rule each ask for, where one would do (TL404's TCP entry).
  return first->column != second->column || first->item != second->item ||
         (!first->item && first->key != second->key);
}

void order_edits(std::vector<TextEdit>& edits) {
  std::stable_sort(edits.begin(), edits.end(), [](const TextEdit& a, const TextEdit& b) {
    if (a.offset != b.offset) return a.offset < b.offset;
    if (a.length != 0 || b.length != 0) return false;
    return depth_rank(a) < depth_rank(b);
  });
  edits.erase(std::unique(edits.begin(), edits.end(), same_edit), edits.end());
}

bool edits_overlap(const TextEdit& a, const TextEdit& b) {
  if (a.offset == b.offset) return true;
  const TextEdit& first = a.offset < b.offset ? a : b;
  const TextEdit& second = a.offset < b.offset ? b : a;
  return second.offset < first.end();
}

Position edit_position(const SourceFile& source, std::size_t offset) {
  const std::string& text = source.text();
  if (offset >= text.size() && !text.empty() && (text.back() == '\n' || text.back() == '\r'))
    return {static_cast<std::uint32_t>(source.line_count() + 1), 1};
  Position at = source.position_of(offset);
  // Columns do not count a byte order mark (the loaders' columns, which findings use, do not).
  if (at.line == 1 && at.column > 1 && std::string_view(text).starts_with("\xef\xbb\xbf"))
    --at.column;
  return at;
}

std::string apply_edits(std::string_view text, std::span<const TextEdit> edits) {
  std::string out;
  out.reserve(text.size() + 256);
  std::size_t at = 0;
  for (const TextEdit& e : edits) {
    out.append(text.substr(at, e.offset - at));
    out.append(e.text);
    at = e.end();
  }
  out.append(text.substr(at));
  return out;
}

}  // namespace titanlint
