// Field paths (`spec.template.spec.containers[0].readinessProbe`) derived from a node's parents.
#pragma once

#include <string>
#include <string_view>

#include "node.h"

namespace titanlint {

// The path of `node` relative to `root` (the object's top mapping). Keys that are not plain
// identifiers are quoted: metadata.annotations['prometheus.io/port'].
std::string field_path(const Node& node, const Node* root);

// Appends one key to a path with the same quoting rules.
void append_field(std::string& path, std::string_view key);

}  // namespace titanlint
