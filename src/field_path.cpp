#include "field_path.h"

#include <algorithm>
#include <vector>

namespace titanlint {
namespace {

bool is_identifier(std::string_view key) {
  if (key.empty()) return false;
  return std::all_of(key.begin(), key.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-';
  });
}

// The key under which `child` sits in `mapping`.
std::string_view key_of(const Node& mapping, const Node& child) {
  for (const MapEntry& e : mapping.entries())
    if (e.value == &child || e.key == &child) return e.key->text();
  return "?";
}

}  // namespace

void append_field(std::string& path, std::string_view key) {
  if (is_identifier(key)) {
    if (!path.empty()) path += '.';
    path += key;
  } else {
    path += "['";
    path += key;
    path += "']";
  }
}

std::string field_path(const Node& node, const Node* root) {
  std::vector<const Node*> chain;
  for (const Node* n = &node; n && n != root && n->parent; n = n->parent) chain.push_back(n);
  std::string path;
  for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
    const Node* n = *it;
    const Node* parent = n->parent;
    if (parent->is_sequence()) {
      path += '[';
      path += std::to_string(n->index_in_parent());
      path += ']';
    } else if (parent->is_mapping()) {
      append_field(path, key_of(*parent, *n));
    }
  }
  return path;
}

}  // namespace titanlint
