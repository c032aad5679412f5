#include "common/relations.h"

#include <fmt/format.h>

#include "common/workload.h"

namespace titanlint::rules {
namespace {

std::string_view group_of(std::string_view api_version) {
  auto slash = api_version.find('/');
  return slash == std::string_view::npos ? std::string_view{} : api_version.substr(0, slash);
}

// Groups the API server serves itself: the legacy core group, the unqualified groups (apps,
// batch, policy, ...) and *.k8s.io, except the *.x-k8s.io groups of SIG projects' CRDs.
bool is_builtin_group(std::string_view group) {
  if (group.find('.') == std::string_view::npos) return true;
  return group.ends_with(".k8s.io") && !group.ends_with(".x-k8s.io");
}

// Pod metadata nests shallowly in the custom resources that carry it (spec.podMetadata,
// spec.template.metadata, spec.kafka.template.pod.metadata); deeper levels are not searched.
constexpr int kMaxPodMetadataDepth = 6;

bool declares_selected_pod_labels(const Node& node, const LabelSelector& selector, int depth) {
  if (depth > kMaxPodMetadataDepth) return false;
  for (const Node* item : node.items())
    if (declares_selected_pod_labels(*item, selector, depth + 1)) return true;
  for (const MapEntry& entry : node.entries()) {
    const std::string_view key = entry.key->str();
    if (key.ends_with("metadata") || key.ends_with("Metadata")) {
      const Node* labels = entry.value->get("labels");
      if (labels && labels->is_mapping() && selector.matches(labels)) return true;
    }
    if (declares_selected_pod_labels(*entry.value, selector, depth + 1)) return true;
  }
  return false;
}

}  // namespace

std::string_view ScaleTargetRef::group() const {
  return api_version ? group_of(api_version->str()) : std::string_view{};
}

std::optional<ScaleTargetRef> scale_target_ref(const K8sObject& autoscaler) {
  const Node* ref = autoscaler.root->at({"spec", "scaleTargetRef"});
  if (!ref || !ref->is_mapping()) return std::nullopt;
  ScaleTargetRef out;
  out.ref = ref;
  out.api_version = ref->get("apiVersion");
  out.kind = ref->get("kind");
  out.name = ref->get("name");
  if (out.api_version && out.api_version->is_null()) out.api_version = nullptr;
  return out;
}

const K8sObject* scale_target(const LintSet& set, const K8sObject& autoscaler,
                              const ScaleTargetRef& ref) {
  if (!ref.kind || !ref.name) return nullptr;
  const K8sObject* target =
      set.find(set.namespace_of(autoscaler), ref.kind_text(), ref.name_text());
  if (!target) return nullptr;
  if (ref.api_version && ref.group() != target->api_group()) return nullptr;
  return target;
}

std::string Autoscaler::min_label() const {
  return keda ? fmt::format("ScaledObject minReplicaCount {}", min_replicas)
              : fmt::format("HPA minReplicas {}", min_replicas);
}

namespace {

// Reads the autoscaler's minimum (HPA spec.minReplicas, ScaledObject spec.minReplicaCount) into
// `a`; absent or null keeps the default. False when it is not a number: the API server rejects
// such an autoscaler, so it scales nothing.
bool read_minimum(const Node* min, Autoscaler& a) {
  if (!min || min->is_null()) return true;
  auto v = min->as_int();
  if (!v) return false;
  a.min_replicas = *v;
  a.min_node = min;
  return true;
}

}  // namespace

std::optional<Autoscaler> autoscaler_of(const LintSet& set, const K8sObject& workload) {
  const std::string_view ns = set.namespace_of(workload);
  for (const K8sObject* hpa : set.by_kind(ns, "HorizontalPodAutoscaler")) {
    auto ref = scale_target_ref(*hpa);
    if (!ref || ref->kind_text() != workload.kind || ref->name_text() != workload.name) continue;
    if (ref->api_version && ref->group() != workload.api_group()) continue;
    Autoscaler a;
    a.object = hpa;
    if (read_minimum(hpa->root->at({"spec", "minReplicas"}), a)) return a;
  }
  for (const K8sObject* scaled : set.by_kind(ns, "ScaledObject")) {
    if (scaled->api_group() != "keda.sh") continue;
    auto ref = scale_target_ref(*scaled);
    if (!ref || !ref->name || ref->name_text() != workload.name) continue;
    std::string_view kind = ref->kind ? ref->kind_text() : std::string_view{"Deployment"};
    std::string_view group = ref->api_version ? ref->group() : std::string_view{"apps"};
    if (kind != workload.kind || group != workload.api_group()) continue;
    Autoscaler a;
    a.object = scaled;
    a.keda = true;
    a.min_replicas = 0;
    if (read_minimum(scaled->root->at({"spec", "minReplicaCount"}), a)) return a;
  }
  return std::nullopt;
}

const Node* template_labels(const K8sObject& workload) {
  const Node* tmpl = pod_template_node(workload);
  const Node* metadata = tmpl ? tmpl->get("metadata") : nullptr;
  const Node* labels = metadata && metadata->is_mapping() ? metadata->get("labels") : nullptr;
  return labels && labels->is_mapping() ? labels : nullptr;
}

std::vector<const K8sObject*> workloads_selected(const LintSet& set, std::string_view namespace_,
                                                 const LabelSelector& selector) {
  std::vector<const K8sObject*> out;
  if (selector.selects_nothing()) return out;
  for (const K8sObject* w : workloads_in(set, namespace_)) {
    if (selector.matches(template_labels(*w))) out.push_back(w);
  }
  return out;
}

bool custom_resource_pods_selected(const LintSet& set, std::string_view namespace_,
                                   const LabelSelector& selector) {
  if (selector.selects_nothing()) return false;
  for (const K8sObject* object : set.in_namespace(namespace_)) {
    if (is_builtin_group(object->api_group())) continue;
    const Node* spec = object->root->get("spec");
    if (spec && declares_selected_pod_labels(*spec, selector, 0)) return true;
  }
  return false;
}

LabelSelector pdb_selector(const K8sObject& pdb) {
  return LabelSelector::parse(pdb.root->at({"spec", "selector"}));
}

std::vector<const K8sObject*> pdbs_selecting(const LintSet& set, const K8sObject& workload) {
  std::vector<const K8sObject*> out;
  const LabelMap labels = label_map(template_labels(workload));
  for (const K8sObject* pdb : set.by_kind(set.namespace_of(workload), "PodDisruptionBudget")) {
    if (pdb_selector(*pdb).matches(labels)) out.push_back(pdb);
  }
  return out;
}

std::optional<LabelSelector> service_selector(const K8sObject& service) {
  const Node* spec = service.root->get("spec");
  if (!spec || !spec->is_mapping()) return std::nullopt;
  if (const Node* type = spec->get("type"); type && type->str() == "ExternalName")
    return std::nullopt;
  LabelSelector selector = LabelSelector::from_map(spec->get("selector"));
  if (selector.state() != LabelSelector::State::Requirements || !selector.valid())
    return std::nullopt;  // an invalid selector is the API server's rejection, not ours
  return selector;
}

std::optional<std::int64_t> declared_replicas(const K8sObject& workload) {
  const std::string_view k = workload.kind;
  if (k != "Deployment" && k != "StatefulSet" && k != "ReplicaSet" &&
      k != "ReplicationController" && k != "DeploymentConfig")
    return std::nullopt;
  const Node* replicas = workload.root->at({"spec", "replicas"});
  if (!replicas || replicas->is_null()) return kDefaultDeploymentReplicas;
  return replicas->as_int();
}

}  // namespace titanlint::rules
