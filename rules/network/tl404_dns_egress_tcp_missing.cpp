// TL404 dns-egress-tcp-missing: DNS egress allows UDP 53 but not TCP 53.
#include <fmt/format.h>

#include "common/define.h"
#include "common/network_policy.h"
#include "common/workload.h"
#include "fix/fix_builder.h"

namespace titanlint::rules {
namespace {

class DnsEgressTcpMissing final : public Rule {
 public:
  explicit DnsEgressTcpMissing(const RuleOptions&) {}

  void check(const K8sObject& object, const LintSet&, Reporter& out) const override {
    const Node* spec = object.root->get("spec");
    if (!policy_types(spec).egress) return;  // egress is not isolated: TCP 53 is open anyway
    const std::vector<PolicyRule> rules = policy_rules(spec, "egress");
    for (const PolicyRule& rule : rules) {
      for (const Node* port : rule_ports(*rule.node)) {
        // An explicit UDP 53 (a number, a range holding 53, or a DNS port name); an entry without
        // a port opens every UDP port and is not a DNS rule.
        const Node* number = port->get("port");
        if (!number || number->is_null() || port_protocol(*port) != "UDP" ||
            !port_allows_dns(*port, "UDP"))
          continue;
        if (tcp_allowed_to_same_destination(*rule.node, rules)) continue;
        auto message = [&] {
          return fmt::format(
              "{} of {} allows DNS over UDP port 53 but no rule allows TCP 53 "
              "to the same destination: answers larger than 512 bytes (and "
              "zone transfers, DNSSEC) retry over TCP and time out",
              rule_label("egress", rule.index), object_label(object));
        };
        // Every UDP entry of the rule offers the same insertion: the first one taken resolves
        // them all, the others overlap it and are gone by the next pass.
        const Node* ports = rule.node->get("ports");
        out.report(*port, message, {}, [&](FixBuilder& edit) {
          const FixValue tcp_port = tcp_port_of(*port);
          edit.describe(fmt::format("allow TCP port {} beside UDP in {} of {}", tcp_port.text(),
                                    rule_label("egress", rule.index), object_label(object)));
          edit.append(*ports, tcp_entry(*port, tcp_port));
        });
      }
    }
  }

 private:
  // The TCP twin of a UDP DNS entry. A named port stays a name: it is the DNS pod's container
  // port, which need not be 53 (OpenShift's DNS listens on 5353); CoreDNS and kube-dns name the
  // TCP one `dns-tcp` beside UDP `dns`. A number or a range holding 53 becomes port 53 alone (no
  // endPort: only DNS is asked for). The keys keep the UDP entry's order.
  static FixValue tcp_port_of(const Node& udp) {
    return udp.get("port")->type == ScalarType::String ? FixValue::string("dns-tcp")
                                                       : FixValue::number(kDnsPort);
  }
  static FixValue tcp_entry(const Node& udp, const FixValue& value) {
    bool port_first = false;
    for (const MapEntry& e : udp.entries()) {
      if (e.key->str() == "protocol") break;
      if (e.key->str() == "port") {
        port_first = true;
        break;
      }
    }
    FixValue out = FixValue::mapping();
    if (port_first) return out.add("port", value).add("protocol", FixValue::string("TCP"));
    return out.add("protocol", FixValue::string("TCP")).add("port", value);
  }

  // TCP 53 is allowed by the rule itself, by a rule without `to` (every destination), or by a
  // rule with the same `to` list.
  static bool tcp_allowed_to_same_destination(const Node& rule,
                                              const std::vector<PolicyRule>& rules) {
    if (rule_allows_dns(rule, "TCP")) return true;
    const std::string destination = canonical(rule_peers(rule, "to"));
    for (const PolicyRule& other : rules) {
      if (other.node == &rule || !rule_allows_dns(*other.node, "TCP")) continue;
      const Node* peers = rule_peers(*other.node, "to");
      if (!peers || canonical(peers) == destination) return true;
    }
    return false;
  }
};

}  // namespace

RuleDefinition tl404_dns_egress_tcp_missing() {
  RuleMeta m;
  m.code = "TL404";
  m.name = "dns-egress-tcp-missing";
  m.severity = Severity::Info;
  m.offers_fix = true;
  m.kinds = {{"NetworkPolicy", "networking.k8s.io"}};
  m.scope = RuleScope::Object;
  m.summary = "DNS egress allows UDP 53 but not TCP 53 (truncated answers retry over TCP)";
  m.remediation = "add `- { protocol: TCP, port: 53 }` next to the UDP 53 port";
  m.doc.what = R"md(
    In a NetworkPolicy that isolates egress (`Egress` in policyTypes, with the API server's
    defaulting), reports a `ports` entry that allows UDP port 53 (port 53, a port range holding 53,
    or the port names `dns`/`dns-tcp`) when no egress rule of the same policy allows TCP 53 to the
    same destination: the same rule, a rule with an identical `to` list, or a rule without `to`. A
    ports entry without `protocol` is TCP (the API server's default); a rule without `ports` allows
    every port and protocol. It points at the UDP ports entry. Other policies that select the same
    pods are not consulted (policies add up, so an `allow-dns` policy elsewhere may open TCP 53:
    then suppress this finding).
  )md";
  m.doc.why = R"md(
    DNS answers that do not fit in a UDP datagram (many records, DNSSEC, long CNAME chains) come
    back truncated and the resolver retries over TCP 53. With only UDP allowed those lookups hang
    until they time out: intermittent, hard-to-debug failures. The production guide's own policy
    (`api/networkpolicy.yaml`) allows only UDP 53.
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
            matchLabels: { kubernetes.io/metadata.name: kube-system }
      ports:
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
      ports:
        - { protocol: UDP, port: 53 }
        - { protocol: TCP, port: 53 }
)yaml";
  m.doc.fix = R"md(
    `titanlint fix` adds `{protocol: TCP, port: 53}` after the last entry of the same `ports` list,
    which opens TCP 53 to exactly the destinations UDP 53 goes to. A UDP entry that names the port
    (`dns`) gets `port: dns-tcp`, the name CoreDNS and kube-dns give their TCP port (the DNS pod may
    listen on another number than 53); a port range gives port 53 alone. One entry is added per
    rule, whatever number of UDP entries it has.
  )md";
  m.doc.references = {
      {"production guide (`seed/kubernetes-production-guide.txt`), section \"NetworkPolicy\"", ""},
      {"Kubernetes: Network Policies",
       "https://kubernetes.io/docs/concepts/services-networking/network-policies/"}};
  return define<DnsEgressTcpMissing>(std::move(m));
}

}  // namespace titanlint::rules
