#include "common/removed_apis.h"

#include <array>

namespace titanlint::rules {
namespace {

constexpr std::string_view kNoPsp =
    "PodSecurityPolicy is gone: enforce Pod Security Standards with the built-in Pod Security "
    "Admission (namespace label pod-security.kubernetes.io/enforce) or a policy engine";

constexpr std::string_view kApps =
    "apps/v1 requires spec.selector, matching the pod template's labels; it is no longer defaulted";
constexpr std::string_view kIngress =
    "backends become service.name and service.port.number or .name, and pathType is required";

constexpr RemovedApi kRemoved[] = {
    // 1.16
    {"extensions/v1beta1", "Deployment", "1.16", "apps/v1", kApps, Conversion::AppsSelector},
    {"extensions/v1beta1", "DaemonSet", "1.16", "apps/v1", kApps,
     Conversion::AppsSelectorAndStrategy},
    {"extensions/v1beta1", "ReplicaSet", "1.16", "apps/v1", kApps, Conversion::AppsSelector},
    {"extensions/v1beta1", "NetworkPolicy", "1.16", "networking.k8s.io/v1", "", Conversion::Rename},
    {"extensions/v1beta1", "PodSecurityPolicy", "1.16", "", kNoPsp, Conversion::Manual},
    {"apps/v1beta1", "Deployment", "1.16", "apps/v1", kApps, Conversion::AppsSelector},
    {"apps/v1beta1", "StatefulSet", "1.16", "apps/v1", kApps, Conversion::AppsSelectorAndStrategy},
    {"apps/v1beta1", "ReplicaSet", "1.16", "apps/v1", kApps, Conversion::AppsSelector},
    {"apps/v1beta2", "Deployment", "1.16", "apps/v1", kApps, Conversion::AppsSelector},
    {"apps/v1beta2", "StatefulSet", "1.16", "apps/v1", kApps, Conversion::AppsSelector},
    {"apps/v1beta2", "DaemonSet", "1.16", "apps/v1", kApps, Conversion::AppsSelector},
    {"apps/v1beta2", "ReplicaSet", "1.16", "apps/v1", kApps, Conversion::AppsSelector},
    {"apps/v1beta1", "ControllerRevision", "1.16", "apps/v1", "", Conversion::Rename},
    {"apps/v1beta2", "ControllerRevision", "1.16", "apps/v1", "", Conversion::Rename},
    // 1.22
    {"extensions/v1beta1", "Ingress", "1.22", "networking.k8s.io/v1", kIngress, Conversion::Manual},
    {"networking.k8s.io/v1beta1", "Ingress", "1.22", "networking.k8s.io/v1", kIngress,
     Conversion::Manual},
    {"networking.k8s.io/v1beta1", "IngressClass", "1.22", "networking.k8s.io/v1", "",
     Conversion::Rename},
    {"admissionregistration.k8s.io/v1beta1", "MutatingWebhookConfiguration", "1.22",
     "admissionregistration.k8s.io/v1", "", Conversion::Manual},
    {"admissionregistration.k8s.io/v1beta1", "ValidatingWebhookConfiguration", "1.22",
     "admissionregistration.k8s.io/v1", "", Conversion::Manual},
    {"apiextensions.k8s.io/v1beta1", "CustomResourceDefinition", "1.22", "apiextensions.k8s.io/v1",
     "", Conversion::Manual},
    {"apiregistration.k8s.io/v1beta1", "APIService", "1.22", "apiregistration.k8s.io/v1", "",
     Conversion::Rename},
    {"certificates.k8s.io/v1beta1", "CertificateSigningRequest", "1.22", "certificates.k8s.io/v1",
     "", Conversion::Manual},
    {"coordination.k8s.io/v1beta1", "Lease", "1.22", "coordination.k8s.io/v1", "",
     Conversion::Rename},
    {"rbac.authorization.k8s.io/v1beta1", "ClusterRole", "1.22", "rbac.authorization.k8s.io/v1", "",
     Conversion::Rename},
    {"rbac.authorization.k8s.io/v1beta1", "ClusterRoleBinding", "1.22",
     "rbac.authorization.k8s.io/v1", "", Conversion::Rename},
    {"rbac.authorization.k8s.io/v1beta1", "Role", "1.22", "rbac.authorization.k8s.io/v1", "",
     Conversion::Rename},
    {"rbac.authorization.k8s.io/v1beta1", "RoleBinding", "1.22", "rbac.authorization.k8s.io/v1", "",
     Conversion::Rename},
    {"scheduling.k8s.io/v1beta1", "PriorityClass", "1.22", "scheduling.k8s.io/v1", "",
     Conversion::Rename},
    {"storage.k8s.io/v1beta1", "CSIDriver", "1.22", "storage.k8s.io/v1", "", Conversion::Rename},
    {"storage.k8s.io/v1beta1", "CSINode", "1.22", "storage.k8s.io/v1", "", Conversion::Rename},
    {"storage.k8s.io/v1beta1", "StorageClass", "1.22", "storage.k8s.io/v1", "", Conversion::Rename},
    {"storage.k8s.io/v1beta1", "VolumeAttachment", "1.22", "storage.k8s.io/v1", "",
     Conversion::Rename},
    // 1.25
    {"batch/v1beta1", "CronJob", "1.25", "batch/v1", "", Conversion::Rename},
    {"discovery.k8s.io/v1beta1", "EndpointSlice", "1.25", "discovery.k8s.io/v1", "",
     Conversion::Manual},
    {"events.k8s.io/v1beta1", "Event", "1.25", "events.k8s.io/v1", "", Conversion::Manual},
    {"autoscaling/v2beta1", "HorizontalPodAutoscaler", "1.25", "autoscaling/v2",
     "metrics[].resource.targetAverageUtilization becomes target: {type: Utilization, "
     "averageUtilization: N}",
     Conversion::HpaWithoutMetrics},
    {"policy/v1beta1", "PodDisruptionBudget", "1.25", "policy/v1",
     "note that in policy/v1 an empty selector selects every pod of the namespace",
     Conversion::PdbNonEmptySelector},
    {"policy/v1beta1", "PodSecurityPolicy", "1.25", "", kNoPsp, Conversion::Manual},
    {"node.k8s.io/v1beta1", "RuntimeClass", "1.25", "node.k8s.io/v1", "", Conversion::Rename},
    // 1.26
    {"autoscaling/v2beta2", "HorizontalPodAutoscaler", "1.26", "autoscaling/v2", "",
     Conversion::Rename},
    {"flowcontrol.apiserver.k8s.io/v1beta1", "FlowSchema", "1.26",
     "flowcontrol.apiserver.k8s.io/v1", "", Conversion::Rename},
    {"flowcontrol.apiserver.k8s.io/v1beta1", "PriorityLevelConfiguration", "1.26",
     "flowcontrol.apiserver.k8s.io/v1", "", Conversion::Manual},
    // 1.27
    {"storage.k8s.io/v1beta1", "CSIStorageCapacity", "1.27", "storage.k8s.io/v1", "",
     Conversion::Rename},
    // 1.29
    {"flowcontrol.apiserver.k8s.io/v1beta2", "FlowSchema", "1.29",
     "flowcontrol.apiserver.k8s.io/v1", "", Conversion::Rename},
    {"flowcontrol.apiserver.k8s.io/v1beta2", "PriorityLevelConfiguration", "1.29",
     "flowcontrol.apiserver.k8s.io/v1", "", Conversion::Manual},
    // 1.32
    {"flowcontrol.apiserver.k8s.io/v1beta3", "FlowSchema", "1.32",
     "flowcontrol.apiserver.k8s.io/v1", "", Conversion::Rename},
    {"flowcontrol.apiserver.k8s.io/v1beta3", "PriorityLevelConfiguration", "1.32",
     "flowcontrol.apiserver.k8s.io/v1", "", Conversion::Manual},
};

}  // namespace

namespace {

bool has_entries(const Node* node) {
  return node && node->is_mapping() && !node->entries().empty();
}

bool has_items(const Node* node) {
  return node && node->is_sequence() && !node->items().empty();
}

}  // namespace

bool converts_unchanged(const RemovedApi& removed, const Node& object) {
  if (removed.replacement.empty()) return false;
  const Node* spec = object.get("spec");
  switch (removed.conversion) {
    case Conversion::Manual:
      return false;
    case Conversion::Rename:
      return true;
    case Conversion::AppsSelector:
    case Conversion::AppsSelectorAndStrategy: {
      if (!spec || !spec->is_mapping()) return false;
      const Node* selector = spec->get("selector");
      if (!has_entries(selector) || spec->get("rollbackTo") || spec->get("templateGeneration"))
        return false;
      if (removed.conversion == Conversion::AppsSelector) return true;
      const Node* type = spec->at({"updateStrategy", "type"});
      return type && type->is_scalar() && !type->str().empty();
    }
    case Conversion::HpaWithoutMetrics:
      return spec && spec->is_mapping() && !has_items(spec->get("metrics"));
    case Conversion::PdbNonEmptySelector: {
      if (!spec || !spec->is_mapping()) return false;
      const Node* selector = spec->get("selector");
      if (!selector || selector->is_null()) return true;  // null selects no pod in both versions
      return has_entries(selector->get("matchLabels")) ||
             has_items(selector->get("matchExpressions"));
    }
  }
  return false;
}

const RemovedApi* find_removed_api(std::string_view api_version, std::string_view kind) {
  for (const RemovedApi& r : kRemoved)
    if (r.api_version == api_version && r.kind == kind) return &r;
  return nullptr;
}

}  // namespace titanlint::rules
