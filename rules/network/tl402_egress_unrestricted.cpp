// TL402 egress-unrestricted: an egress rule that allows every destination.
#include <fmt/format.h>

#include "common/define.h"
#include "common/network_policy.h"
#include "common/workload.h"

namespace titanlint::rules {
namespace {

class EgressUnrestricted final : public Rule {
 public:
  explicit EgressUnrestricted(const RuleOptions&) {}

  void check(const K8sObject& object, const LintSet&, Reporter& out) const override {
    const Node* spec = object.root->get("spec");
    // Without Egress in policyTypes the egress rules are not enforced: nothing is opened.
    if (!policy_types(spec).egress) return;
    for (const PolicyRule& rule : policy_rules(spec, "egress")) {
      // A DNS-only rule open to everything is TL403's finding (dns-egress-too-broad).
      if (rule_ports_only_dns(*rule.node)) continue;
      const std::string where =
          fmt::format("{} of {}", rule_label("egress", rule.index), object_label(object));
      const Node* peers = rule_peers(*rule.node, "to");
      if (!peers) {
        auto message = [&] {
          return fmt::format(
              "{} has no `to`: it allows {} to every destination (all pods of all namespaces, the "
              "cloud metadata endpoint, the internet)",
              where, rule_ports(*rule.node).empty() ? "every port" : "its ports");
        };
        if (const Node* to = rule.node->get("to"))
          out.report(*to, message);
        else
          out.report_missing(*rule.node, "to", message);
        continue;
      }
      for (const Node* peer : peers->items()) {
        if (!peer->is_mapping()) continue;
        const Node* cidr = peer->at({"ipBlock", "cidr"});
        if (!cidr || !cidr->is_scalar()) continue;
        std::string_view family = all_addresses_family(cidr->str());
        if (family.empty()) continue;
        const Node* except = peer->at({"ipBlock", "except"});
        out.report(*cidr, [&] {
          return fmt::format("{} allows ipBlock {}: every {} address{}", where, cidr->str(), family,
                             except && except->is_sequence() && !except->items().empty()
                                 ? " (the `except` list still leaves almost all of them open)"
                                 : "");
        });
      }
    }
  }
};

}  // namespace

RuleDefinition tl402_egress_unrestricted() {
  RuleMeta m;
  m.code = "TL402";
  m.name = "egress-unrestricted";
  m.severity = Severity::Error;
  m.kinds = {{"NetworkPolicy", "networking.k8s.io"}};
  m.scope = RuleScope::Object;
  m.summary = "An egress rule with no `to` (allow all), or an ipBlock 0.0.0.0/0 or ::/0";
  m.remediation =
      "list the destinations: `podSelector: {}` for the own namespace, a namespaceSelector for "
      "the namespaces the app calls, an ipBlock with the narrowest CIDR of an external service";
  m.doc.what = R"md(
    Reports, in a NetworkPolicy that isolates egress (`Egress` in policyTypes, with the API server's
    defaulting), an egress rule without `to` (or with `to: []`), which allows every destination, and
    an `ipBlock.cidr` with prefix length 0 (`0.0.0.0/0`, `::/0`), which allows every address of its
    family. An ipBlock with an `except` list still fires: the exceptions carve a few ranges out of
    the whole internet. It points at the cidr value, or at the egress rule when `to` is absent.

    A rule whose ports are all DNS (port 53, or the port names `dns`/`dns-tcp`) is left to TL403
    (dns-egress-too-broad), which reports a DNS rule open to every destination; egress rules of a
    policy that does not list Egress are not enforced and are not reported.
  )md";
  m.doc.why = R"md(
    The production guide restricts egress to in-namespace traffic plus DNS: a compromised pod must
    not reach other namespaces, the cloud metadata endpoint or the internet. A rule that allows
    every destination turns the egress policy into decoration.
  )md";
  m.doc.example = R"yaml(
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: api
spec:
  podSelector:
    matchLabels: { app: api }
  policyTypes: [Egress]
  egress:
    - ports:
        - { protocol: TCP, port: 443 }    # to anywhere
    - to:
        - ipBlock: { cidr: 0.0.0.0/0, except: [169.254.169.254/32] }
)yaml";
  m.doc.use_instead = R"yaml(
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: api
spec:
  podSelector:
    matchLabels: { app: api }
  policyTypes: [Egress]
  egress:
    - to:
        - podSelector: {}
    - to:
        - ipBlock: { cidr: 203.0.113.0/24 }   # the payment provider
      ports:
        - { protocol: TCP, port: 443 }
)yaml";
  m.doc.references = {
      {"production guide (`seed/kubernetes-production-guide.txt`), section \"NetworkPolicy\"", ""},
      {"Kubernetes: Network Policies",
       "https://kubernetes.io/docs/concepts/services-networking/network-policies/"}};
  return define<EgressUnrestricted>(std::move(m));
}

}  // namespace titanlint::rules
