#include "fuzz_support.h"

#include <cstdio>
#include <cstdlib>
#include <unordered_set>
#include <vector>

namespace titanlint::fuzz {

void fail(std::string_view what) {
  std::fprintf(stderr, "fuzz invariant broken: %.*s\n", static_cast<int>(what.size()), what.data());
  std::abort();
}

void check_position(Position position, const SourceFile& source, std::string_view what) {
  TITANLINT_FUZZ_CHECK(position.line >= 1 && position.column >= 1, "{} at {}:{}", what,
                       position.line, position.column);
  // One line past the last is the end of a stream that ends with a line break.
  const std::size_t lines = source.line_count();
  TITANLINT_FUZZ_CHECK(position.line <= lines + 1, "{} at line {} of {}", what, position.line,
                       lines);
  const std::size_t width = utf8_length(source.line(position.line));
  TITANLINT_FUZZ_CHECK(position.column <= width + 1, "{} at {}:{}, the line has {} characters",
                       what, position.line, position.column, width);
}

namespace {

template <typename Visit>
void walk(const Node* root, Visit&& visit) {
  std::unordered_set<const Node*> seen;
  std::vector<const Node*> stack{root};
  while (!stack.empty()) {
    const Node* node = stack.back();
    stack.pop_back();
    TITANLINT_FUZZ_CHECK(node != nullptr, "null node in the tree");
    if (!seen.insert(node).second) continue;
    visit(*node);
    for (const MapEntry& entry : node->entries()) {
      stack.push_back(entry.key);
      stack.push_back(entry.value);
    }
    for (const Node* item : node->items()) stack.push_back(item);
  }
}

void check_shape(const Node& node) {
  if (node.is_scalar())
    TITANLINT_FUZZ_CHECK(node.entries().empty() && node.items().empty(), "a scalar with children");
  if (node.is_mapping())
    TITANLINT_FUZZ_CHECK(node.items().empty() && node.text().empty(),
                         "a mapping with items or text");
  if (node.is_sequence())
    TITANLINT_FUZZ_CHECK(node.entries().empty() && node.text().empty(),
                         "a sequence with entries or text");
}

}  // namespace

void check_tree(const Node* root, const SourceFile& source) {
  TITANLINT_FUZZ_CHECK(root != nullptr, "a document without a root");
  TITANLINT_FUZZ_CHECK(root->parent == nullptr, "a document root with a parent");
  walk(root, [&](const Node& node) {
    check_shape(node);
    check_position({node.line, node.column}, source, "a node");
  });
}

void check_unpositioned_tree(const Node* root) {
  TITANLINT_FUZZ_CHECK(root != nullptr, "a document without a root");
  walk(root, [&](const Node& node) {
    check_shape(node);
    TITANLINT_FUZZ_CHECK(node.line == 0 && node.column == 0, "an unpositioned node at {}:{}",
                         node.line, node.column);
  });
}

bool same_tree(const Node* a, const Node* b) {
  if (!a || !b) return a == b;
  if (a->kind != b->kind || a->type != b->type) return false;
  // Numbers by value: one loader keeps the token (`1e3`, `-0`), the other prints the parsed value.
  const bool number = a->type == ScalarType::Int || a->type == ScalarType::Float;
  if (number ? a->as_number() != b->as_number() : a->text() != b->text()) return false;
  if (a->entries().size() != b->entries().size() || a->items().size() != b->items().size())
    return false;
  for (std::size_t i = 0; i < a->entries().size(); ++i)
    if (!same_tree(a->entries()[i].key, b->entries()[i].key) ||
        !same_tree(a->entries()[i].value, b->entries()[i].value))
      return false;
  for (std::size_t i = 0; i < a->items().size(); ++i)
    if (!same_tree(a->items()[i], b->items()[i])) return false;
  return true;
}

void check_loaded_file(const LoadedFile& file) {
  TITANLINT_FUZZ_CHECK(file.source != nullptr, "a loaded file without its source");
  for (const LoadDiagnostic& d : file.diagnostics) {
    // The engine, not a loader, finds documents that are not objects.
    TITANLINT_FUZZ_CHECK(d.problem != LoadProblem::NotAnObject, "loader diagnostic {}",
                         to_string(d.problem));
    TITANLINT_FUZZ_CHECK(!d.message.empty(), "{} without a message", to_string(d.problem));
    check_position(d.position, *file.source, to_string(d.problem));
  }
  for (const Document& document : file.documents) check_tree(document.root, *file.source);
}

}  // namespace titanlint::fuzz
