// API versions the Kubernetes API server no longer serves (TL004 on objects, and TL504 for an
// HPA's scaleTargetRef): which apiVersion/kind pairs were removed, in which release, and what
// replaces them. Source: the Kubernetes deprecated API migration guide.
#pragma once

#include <cstdint>
#include <string_view>

#include "node.h"

namespace titanlint::rules {

// Whether an object of a removed API is still valid, with the same meaning, once only its
// apiVersion is changed to the replacement (what TL004's fix does). From the "notable changes"
// of the deprecated API migration guide.
enum class Conversion : std::uint8_t {
  // The replacement changed fields or defaults every object is affected by (Ingress backends,
  // webhooks' required sideEffects, CRD schemas), or there is no replacement: no automatic move.
  Manual,
  // The replacement serves the same fields with the same defaults.
  Rename,
  // apps/v1: requires spec.selector (no longer defaulted from the template labels) and dropped
  // spec.rollbackTo and spec.templateGeneration.
  AppsSelector,
  // As AppsSelector, and spec.updateStrategy.type defaulted to OnDelete here but to
  // RollingUpdate in apps/v1 (extensions/v1beta1 DaemonSet, apps/v1beta1 StatefulSet): the
  // strategy must be written.
  AppsSelectorAndStrategy,
  // autoscaling/v2beta1: every metric source names its target in fields autoscaling/v2 renamed
  // (targetAverageUtilization, targetAverageValue, targetValue, metricName); only an HPA without
  // metrics (the default CPU target) moves unchanged.
  HpaWithoutMetrics,
  // policy/v1beta1 PodDisruptionBudget: an empty selector (`{}`) selected no pod and selects every
  // pod of the namespace in policy/v1.
  PdbNonEmptySelector,
};

struct RemovedApi {
  std::string_view api_version;  // "extensions/v1beta1"
  std::string_view kind;         // "Deployment"
  std::string_view removed_in;   // "1.16"
  // The apiVersion to use instead, or empty when the kind itself is gone (PodSecurityPolicy).
  std::string_view replacement;
  // What to do instead when there is no replacement apiVersion (or an extra migration hint).
  std::string_view note;
  Conversion conversion = Conversion::Manual;
};

// The entry for an apiVersion/kind pair the API server no longer serves; null otherwise (also
// for kinds that were never served by that version, e.g. a CRD's own kinds).
const RemovedApi* find_removed_api(std::string_view api_version, std::string_view kind);

// Whether `object` (the root mapping of an object of `removed`) stays valid and means the same
// with `apiVersion: <replacement>` and no other change.
bool converts_unchanged(const RemovedApi& removed, const Node& object);

}  // namespace titanlint::rules
