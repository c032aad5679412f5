// TL406 networkpolicy-selects-nothing: a NetworkPolicy whose podSelector matches no workload.
#include <fmt/format.h>

#include "common/define.h"
#include "common/network_policy.h"
#include "common/relations.h"
#include "common/workload.h"
#include "lint_set.h"

namespace titanlint::rules {
namespace {

class NetworkPolicySelectsNothing final : public Rule {
 public:
  explicit NetworkPolicySelectsNothing(const RuleOptions&) {}

  void check(const K8sObject& object, const LintSet& set, Reporter& out) const override {
    const Node* spec = object.root->get("spec");
    LabelSelector selector = policy_pod_selector(spec);
    // `{}` (or an absent podSelector) selects every pod; an invalid selector is rejected by the
    // API server, which is not this rule's finding.
    if (!selector.valid() || selector.selects_everything() || !selector.node()) return;
    const std::string_view ns = set.namespace_of(object);
    const std::vector<const K8sObject*> workloads = workloads_in(set, ns);
    std::size_t with_pods = 0;
    for (const K8sObject* workload : workloads) {
      auto pod = pod_template(*workload);
      if (!pod) continue;
      ++with_pods;
      if (selector.matches(pod_labels(*pod))) return;
    }
    // No workload of the namespace in the set: the policy is probably for pods linted elsewhere.
    if (with_pods == 0) return;
    // The pods of an operator-managed custom resource (a Prometheus) are not in the set.
    if (custom_resource_pods_selected(set, ns, selector)) return;
    out.report(*selector.node(), [&] {
      return fmt::format(
          "podSelector `{}` of {} matches none of the {} workload{} of namespace "
          "\"{}\" in the linted set: the policy isolates nothing",
          selector.to_string(), object_label(object), with_pods, with_pods == 1 ? "" : "s", ns);
    });
  }
};

}  // namespace

RuleDefinition tl406_networkpolicy_selects_nothing() {
  RuleMeta m;
  m.code = "TL406";
  m.name = "networkpolicy-selects-nothing";
  m.severity = Severity::Warning;
  m.kinds = {{"NetworkPolicy", "networking.k8s.io"}};
  m.scope = RuleScope::Set;
  m.needs_complete_set = true;
  m.summary = "NetworkPolicy podSelector matches no workload in the linted set";
  m.remediation =
      "make the podSelector match the pod template labels of the workload it protects (or "
      "delete the stale policy)";
  m.doc.what = R"md(
    Reports a `networking.k8s.io/v1` NetworkPolicy whose podSelector matches the pod template labels
    of no workload (Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job,
    CronJob, DeploymentConfig, bare Pod) of its namespace in the linted set. It is skipped when the
    set has no workload in that namespace (the policy then protects pods deployed from elsewhere),
    for `podSelector: {}` and an absent podSelector (both select every pod of the namespace: the
    field's Go type is a struct, so absent decodes to `{}`), and for a selector the API server would
    reject. It points at the podSelector. Under `--partial` the rule is silent (the workload may
    live in a file that was not linted). A custom resource of the namespace that declares its pods'
    labels (a `labels` mapping under a `*metadata` key of its spec: the Prometheus Operator's
    `podMetadata`, an Argo Rollout's `template.metadata`) and matches the selector counts as a
    workload: its operator creates those pods. Pods an operator labels in other ways are not known
    to the linter: suppress the finding on such policies.
  )md";
  m.doc.why = R"md(
    A policy that selects nothing protects nothing: usually a typo in a label or a label renamed on
    the Deployment but not on the policy. The workload it was written for is then open in every
    direction, while the policy's presence suggests the opposite. The guide pairs every app with a
    policy whose podSelector matches its pod labels.
  )md";
  m.doc.example = R"yaml(
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: api
spec:
  podSelector:
    matchLabels: { app: api-server }   # the Deployment's pods are app: api
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  selector:
    matchLabels: { app: api }
  template:
    metadata:
      labels: { app: api }
    spec:
      containers:
        - name: api
          image: registry.example.com/platform-api:v1.4.2
          ports: [{ name: http, containerPort: 3001 }]
)yaml";
  m.doc.use_instead = R"yaml(
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: api
spec:
  podSelector:
    matchLabels: { app: api }
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  selector:
    matchLabels: { app: api }
  template:
    metadata:
      labels: { app: api }
    spec:
      containers:
        - name: api
          image: registry.example.com/platform-api:v1.4.2
          ports: [{ name: http, containerPort: 3001 }]
)yaml";
  m.doc.references = {
      {"production guide (`seed/kubernetes-production-guide.txt`), section \"NetworkPolicy\"", ""},
      {"Kubernetes: Network Policies",
       "https://kubernetes.io/docs/concepts/services-networking/network-policies/"},
      {"kube-linter check `dangling-networkpolicy`", ""}};
  return define<NetworkPolicySelectsNothing>(std::move(m));
}

}  // namespace titanlint::rules
