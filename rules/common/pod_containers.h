// The containers of a pod spec including its init containers, for the rules that apply to both
// (resources, images, metrics ports).
#pragma once

#include <string>
#include <vector>

#include "common/workload.h"

namespace titanlint::rules {

struct PodContainer {
  Container container;  // index is the position in its own list
  bool init = false;    // from spec.initContainers
};

// spec.containers, then spec.initContainers (entries that are not mappings are skipped; native
// sidecars have container.sidecar set).
std::vector<PodContainer> containers_and_init_containers(const PodTemplate& pod);

// For messages: `container "api"`, `init container "migrate"` (or `initContainers[0]`),
// `sidecar "envoy"`.
std::string pod_container_label(const PodContainer& c);

}  // namespace titanlint::rules
