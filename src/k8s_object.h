// One Kubernetes object of a run: its identity and where it came from.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "document.h"
#include "finding.h"
#include "node.h"

namespace titanlint {

struct K8sObject {
  const Node* root = nullptr;       // the object's mapping
  const Node* name_node = nullptr;  // metadata.name's value (or the root when absent)
  std::string_view api_version;
  std::string_view kind;
  std::string_view name;
  std::string_view namespace_;  // as written; empty when absent
  // Where it came from (the run keeps the file alive). `display_path` is what findings show (the
  // helm `# Source:` file when linting helm output on stdin); `line_offset` is subtracted from
  // lines for that case.
  const SourceFile* source = nullptr;
  const LoadedFile* file = nullptr;  // the loaded file `source` belongs to
  std::string_view display_path;
  std::uint32_t line_offset = 0;

  // The namespace the API server would put the object in.
  std::string_view effective_namespace(std::string_view default_namespace) const {
    return namespace_.empty() ? default_namespace : namespace_;
  }
  // "apps" for "apps/v1", "" (core) for "v1".
  std::string_view api_group() const;
  ObjectRef ref() const;
  // metadata.annotations[key] as text, or empty.
  std::string_view annotation(std::string_view key) const;
};

// Reads apiVersion, kind, metadata.name and metadata.namespace from a mapping. Returns false
// (and leaves `out` partly filled) when the node is not a Kubernetes object: not a mapping, or
// apiVersion/kind missing or not strings.
bool read_object_identity(const Node& root, K8sObject& out);

}  // namespace titanlint
