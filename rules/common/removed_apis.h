// API versions the Kubernetes API server no longer serves (TL004 on objects, and TL504 for an
// HPA's scaleTargetRef): which apiVersion/kind pairs were removed, in which release, and what
// replaces them. Source: the Kubernetes deprecated API migration guide.
#pragma once

#include <string_view>

namespace titanlint::rules {

struct RemovedApi {
  std::string_view api_version;  // "extensions/v1beta1"
  std::string_view kind;         // "Deployment"
  std::string_view removed_in;   // "1.16"
  // The apiVersion to use instead, or empty when the kind itself is gone (PodSecurityPolicy).
  std::string_view replacement;
  // What to do instead when there is no replacement apiVersion (or an extra migration hint).
  std::string_view note;
};

// The entry for an apiVersion/kind pair the API server no longer serves; null otherwise (also
// for kinds that were never served by that version, e.g. a CRD's own kinds).
const RemovedApi* find_removed_api(std::string_view api_version, std::string_view kind);

}  // namespace titanlint::rules
