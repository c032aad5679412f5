// What rules need to know about workloads: which kinds run pods, where the pod template is, its
// containers, and the defaults the API server fills in.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "k8s_object.h"
#include "lint_set.h"
#include "node.h"
#include "rule.h"

namespace titanlint::rules {

// Defaults the API server fills in when a field is absent (see rules.md, "defaulting").
inline constexpr std::int64_t kDefaultTerminationGracePeriodSeconds = 30;
inline constexpr std::int64_t kDefaultProbePeriodSeconds = 10;
inline constexpr std::int64_t kDefaultProbeTimeoutSeconds = 1;
inline constexpr std::int64_t kDefaultProbeFailureThreshold = 3;
inline constexpr std::int64_t kDefaultDeploymentReplicas = 1;

// Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob, Pod, and
// OpenShift's DeploymentConfig (same pod template shape; kube-linter and Polaris lint it too).
bool is_workload(const K8sObject& object);
// The same kinds for RuleMeta::kinds: every workload; the long-running ones (not Job, CronJob;
// is_long_running also excludes bare Pods that run to completion); Job and CronJob.
std::vector<KindMatch> workload_kinds();
std::vector<KindMatch> long_running_kinds();
std::vector<KindMatch> batch_kinds();
// Job and CronJob: pods that run to completion.
bool is_batch(const K8sObject& object);
// Workloads whose pods are meant to keep running (the TL1xx/TL2xx families apply to these):
// not Jobs, CronJobs, or bare Pods with restartPolicy Never/OnFailure.
bool is_long_running(const K8sObject& object);

struct PodTemplate {
  const Node* metadata = nullptr;  // the template's metadata (a bare Pod: the object's own)
  const Node* spec = nullptr;      // the pod spec mapping
};

// The pod template of a workload; nullopt when the object is not a workload or has no pod spec.
std::optional<PodTemplate> pod_template(const K8sObject& object);
// The mapping that holds a workload's pod `metadata` and `spec`: a bare Pod itself, a CronJob's
// spec.jobTemplate.spec.template, any other workload's spec.template. Null when absent (or not a
// mapping) and for objects that are not workloads. The one place that knows where pods are.
const Node* pod_template_node(const K8sObject& object);
// A Job's `spec`, a CronJob's `spec.jobTemplate.spec`; null for other kinds or when absent.
const Node* job_spec(const K8sObject& object);

struct Container {
  const Node* node;   // the container mapping
  std::size_t index;  // its position in its own list (containers or initContainers)
  std::string_view name;
  bool sidecar = false;  // a native sidecar from spec.initContainers (see is_native_sidecar)
};

// The pod template's `metadata.labels` mapping, or null.
const Node* pod_labels(const PodTemplate& pod);

// The workloads of one namespace in the run, through the set's (namespace, kind) index: cost
// grows with that namespace's workloads, never with the whole set.
std::vector<const K8sObject*> workloads_in(const LintSet& set, std::string_view namespace_);

// `spec.containers`: the app containers (the rules that demand a probe or a preStop hook look
// only at these; the kubelet stops sidecars after them).
std::vector<Container> containers(const PodTemplate& pod);

// An initContainers entry with `restartPolicy: Always` (Kubernetes 1.29+): a native sidecar. It
// runs for the pod's whole life, may have probes and hooks, serves its ports, and the HPA counts
// its requests. Any other init container runs to completion before the app starts.
bool is_native_sidecar(const Node& init_container);

// Every `spec.initContainers` entry, in order (sidecar set for the native sidecars).
std::vector<Container> init_containers(const PodTemplate& pod);
// The native sidecars of `spec.initContainers`, in their order (sidecar = true).
std::vector<Container> native_sidecars(const PodTemplate& pod);

// What runs for the pod's whole life: `spec.containers`, then the native sidecars. The rules on
// running containers (probes they have, resources, port lookups) use this.
std::vector<Container> running_containers(const PodTemplate& pod);

// An integer field, or `fallback` when absent or not an integer.
std::int64_t int_or(const Node* node, std::int64_t fallback);

// For messages: `container "api"` (or `containers[2]` when the container has no name); a
// sidecar is `sidecar "envoy"` (or `initContainers[0]`).
std::string container_label(const Container& container);
// For messages: `Deployment/api`.
std::string object_label(const K8sObject& object);

}  // namespace titanlint::rules
