#include "fix/fix.h"

#include "source_file.h"

namespace titanlint {

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
