// Invariant checks shared by the fuzz targets. A broken invariant prints what broke and aborts,
// which libFuzzer reports as a crash (and saves the input) and the replay test as a failure.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "document.h"
#include "finding.h"
#include "node.h"
#include "source_file.h"

namespace titanlint::fuzz {

[[noreturn]] void fail(std::string_view what);

#define TITANLINT_FUZZ_CHECK(condition, ...)                                                       \
  do {                                                                                             \
    if (!(condition))                                                                              \
      ::titanlint::fuzz::fail(                                                                     \
          fmt::format("{}:{}: {}: {}", __FILE__, __LINE__, #condition, fmt::format(__VA_ARGS__))); \
  } while (false)

// A position a loader or rule reported is a character of the source, or just past the end of a
// line (an empty value, the end of the stream); `what` names it in the failure message.
void check_position(Position position, const SourceFile& source, std::string_view what);

// Every node reachable from `root` (aliases are shared nodes: each is visited once) has a valid
// position, consistent kinds, and parent links that point into the tree.
void check_tree(const Node* root, const SourceFile& source);

// The same, for a tree built without positions (every node at 0:0).
void check_unpositioned_tree(const Node* root);

// Two trees hold the same values: kinds, scalar types and texts, keys in order.
bool same_tree(const Node* a, const Node* b);

// The loaded file's diagnostics and documents are within its source.
void check_loaded_file(const LoadedFile& file);

}  // namespace titanlint::fuzz
