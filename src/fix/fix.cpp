#include "fix/fix.h"

namespace titanlint {

bool edits_overlap(const TextEdit& a, const TextEdit& b) {
  if (a.offset == b.offset) return true;
  const TextEdit& first = a.offset < b.offset ? a : b;
  const TextEdit& second = a.offset < b.offset ? b : a;
  return second.offset < first.end();
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
