#include "container_ref.h"

#include "finding.h"

namespace titanlint {
namespace {

// The key `list` has in `mapping` when it is one of the pod spec's container lists.
std::optional<std::string_view> container_list_key(const Node& mapping, const Node& list) {
  for (const MapEntry& e : mapping.entries()) {
    if (e.value != &list) continue;
    const std::string_view key = e.key->text();
    if (key == "containers" || key == "initContainers" || key == "ephemeralContainers") return key;
    return std::nullopt;
  }
  return std::nullopt;
}

}  // namespace

std::optional<ContainerRef> enclosing_container(const Node& node, const Node* root) {
  std::optional<ContainerRef> found;
  // Up to the root, keeping the last match: the outermost list, as the field path reads.
  for (const Node* n = &node; n && n != root && n->parent; n = n->parent) {
    const Node* list = n->parent;
    if (!list->is_sequence() || !list->parent || !list->parent->is_mapping()) continue;
    const std::optional<std::string_view> key = container_list_key(*list->parent, *list);
    if (!key) continue;
    const Node* name = n->get("name");
    found = ContainerRef{*key, n->index_in_parent(), n,
                         name && name->is_scalar() ? name->str() : std::string_view{}};
  }
  return found;
}

std::optional<ContainerRef> finding_container(const Finding& finding) {
  if (finding.at_object_name || !finding.node) return std::nullopt;
  return enclosing_container(*finding.node, finding.object_root);
}

}  // namespace titanlint
