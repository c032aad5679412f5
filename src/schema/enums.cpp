#include "schema/enums.h"

#include <array>

namespace titanlint::schema {
namespace {

// The values are separated by single spaces. Keep sorted by definition, then property.
const std::array kTable = {
    EnumEntry{"io.k8s.api.apps.v1.DaemonSetUpdateStrategy", "type", "OnDelete RollingUpdate"},
    EnumEntry{"io.k8s.api.apps.v1.DeploymentStrategy", "type", "Recreate RollingUpdate"},
    EnumEntry{"io.k8s.api.apps.v1.StatefulSetSpec", "podManagementPolicy", "OrderedReady Parallel"},
    EnumEntry{"io.k8s.api.apps.v1.StatefulSetUpdateStrategy", "type", "OnDelete RollingUpdate"},
    EnumEntry{"io.k8s.api.batch.v1.CronJobSpec", "concurrencyPolicy", "Allow Forbid Replace"},
    EnumEntry{"io.k8s.api.batch.v1.JobSpec", "completionMode", "Indexed NonIndexed"},
    EnumEntry{"io.k8s.api.core.v1.Container", "imagePullPolicy", "Always IfNotPresent Never"},
    EnumEntry{"io.k8s.api.core.v1.Container", "terminationMessagePolicy",
              "FallbackToLogsOnError File"},
    EnumEntry{"io.k8s.api.core.v1.ContainerPort", "protocol", "SCTP TCP UDP"},
    EnumEntry{"io.k8s.api.core.v1.EphemeralContainer", "imagePullPolicy",
              "Always IfNotPresent Never"},
    EnumEntry{"io.k8s.api.core.v1.HTTPGetAction", "scheme", "HTTP HTTPS"},
    EnumEntry{"io.k8s.api.core.v1.NodeSelectorRequirement", "operator",
              "DoesNotExist Exists Gt In Lt NotIn"},
    EnumEntry{"io.k8s.api.core.v1.PersistentVolumeClaimSpec", "accessModes",
              "ReadOnlyMany ReadWriteMany ReadWriteOnce ReadWriteOncePod"},
    EnumEntry{"io.k8s.api.core.v1.PersistentVolumeClaimSpec", "volumeMode", "Block Filesystem"},
    EnumEntry{"io.k8s.api.core.v1.PodSpec", "dnsPolicy",
              "ClusterFirst ClusterFirstWithHostNet Default None"},
    EnumEntry{"io.k8s.api.core.v1.PodSpec", "restartPolicy", "Always Never OnFailure"},
    EnumEntry{"io.k8s.api.core.v1.SeccompProfile", "type", "Localhost RuntimeDefault Unconfined"},
    EnumEntry{"io.k8s.api.core.v1.ServicePort", "protocol", "SCTP TCP UDP"},
    EnumEntry{"io.k8s.api.core.v1.ServiceSpec", "externalTrafficPolicy", "Cluster Local"},
    EnumEntry{"io.k8s.api.core.v1.ServiceSpec", "internalTrafficPolicy", "Cluster Local"},
    EnumEntry{"io.k8s.api.core.v1.ServiceSpec", "ipFamilyPolicy",
              "PreferDualStack RequireDualStack SingleStack"},
    EnumEntry{"io.k8s.api.core.v1.ServiceSpec", "sessionAffinity", "ClientIP None"},
    EnumEntry{"io.k8s.api.core.v1.ServiceSpec", "type",
              "ClusterIP ExternalName LoadBalancer NodePort"},
    EnumEntry{"io.k8s.api.core.v1.Toleration", "effect", "NoExecute NoSchedule PreferNoSchedule"},
    EnumEntry{"io.k8s.api.core.v1.Toleration", "operator", "Equal Exists"},
    EnumEntry{"io.k8s.api.core.v1.TopologySpreadConstraint", "whenUnsatisfiable",
              "DoNotSchedule ScheduleAnyway"},
    EnumEntry{"io.k8s.api.networking.v1.HTTPIngressPath", "pathType",
              "Exact ImplementationSpecific Prefix"},
    EnumEntry{"io.k8s.api.networking.v1.NetworkPolicyPort", "protocol", "SCTP TCP UDP"},
    EnumEntry{"io.k8s.api.networking.v1.NetworkPolicySpec", "policyTypes", "Egress Ingress"},
    EnumEntry{"io.k8s.api.policy.v1.PodDisruptionBudgetSpec", "unhealthyPodEvictionPolicy",
              "AlwaysAllow IfHealthyBudget"},
    EnumEntry{"io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelectorRequirement", "operator",
              "DoesNotExist Exists In NotIn"},
};

}  // namespace

std::span<const EnumEntry> enum_table() {
  return kTable;
}

}  // namespace titanlint::schema
