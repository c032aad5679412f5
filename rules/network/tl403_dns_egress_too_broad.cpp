// TL403 dns-egress-too-broad: egress to kube-system beyond DNS, or DNS egress to everything.
#include <fmt/format.h>

#include "common/define.h"
#include "common/network_policy.h"
#include "common/workload.h"

namespace titanlint::rules {
namespace {

class DnsEgressTooBroad final : public Rule {
 public:
  explicit DnsEgressTooBroad(const RuleOptions&) {}

  void check(const K8sObject& object, const LintSet&, Reporter& out) const override {
    const Node* spec = object.root->get("spec");
    if (!policy_types(spec).egress) return;  // egress rules are not enforced
    for (const PolicyRule& rule : policy_rules(spec, "egress")) {
      const std::string where =
          fmt::format("{} of {}", rule_label("egress", rule.index), object_label(object));
      if (rule_ports_only_dns(*rule.node))
        check_dns_rule(*rule.node, where, out);
      else
        check_kube_system_rule(*rule.node, where, out);
    }
  }

 private:
  // A port-53 rule must name the DNS servers, not every namespace or address.
  static void check_dns_rule(const Node& rule, const std::string& where, Reporter& out) {
    const Node* peers = rule_peers(rule, "to");
    if (!peers) {
      auto message = [&] {
        return fmt::format(
            "{} allows DNS (port 53) to every destination: it has no `to`, so any pod or "
            "external resolver can be queried (a classic exfiltration channel)",
            where);
      };
      if (const Node* to = rule.get("to"))
        out.report(*to, message);
      else
        out.report_missing(rule, "to", message);
      return;
    }
    for (const Node* peer : peers->items()) {
      if (!peer->is_mapping()) continue;
      const Node* ns_node = peer->get("namespaceSelector");
      if (ns_node && !ns_node->is_null()) {
        LabelSelector ns = LabelSelector::parse(ns_node);
        const Node* pod_node = peer->get("podSelector");
        const bool all_pods =
            !pod_node || pod_node->is_null() || LabelSelector::parse(pod_node).selects_everything();
        if (ns.selects_everything() && all_pods) {
          out.report(*ns_node, [&] {
            return fmt::format(
                "{} allows DNS (port 53) to every pod of every "
                "namespace (`namespaceSelector: {{}}`)",
                where);
          });
        }
      }
      const Node* cidr = peer->at({"ipBlock", "cidr"});
      if (cidr && cidr->is_scalar() && !all_addresses_family(cidr->str()).empty()) {
        out.report(*cidr, [&] {
          return fmt::format(
              "{} allows DNS (port 53) to every {} address ({}): any "
              "external resolver can be queried",
              where, all_addresses_family(cidr->str()), cidr->str());
        });
      }
    }
  }

  // A rule to kube-system must be limited to DNS.
  static void check_kube_system_rule(const Node& rule, const std::string& where, Reporter& out) {
    const Node* peers = rule_peers(rule, "to");
    if (!peers) return;  // TL402's finding
    for (const Node* peer : peers->items()) {
      if (!peer->is_mapping()) continue;
      const Node* ns_node = peer->get("namespaceSelector");
      if (!ns_node || !selects_kube_system(LabelSelector::parse(ns_node))) continue;
      std::vector<const Node*> ports = rule_ports(rule);
      if (ports.empty()) {
        out.report(*ns_node, [&] {
          return fmt::format(
              "{} allows every port to namespace kube-system; only "
              "DNS (port 53) is needed there",
              where);
        });
        return;
      }
      for (const Node* port : ports) {
        if (port_is_dns(*port)) continue;
        const Node* number = port->get("port");
        const Node* end = port->get("endPort");
        std::string which = "on every port";
        if (number && !number->is_null()) {
          which = end && !end->is_null() ? fmt::format("ports {}-{}", number->str(), end->str())
                                         : fmt::format("port {}", number->str());
        }
        out.report(*port, [&] {
          return fmt::format(
              "{} allows {} {} to namespace kube-system; only DNS (port "
              "53) is needed there",
              where, port_protocol(*port), which);
        });
        return;
      }
      return;
    }
  }
};

}  // namespace

RuleDefinition tl403_dns_egress_too_broad() {
  RuleMeta m;
  m.code = "TL403";
  m.name = "dns-egress-too-broad";
  m.severity = Severity::Warning;
  m.kinds = {{"NetworkPolicy", "networking.k8s.io"}};
  m.scope = RuleScope::Object;
  m.summary =
      "Egress to the kube-system namespace not limited to port 53, or a port-53 rule open to all "
      "namespaces";
  m.remediation =
      "allow only port 53 (UDP and TCP) to namespace kube-system: `to: [{namespaceSelector: "
      "{matchLabels: {kubernetes.io/metadata.name: kube-system}}}]`";
  m.doc.what = R"md(
    In a NetworkPolicy that isolates egress (`Egress` in policyTypes, with the API server's
    defaulting), reports two shapes of over-broad DNS egress:

    - a rule whose `to` has a namespaceSelector naming kube-system (`kubernetes.io/metadata.name` or
    the older `name` label, In kube-system) and whose ports are absent (every port) or include a
    port other than 53; it points at the first such port, or at the namespaceSelector when `ports`
    is absent;
    - a rule whose ports are all DNS (53, or the port names `dns`/`dns-tcp`) but whose `to` is
    absent or empty, has a peer `namespaceSelector: {}` without a narrowing podSelector, or an
    ipBlock `0.0.0.0/0`/`::/0`; it points at that peer's selector or cidr, or at the rule when `to`
    is absent.

    A namespaceSelector `{}` on a rule that is not DNS-only is not reported here (it is cluster-wide
    egress, not DNS egress).
  )md";
  m.doc.why = R"md(
    The production guide allows egress to in-namespace pods plus DNS in kube-system. kube-system
    also runs the cloud controllers, metrics and CNI agents: all ports to it is far more than DNS
    needs. A port-53 rule open to every destination lets a compromised pod tunnel data through any
    external resolver.
  )md";
  m.doc.example = R"yaml(
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: api
spec:
  podSelector: {}
  policyTypes: [Egress]
  egress:
    - to:
        - namespaceSelector:
            matchLabels: { kubernetes.io/metadata.name: kube-system }   # every port
    - ports:                                                           # no `to`
        - { protocol: UDP, port: 53 }
)yaml";
  m.doc.use_instead = R"yaml(
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: api
spec:
  podSelector: {}
  policyTypes: [Egress]
  egress:
    - to:
        - namespaceSelector:
            matchLabels: { kubernetes.io/metadata.name: kube-system }
          podSelector:
            matchLabels: { k8s-app: kube-dns }
      ports:
        - { protocol: UDP, port: 53 }
        - { protocol: TCP, port: 53 }
)yaml";
  m.doc.references = {
      {"production guide (`seed/kubernetes-production-guide.txt`), section \"NetworkPolicy\"", ""},
      {"Kubernetes: Network Policies",
       "https://kubernetes.io/docs/concepts/services-networking/network-policies/"}};
  return define<DnsEgressTooBroad>(std::move(m));
}

}  // namespace titanlint::rules
