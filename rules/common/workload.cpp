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

std::vector<KindMatch> workload_kinds() {
  std::vector<KindMatch> out;
  for (std::string_view k : kWorkloadKinds) out.push_back({std::string(k)});
  return out;
}

std::vector<KindMatch> long_running_kinds() {
  std::vector<KindMatch> out = workload_kinds();
  std::erase_if(out, [](const KindMatch& k) { return k.kind == "Job" || k.kind == "CronJob"; });
  return out;
}

std::vector<KindMatch> batch_kinds() {
  return {{"Job"}, {"CronJob"}};
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

const Node* job_spec(const K8sObject& object) {
  const Node* spec = nullptr;
  if (object.kind == "Job")
    spec = object.root->get("spec");
  else if (object.kind == "CronJob")
    spec = object.root->at({"spec", "jobTemplate", "spec"});
  return spec && spec->is_mapping() ? spec : nullptr;
}

const Node* pod_template_node(const K8sObject& object) {
  if (!is_workload(object)) return nullptr;
  if (object.kind == "Pod") return object.root;
  const Node* spec = object.kind == "CronJob" ? job_spec(object) : object.root->get("spec");
  const Node* tmpl = spec ? spec->get("template") : nullptr;
  return tmpl && tmpl->is_mapping() ? tmpl : nullptr;
}

std::optional<PodTemplate> pod_template(const K8sObject& object) {
  const Node* tmpl = pod_template_node(object);
  if (!tmpl) return std::nullopt;
  PodTemplate pod;
  pod.metadata = tmpl->get("metadata");
  pod.spec = tmpl->get("spec");
  if (!pod.spec || !pod.spec->is_mapping()) return std::nullopt;
  if (pod.metadata && !pod.metadata->is_mapping()) pod.metadata = nullptr;
  return pod;
}

namespace {

// The mapping items of the pod spec's `field` list, in order (other items are the API server's
// business); in initContainers, `sidecar` marks the native sidecars.
std::vector<Container> container_list(const PodTemplate& pod, std::string_view field) {
  std::vector<Container> out;
  const Node* list = pod.spec->get(field);
  if (!list || !list->is_sequence()) return out;
  const bool init = field == "initContainers";
  for (std::size_t i = 0; i < list->items().size(); ++i) {
    const Node* c = list->items()[i];
    if (!c->is_mapping()) continue;
    const Node* name = c->get("name");
    out.push_back({c, i, name ? name->str() : std::string_view{}, init && is_native_sidecar(*c)});
  }
  return out;
}

}  // namespace

bool is_native_sidecar(const Node& init_container) {
  const Node* policy = init_container.get("restartPolicy");
  return policy && policy->is_scalar() && policy->str() == "Always";
}

std::vector<Container> containers(const PodTemplate& pod) {
  return container_list(pod, "containers");
}

std::vector<Container> init_containers(const PodTemplate& pod) {
  return container_list(pod, "initContainers");
}

std::vector<Container> native_sidecars(const PodTemplate& pod) {
  std::vector<Container> out = init_containers(pod);
  std::erase_if(out, [](const Container& c) { return !c.sidecar; });
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
