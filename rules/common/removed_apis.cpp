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
    {"extensions/v1beta1", "Deployment", "1.16", "apps/v1", kApps},
    {"extensions/v1beta1", "DaemonSet", "1.16", "apps/v1", kApps},
    {"extensions/v1beta1", "ReplicaSet", "1.16", "apps/v1", kApps},
    {"extensions/v1beta1", "NetworkPolicy", "1.16", "networking.k8s.io/v1", ""},
    {"extensions/v1beta1", "PodSecurityPolicy", "1.16", "", kNoPsp},
    {"apps/v1beta1", "Deployment", "1.16", "apps/v1", kApps},
    {"apps/v1beta1", "StatefulSet", "1.16", "apps/v1", kApps},
    {"apps/v1beta1", "ReplicaSet", "1.16", "apps/v1", kApps},
    {"apps/v1beta2", "Deployment", "1.16", "apps/v1", kApps},
    {"apps/v1beta2", "StatefulSet", "1.16", "apps/v1", kApps},
    {"apps/v1beta2", "DaemonSet", "1.16", "apps/v1", kApps},
    {"apps/v1beta2", "ReplicaSet", "1.16", "apps/v1", kApps},
    {"apps/v1beta1", "ControllerRevision", "1.16", "apps/v1", ""},
    {"apps/v1beta2", "ControllerRevision", "1.16", "apps/v1", ""},
    // 1.22
    {"extensions/v1beta1", "Ingress", "1.22", "networking.k8s.io/v1", kIngress},
    {"networking.k8s.io/v1beta1", "Ingress", "1.22", "networking.k8s.io/v1", kIngress},
    {"networking.k8s.io/v1beta1", "IngressClass", "1.22", "networking.k8s.io/v1", ""},
    {"admissionregistration.k8s.io/v1beta1", "MutatingWebhookConfiguration", "1.22",
     "admissionregistration.k8s.io/v1", ""},
    {"admissionregistration.k8s.io/v1beta1", "ValidatingWebhookConfiguration", "1.22",
     "admissionregistration.k8s.io/v1", ""},
    {"apiextensions.k8s.io/v1beta1", "CustomResourceDefinition", "1.22", "apiextensions.k8s.io/v1",
     ""},
    {"apiregistration.k8s.io/v1beta1", "APIService", "1.22", "apiregistration.k8s.io/v1", ""},
    {"certificates.k8s.io/v1beta1", "CertificateSigningRequest", "1.22", "certificates.k8s.io/v1",
     ""},
    {"coordination.k8s.io/v1beta1", "Lease", "1.22", "coordination.k8s.io/v1", ""},
    {"rbac.authorization.k8s.io/v1beta1", "ClusterRole", "1.22", "rbac.authorization.k8s.io/v1",
     ""},
    {"rbac.authorization.k8s.io/v1beta1", "ClusterRoleBinding", "1.22",
     "rbac.authorization.k8s.io/v1", ""},
    {"rbac.authorization.k8s.io/v1beta1", "Role", "1.22", "rbac.authorization.k8s.io/v1", ""},
    {"rbac.authorization.k8s.io/v1beta1", "RoleBinding", "1.22", "rbac.authorization.k8s.io/v1",
     ""},
    {"scheduling.k8s.io/v1beta1", "PriorityClass", "1.22", "scheduling.k8s.io/v1", ""},
    {"storage.k8s.io/v1beta1", "CSIDriver", "1.22", "storage.k8s.io/v1", ""},
    {"storage.k8s.io/v1beta1", "CSINode", "1.22", "storage.k8s.io/v1", ""},
    {"storage.k8s.io/v1beta1", "StorageClass", "1.22", "storage.k8s.io/v1", ""},
    {"storage.k8s.io/v1beta1", "VolumeAttachment", "1.22", "storage.k8s.io/v1", ""},
    // 1.25
    {"batch/v1beta1", "CronJob", "1.25", "batch/v1", ""},
    {"discovery.k8s.io/v1beta1", "EndpointSlice", "1.25", "discovery.k8s.io/v1", ""},
    {"events.k8s.io/v1beta1", "Event", "1.25", "events.k8s.io/v1", ""},
    {"autoscaling/v2beta1", "HorizontalPodAutoscaler", "1.25", "autoscaling/v2",
     "metrics[].resource.targetAverageUtilization becomes target: {type: Utilization, "
     "averageUtilization: N}"},
    {"policy/v1beta1", "PodDisruptionBudget", "1.25", "policy/v1",
     "note that in policy/v1 an empty selector selects every pod of the namespace"},
    {"policy/v1beta1", "PodSecurityPolicy", "1.25", "", kNoPsp},
    {"node.k8s.io/v1beta1", "RuntimeClass", "1.25", "node.k8s.io/v1", ""},
    // 1.26
    {"autoscaling/v2beta2", "HorizontalPodAutoscaler", "1.26", "autoscaling/v2", ""},
    {"flowcontrol.apiserver.k8s.io/v1beta1", "FlowSchema", "1.26",
     "flowcontrol.apiserver.k8s.io/v1", ""},
    {"flowcontrol.apiserver.k8s.io/v1beta1", "PriorityLevelConfiguration", "1.26",
     "flowcontrol.apiserver.k8s.io/v1", ""},
    // 1.27
    {"storage.k8s.io/v1beta1", "CSIStorageCapacity", "1.27", "storage.k8s.io/v1", ""},
    // 1.29
    {"flowcontrol.apiserver.k8s.io/v1beta2", "FlowSchema", "1.29",
     "flowcontrol.apiserver.k8s.io/v1", ""},
    {"flowcontrol.apiserver.k8s.io/v1beta2", "PriorityLevelConfiguration", "1.29",
     "flowcontrol.apiserver.k8s.io/v1", ""},
    // 1.32
    {"flowcontrol.apiserver.k8s.io/v1beta3", "FlowSchema", "1.32",
     "flowcontrol.apiserver.k8s.io/v1", ""},
    {"flowcontrol.apiserver.k8s.io/v1beta3", "PriorityLevelConfiguration", "1.32",
     "flowcontrol.apiserver.k8s.io/v1", ""},
};

}  // namespace

const RemovedApi* find_removed_api(std::string_view api_version, std::string_view kind) {
  for (const RemovedApi& r : kRemoved)
    if (r.api_version == api_version && r.kind == kind) return &r;
  return nullptr;
}

}  // namespace titanlint::rules
