#include "common/pod_containers.h"

#include <fmt/format.h>

namespace titanlint::rules {

std::vector<PodContainer> containers_and_init_containers(const PodTemplate& pod) {
  std::vector<PodContainer> out;
  for (const Container& c : containers(pod)) out.push_back({c, false});
  for (const Container& c : init_containers(pod)) out.push_back({c, true});
  return out;
}

std::string pod_container_label(const PodContainer& c) {
  if (!c.init || c.container.sidecar) return container_label(c.container);
  if (c.container.name.empty()) return fmt::format("initContainers[{}]", c.container.index);
  return fmt::format("init container \"{}\"", c.container.name);
}

}  // namespace titanlint::rules
