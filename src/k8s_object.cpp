#include "k8s_object.h"

#include <fmt/format.h>

namespace titanlint {

std::string_view K8sObject::api_group() const {
  auto slash = api_version.find('/');
  return slash == std::string_view::npos ? std::string_view{} : api_version.substr(0, slash);
}

ObjectRef K8sObject::ref() const {
  return {api_version, kind, namespace_, name};
}

std::string_view K8sObject::annotation(std::string_view key) const {
  const Node* annotations = root->at({"metadata", "annotations"});
  const Node* value = annotations ? annotations->get(key) : nullptr;
  return value ? value->str() : std::string_view{};
}

bool read_object_identity(const Node& root, K8sObject& out) {
  out.root = &root;
  out.name_node = &root;
  if (!root.is_mapping()) return false;
  const Node* api_version = root.get("apiVersion");
  const Node* kind = root.get("kind");
  if (const Node* metadata = root.get("metadata"); metadata && metadata->is_mapping()) {
    if (const Node* name = metadata->get("name"); name && name->is_scalar()) {
      out.name = name->text();
      out.name_node = name;
    } else if (const Node* generate = metadata->get("generateName");
               generate && generate->is_scalar()) {
      out.name = generate->text();
      out.name_node = generate;
    }
    if (const Node* ns = metadata->get("namespace"); ns && ns->is_scalar())
      out.namespace_ = ns->text();
  }
  if (!api_version || !api_version->is_string() || api_version->text().empty()) return false;
  if (!kind || !kind->is_string() || kind->text().empty()) return false;
  out.api_version = api_version->text();
  out.kind = kind->text();
  return true;
}

}  // namespace titanlint
