// Duplicate mapping keys, found while a loader builds a mapping: the one home of the search and
// of the diagnostic's text, for the YAML and the JSON loader.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string_view>
#include <unordered_set>

#include "document.h"
#include "node.h"

namespace titanlint {

// The keys of one mapping being built. Call earlier() with the entries built so far (in order)
// before appending each new entry: a linear scan for the usual handful of keys, a hash set once
// the mapping grows large (a hostile mapping of 100,000 keys stays linear in time).
class DuplicateKeys {
 public:
  // The earlier entry whose scalar key has the same text as `key`, or null. Non-scalar keys
  // (YAML's `? [a, b]`) are never duplicates of anything.
  const MapEntry* earlier(std::span<const MapEntry> entries, const Node& key);

 private:
  std::unique_ptr<std::unordered_set<std::string_view>> large_;
};

// The diagnostic for `key`, a duplicate of the key at `first_line` (0 when the loader has no
// positions, as for the webhook's request.object).
LoadDiagnostic duplicate_key_diagnostic(const Node& key, std::uint32_t first_line);

}  // namespace titanlint
