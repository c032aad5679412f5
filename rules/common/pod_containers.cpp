#include "common/pod_containers.h"

#include <fmt/format.h>

namespace titanlint::rules {

std::vector<PodContainer> containers_and_init_containers(const PodTemplate& pod) {
  std::vector<PodContainer> out;
  for (const Container& c : containers(pod)) out.push_back({c, false});
  const Node* list = pod.spec->get("initContainers");
  if (!list || !list->is_sequence()) return out;
  for (std::size_t i = 0; i < list->items().size(); ++i) {
    const Node* c = list->items()[i];
    if (!c->is_mapping()) continue;
    const Node* name = c->get("name");
    out.push_back({{c, i, name ? name->str() : std::string_view{}, is_native_sidecar(*c)}, true});
  }
  return out;
}

std::string pod_container_label(const PodContainer& c) {
  if (!c.init || c.container.sidecar) return container_label(c.container);
  if (c.container.name.empty()) return fmt::format("initContainers[{}]", c.container.index);
  return fmt::format("init container \"{}\"", c.container.name);
}

}  // namespace titanlint::rules
