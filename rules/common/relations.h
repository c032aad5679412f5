// How objects of one run refer to each other: the autoscaler that manages a workload, the workload
// an HPA's scaleTargetRef names, the workloads a label selector (PDB, Service) picks. All lookups
// go through the LintSet's (namespace, kind) index, so the cost grows with one namespace's objects
// of the kinds involved, never with the whole set.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "k8s_object.h"
#include "label_selector.h"
#include "lint_set.h"
#include "node.h"

namespace titanlint::rules {

// An HPA's (or KEDA ScaledObject's) `spec.scaleTargetRef`.
struct ScaleTargetRef {
  const Node* ref = nullptr;          // the scaleTargetRef mapping
  const Node* api_version = nullptr;  // its apiVersion value, or null
  const Node* kind = nullptr;         // its kind value, or null
  const Node* name = nullptr;         // its name value, or null
  std::string_view kind_text() const { return kind ? kind->str() : std::string_view{}; }
  std::string_view name_text() const { return name ? name->str() : std::string_view{}; }
  // "apps" for "apps/v1", "" for "v1" or when apiVersion is absent.
  std::string_view group() const;
};

// Null when the object has no scaleTargetRef mapping.
std::optional<ScaleTargetRef> scale_target_ref(const K8sObject& autoscaler);

// The object of the set that `ref` names: same namespace as `autoscaler`, same kind and name, and
// its API group equal to the ref's when the ref has an apiVersion. Null when absent.
const K8sObject* scale_target(const LintSet& set, const K8sObject& autoscaler,
                              const ScaleTargetRef& ref);

// What scales a workload: a HorizontalPodAutoscaler whose scaleTargetRef names it, or a KEDA
// ScaledObject (keda.sh; scaleTargetRef.kind defaults to Deployment), which creates that HPA.
struct Autoscaler {
  const K8sObject* object = nullptr;
  bool keda = false;
  // minReplicas (HPA, default 1) or minReplicaCount (KEDA, default 0) as written or defaulted.
  std::int64_t min_replicas = 1;
  const Node* min_node = nullptr;  // the value node, null when defaulted
  // For messages: `HPA minReplicas 2`, `ScaledObject minReplicaCount 0`.
  std::string min_label() const;
  // The fewest pods it keeps running while it is scaled up at all (KEDA's 0 means "idle"; the
  // HPA it creates has minReplicas 1).
  std::int64_t min_running() const { return min_replicas < 1 ? 1 : min_replicas; }
};
std::optional<Autoscaler> autoscaler_of(const LintSet& set, const K8sObject& workload);

// The labels a workload's pods get: the pod template's `metadata.labels` (a bare Pod: its own).
// Null when there are none. Unlike pod_template(), a template without a pod spec still has labels
// (such a workload is invalid, but its labels still say what a selector was meant to match).
const Node* template_labels(const K8sObject& workload);

// The workloads of `namespace_` whose pod template labels `selector` matches (a Nothing selector
// or one with errors matches none).
std::vector<const K8sObject*> workloads_selected(const LintSet& set, std::string_view namespace_,
                                                 const LabelSelector& selector);

// Whether an operator may create pods that `selector` matches: a custom resource of the namespace
// (an API group that is not built in) declares, under its spec, a `labels` mapping of pod
// metadata (a key ending in "metadata": `podMetadata`, `template.metadata`, `inheritedMetadata`)
// that the selector matches. The Prometheus Operator's Prometheus and Alertmanager, Argo
// Rollouts and CloudNativePG clusters declare their pods' labels this way; the selector rules
// (TL406, TL509, TL701) then do not report "selects nothing".
bool custom_resource_pods_selected(const LintSet& set, std::string_view namespace_,
                                   const LabelSelector& selector);

// The PodDisruptionBudgets of the workload's namespace whose `spec.selector` matches its pod
// template labels.
std::vector<const K8sObject*> pdbs_selecting(const LintSet& set, const K8sObject& workload);

// A PodDisruptionBudget's `spec.selector` (policy/v1: null selects nothing, `{}` everything).
LabelSelector pdb_selector(const K8sObject& pdb);

// A Service's pod selector (`spec.selector`, a plain map). Nullopt when the Service selects no
// pods by design: type ExternalName, or no selector (absent, null, or `{}`, which the API server
// stores as absent), whose endpoints are managed by hand or by another controller.
std::optional<LabelSelector> service_selector(const K8sObject& service);

// The replica count of a Deployment/StatefulSet/ReplicaSet/ReplicationController/
// DeploymentConfig (`spec.replicas`, default 1), or nullopt for kinds without one (DaemonSet,
// Job, CronJob, Pod) or a value that is not an integer.
std::optional<std::int64_t> declared_replicas(const K8sObject& workload);

}  // namespace titanlint::rules
