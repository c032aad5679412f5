#include "common/workload.h"

#include <array>

#include <fmt/format.h>

namespace titanlint::rules {

namespace {
constexpr std::array<std::string_view, 9> kWorkloadKinds = {
    "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet",      "ReplicationController",
    "Job",        "CronJob",     "Pod",       "DeploymentConfig"};
}  // namespace

bool is_workload(const K8sObject& object) {
  for (std::string_view k : kWorkloadKinds)
    if (object.kind == k) return true;
  return false;
}

const Node* pod_labels(const PodTemplate& pod) {
  if (!pod.metadata) return nullptr;
  const Node* labels = pod.metadata->get("labels");
  return labels && labels->is_mapping() ? labels : nullptr;
}

std::vector<const K8sObject*> workloads_in(const LintSet& set, std::string_view namespace_) {
  std::vector<const K8sObject*> out;
  for (std::string_view kind : kWorkloadKinds) {
    auto objects = set.by_kind(namespace_, kind);
    out.insert(out.end(), objects.begin(), objects.end());
  }
  return out;
}

bool is_batch(const K8sObject& object) {
  return object.kind == "Job" || object.kind == "CronJob";
}

bool is_long_running(const K8sObject& object) {
  if (!is_workload(object) || is_batch(object)) return false;
  // A bare Pod with restartPolicy Never or OnFailure runs to completion (a Helm test hook, a
  // one-off task): probes, preStop and rollout rules do not apply to it.
  if (object.kind == "Pod") {
    const Node* policy = object.root->at({"spec", "restartPolicy"});
    if (policy && (policy->str() == "Never" || policy->str() == "OnFailure")) return false;
  }
  return true;
}

std::optional<PodTemplate> pod_template(const K8sObject& object) {
  if (!is_workload(object)) return std::nullopt;
  PodTemplate pod;
  if (object.kind == "Pod") {
    pod.metadata = object.root->get("metadata");
    pod.spec = object.root->get("spec");
  } else {
    const Node* spec = object.root->get("spec");
    if (spec && object.kind == "CronJob") spec = spec->at({"jobTemplate", "spec"});
    const Node* tmpl = spec ? spec->get("template") : nullptr;
    if (!tmpl || !tmpl->is_mapping()) return std::nullopt;
    pod.metadata = tmpl->get("metadata");
    pod.spec = tmpl->get("spec");
  }
  if (!pod.spec || !pod.spec->is_mapping()) return std::nullopt;
  if (pod.metadata && !pod.metadata->is_mapping()) pod.metadata = nullptr;
  return pod;
}

std::vector<Container> containers(const PodTemplate& pod) {
  std::vector<Container> out;
  const Node* list = pod.spec->get("containers");
  if (!list || !list->is_sequence()) return out;
  for (std::size_t i = 0; i < list->items().size(); ++i) {
    const Node* c = list->items()[i];
    if (!c->is_mapping()) continue;
    const Node* name = c->get("name");
    out.push_back({c, i, name ? name->str() : std::string_view{}});
  }
  return out;
}

bool is_native_sidecar(const Node& init_container) {
  const Node* policy = init_container.get("restartPolicy");
  return policy && policy->is_scalar() && policy->str() == "Always";
}

std::vector<Container> native_sidecars(const PodTemplate& pod) {
  std::vector<Container> out;
  const Node* list = pod.spec->get("initContainers");
  if (!list || !list->is_sequence()) return out;
  for (std::size_t i = 0; i < list->items().size(); ++i) {
    const Node* c = list->items()[i];
    if (!c->is_mapping() || !is_native_sidecar(*c)) continue;
    const Node* name = c->get("name");
    out.push_back({c, i, name ? name->str() : std::string_view{}, true});
  }
  return out;
}

std::vector<Container> running_containers(const PodTemplate& pod) {
  std::vector<Container> out = containers(pod);
  std::vector<Container> sidecars = native_sidecars(pod);
  out.insert(out.end(), sidecars.begin(), sidecars.end());
  return out;
}

std::int64_t int_or(const Node* node, std::int64_t fallback) {
  if (!node) return fallback;
  return node->as_int().value_or(fallback);
}

std::string container_label(const Container& container) {
  if (container.sidecar) {
    if (container.name.empty()) return fmt::format("initContainers[{}]", container.index);
    return fmt::format("sidecar \"{}\"", container.name);
  }
  if (container.name.empty()) return fmt::format("containers[{}]", container.index);
  return fmt::format("container \"{}\"", container.name);
}

std::string object_label(const K8sObject& object) {
  return fmt::format("{}/{}", object.kind, object.name);
}

}  // namespace titanlint::rules
