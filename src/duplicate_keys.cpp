#include "duplicate_keys.h"

#include <fmt/format.h>

namespace titanlint {
namespace {

// Mappings with more keys than this get a hash set; smaller ones are scanned, which is faster
// for the few keys a Kubernetes mapping has.
constexpr std::size_t kLinearScanMax = 16;

const MapEntry* find_key(std::span<const MapEntry> entries, std::string_view text) {
  for (const MapEntry& e : entries)
    if (e.key->is_scalar() && same_text(e.key->text(), text)) return &e;
  return nullptr;
}

}  // namespace

const MapEntry* DuplicateKeys::earlier(std::span<const MapEntry> entries, const Node& key) {
  if (!key.is_scalar()) return nullptr;
  if (!large_ && entries.size() < kLinearScanMax) return find_key(entries, key.text());
  if (!large_) {
    large_ = std::make_unique<std::unordered_set<std::string_view>>();
    for (const MapEntry& e : entries)
      if (e.key->is_scalar()) large_->insert(e.key->text());
  }
  if (large_->insert(key.text()).second) return nullptr;
  return find_key(entries, key.text());
}

LoadDiagnostic duplicate_key_diagnostic(const Node& key, std::uint32_t first_line) {
  return {LoadProblem::DuplicateKey,
          {key.line, key.column},
          fmt::format("duplicate key \"{}\"{}; the API server silently keeps only the last value",
                      key.text(),
                      first_line ? fmt::format(" (first at line {})", first_line) : std::string()),
          "remove one of the two keys, or merge their values"};
}

}  // namespace titanlint
