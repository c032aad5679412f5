// TL401 networkpolicy-missing: no NetworkPolicy with Egress selects a workload's pods.
#include <fmt/format.h>

#include "common/define.h"
#include "common/network_policy.h"
#include "common/workload.h"
#include "lint_set.h"

namespace titanlint::rules {
namespace {

class NetworkPolicyMissing final : public Rule {
 public:
  explicit NetworkPolicyMissing(const RuleOptions&) {}

  void check(const K8sObject& object, const LintSet& set, Reporter& out) const override {
    auto pod = pod_template(object);
    if (!pod) return;
    // NetworkPolicy does not apply to pods on the host's network namespace.
    if (const Node* host = pod->spec->get("hostNetwork"); host && host->as_bool() == true) return;
    const std::string_view ns = set.namespace_of(object);
    // A Calico/Cilium/AdminNetworkPolicy may isolate these pods; titanlint cannot evaluate it.
    if (!foreign_policy_in(set, ns).empty()) return;

    const LabelMap labels = label_map(pod_labels(*pod));
    std::vector<std::string> ingress_only;
    std::size_t policies = 0;
    std::string first_policy;
    for (const K8sObject* policy : network_policies_in(set, ns)) {
      if (policies++ == 0) first_policy = object_label(*policy);
      const Node* spec = policy->root->get("spec");
      if (!policy_pod_selector(spec).matches(labels)) continue;
      if (policy_types(spec).egress) return;
      ingress_only.push_back(object_label(*policy));
    }

    std::string why;
    if (!ingress_only.empty()) {
      std::string names;
      for (const std::string& n : ingress_only) names += (names.empty() ? "" : ", ") + n;
      why = fmt::format(
          "it is selected only by {}, which do{} not list Egress in policyTypes (absent "
          "policyTypes "
          "default to [Ingress] unless the policy has egress rules)",
          names, ingress_only.size() == 1 ? "es" : "");
    } else if (policies == 0) {
      why = fmt::format("namespace \"{}\" has no NetworkPolicy in the linted set", ns);
    } else {
      const std::string which =
          policies == 1 ? fmt::format(
                              "the only NetworkPolicy in namespace \"{}\" ({}) does not "
                              "select",
                              ns, first_policy)
                        : fmt::format("none of the {} NetworkPolicies in namespace \"{}\" selects",
                                      policies, ns);
      why = labels.empty() ? fmt::format(
                                 "its pod template has no labels, so only a "
                                 "`podSelector: {{}}` policy could select it, and {} it",
                                 which)
                           : fmt::format("{} its pod labels", which);
    }
    out.report_object(
        [&] {
          return fmt::format("{} has no NetworkPolicy restricting its egress: {}",
                             object_label(object), why);
        },
        labels.empty()
            ? "label the pod template (e.g. `app: <name>`) and add a NetworkPolicy whose "
              "podSelector "
              "matches it with `policyTypes: [Ingress, Egress]`, allowing only in-namespace and "
              "DNS egress"
            : "add a NetworkPolicy whose podSelector matches the pod labels, with `policyTypes: "
              "[Ingress, Egress]`, allowing only in-namespace and DNS egress");
  }
};

}  // namespace

RuleDefinition tl401_networkpolicy_missing() {
  RuleMeta m;
  m.code = "TL401";
  m.name = "networkpolicy-missing";
  m.severity = Severity::Error;
  m.kinds = workload_kinds();
  m.scope = RuleScope::Set;
  m.needs_complete_set = true;
  m.summary =
      "Workload's pods are not selected by any NetworkPolicy in their namespace that lists "
      "Egress in policyTypes";
  m.remediation =
      "add a NetworkPolicy whose podSelector matches the pod labels, with `policyTypes: [Ingress, "
      "Egress]`, allowing only in-namespace and DNS egress";
  m.doc.what = R"md(
    Reports a workload (Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job,
    CronJob, DeploymentConfig, bare Pod) whose pod template labels are not selected by any
    `networking.k8s.io/v1` NetworkPolicy of the same namespace in the linted set that isolates
    egress. A policy isolates egress when `Egress` is in its policyTypes; when policyTypes is absent
    the API server sets `[Ingress]`, plus `Egress` if the policy has at least one `egress` rule, and
    the rule applies exactly that defaulting. An absent or empty podSelector (`{}`) selects every
    pod of the namespace. Objects without a namespace are in the run's default namespace (`default`,
    or `--namespace`). It points at the workload's `metadata.name`.

    Jobs and CronJobs are included: their pods carry the same credentials (a migration Job holds the
    database URL) and can exfiltrate as well as any server. Pods with `hostNetwork: true` are
    skipped: NetworkPolicy does not apply to the node's network namespace. When the namespace (or
    the run, for cluster-scoped kinds) holds a Calico `NetworkPolicy`/`GlobalNetworkPolicy`, a
    Cilium `CiliumNetworkPolicy`/`CiliumClusterwideNetworkPolicy` or an `AdminNetworkPolicy`, the
    rule stays silent: those may isolate the pods and titanlint cannot evaluate them. Under
    `--partial` the rule is silent (the policy may live in a file that was not linted).
  )md";
  m.doc.why = R"md(
    A pod that no egress policy selects can open connections anywhere: to every other namespace, the
    cloud metadata endpoint and the internet. The production guide isolates every app with a
    NetworkPolicy that allows only in-namespace and DNS egress (`api/networkpolicy.yaml`), so a
    compromised or misconfigured pod cannot reach what it has no business with.
  )md";
  m.doc.example = R"yaml(
apiVersion: apps/v1
kind: Deployment
metadata:
  name: webapp           # no NetworkPolicy selects app: webapp
spec:
  selector:
    matchLabels: { app: webapp }
  template:
    metadata:
      labels: { app: webapp }
    spec:
      containers:
        - name: webapp
          image: registry.example.com/platform-webapp:v1.4.2
          ports: [{ name: http, containerPort: 3001 }]
)yaml";
  m.doc.use_instead = R"yaml(
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: webapp
spec:
  podSelector:
    matchLabels: { app: webapp }
  policyTypes: [Ingress, Egress]
  ingress:
    - from:
        - namespaceSelector:
            matchLabels: { kubernetes.io/metadata.name: ingress-nginx }
  egress:
    - to:
        - podSelector: {}
    - to:
        - namespaceSelector:
            matchLabels: { kubernetes.io/metadata.name: kube-system }
      ports:
        - { protocol: UDP, port: 53 }
        - { protocol: TCP, port: 53 }
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: webapp
spec:
  selector:
    matchLabels: { app: webapp }
  template:
    metadata:
      labels: { app: webapp }
    spec:
      containers:
        - name: webapp
          image: registry.example.com/platform-webapp:v1.4.2
          ports: [{ name: http, containerPort: 3001 }]
)yaml";
  m.doc.references = {
      {"production guide (`seed/kubernetes-production-guide.txt`), section \"NetworkPolicy\"", ""},
      {"Kubernetes: Network Policies",
       "https://kubernetes.io/docs/concepts/services-networking/network-policies/"},
      {"kube-linter check `non-isolated-pod`", ""},
      {"Polaris check `missingNetworkPolicy`", ""}};
  return define<NetworkPolicyMissing>(std::move(m));
}

}  // namespace titanlint::rules
