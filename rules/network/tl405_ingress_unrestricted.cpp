// TL405 ingress-unrestricted: an ingress rule that allows every source.
#include <fmt/format.h>

#include "common/define.h"
#include "common/network_policy.h"
#include "common/workload.h"

namespace titanlint::rules {
namespace {

class IngressUnrestricted final : public Rule {
 public:
  explicit IngressUnrestricted(const RuleOptions&) {}

  void check(const K8sObject& object, const LintSet&, Reporter& out) const override {
    const Node* spec = object.root->get("spec");
    // Without Ingress in policyTypes the ingress rules are not enforced.
    if (!policy_types(spec).ingress) return;
    for (const PolicyRule& rule : policy_rules(spec, "ingress")) {
      if (rule_peers(*rule.node, "from")) continue;
      auto message = [&] {
        return fmt::format(
            "{} of {} has no `from`: it allows {} from every source (all pods of all namespaces "
            "and, through a LoadBalancer or NodePort, the internet)",
            rule_label("ingress", rule.index), object_label(object),
            rule_ports(*rule.node).empty() ? "every port" : "its ports");
      };
      if (const Node* from = rule.node->get("from"))
        out.report(*from, message);
      else
        out.report_missing(*rule.node, "from", message);
    }
  }
};

}  // namespace

RuleDefinition tl405_ingress_unrestricted() {
  RuleMeta m;
  m.code = "TL405";
  m.name = "ingress-unrestricted";
  m.severity = Severity::Warning;
  m.kinds = {{"NetworkPolicy", "networking.k8s.io"}};
  m.scope = RuleScope::Object;
  m.summary = "An ingress rule with no `from` (allow all sources)";
  m.remediation =
      "list the sources: e.g. `from: [{namespaceSelector: {matchLabels: "
      "{kubernetes.io/metadata.name: ingress-nginx}}}]` for traffic from the ingress controller";
  m.doc.what = R"md(
    In a NetworkPolicy that isolates ingress (`Ingress` in policyTypes; absent policyTypes always
    include it), reports an ingress rule without `from`, or with `from: []`, both of which allow
    every source (an empty rule `{}` allows everything). It points at the `from` value, or at the
    ingress rule when `from` is absent. A rule limited to some ports still fires: every source may
    reach those ports. A `from` peer with ipBlock `0.0.0.0/0` is not reported (a public endpoint
    such as an ingress controller needs it, and says so explicitly).
  )md";
  m.doc.why = R"md(
    The production guide lets traffic into an app only from the ingress controller's namespace
    (`namespaceSelector: {matchLabels: {name: ingress-nginx}}`). A rule without `from` lets every
    pod of the cluster reach the app, which is what the policy was meant to prevent.
  )md";
  m.doc.example = R"yaml(
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: api
spec:
  podSelector: {}
  policyTypes: [Ingress]
  ingress:
    - ports:
        - { protocol: TCP, port: 3001 }
)yaml";
  m.doc.use_instead = R"yaml(
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: api
spec:
  podSelector: {}
  policyTypes: [Ingress]
  ingress:
    - from:
        - namespaceSelector:
            matchLabels: { kubernetes.io/metadata.name: ingress-nginx }
      ports:
        - { protocol: TCP, port: 3001 }
)yaml";
  m.doc.references = {
      {"production guide (`seed/kubernetes-production-guide.txt`), section \"NetworkPolicy\"", ""},
      {"Kubernetes: Network Policies",
       "https://kubernetes.io/docs/concepts/services-networking/network-policies/"}};
  return define<IngressUnrestricted>(std::move(m));
}

}  // namespace titanlint::rules
