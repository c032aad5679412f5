// Which container of a pod spec a node, or a finding, is about, found by walking the node's
// parents rather than by reading its field path: the item of a `containers`, `initContainers`
// (native sidecars included) or `ephemeralContainers` list the node is, or sits in.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

#include "node.h"

namespace titanlint {

struct Finding;

struct ContainerRef {
  std::string_view list;            // "containers", "initContainers" or "ephemeralContainers"
  std::size_t index = 0;            // the item's index in that list
  const Node* container = nullptr;  // the item
  std::string_view name;            // its `name` scalar; empty when it has none
};

// The outermost container list item on the way from `node` up to `root` (the object's top
// mapping); nullopt when the node is not in (or at) a container.
std::optional<ContainerRef> enclosing_container(const Node& node, const Node* root);

// The container a finding points at: its node's, so a field missing from a container counts as
// that container's. Nullopt for findings about a file, metadata.name or no container.
std::optional<ContainerRef> finding_container(const Finding& finding);

}  // namespace titanlint
