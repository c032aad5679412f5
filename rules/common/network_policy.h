// What the NetworkPolicy rules (TL401-TL406) need to know about a networking.k8s.io/v1
// NetworkPolicy: which directions it isolates (policyTypes with the API server's defaulting), which
// pods it selects, its rules, peers and ports, and what DNS traffic its ports allow.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "k8s_object.h"
#include "label_selector.h"
#include "lint_set.h"
#include "node.h"

namespace titanlint::rules {

inline constexpr std::int64_t kDnsPort = 53;

// kind NetworkPolicy in API group networking.k8s.io (Calico's projectcalico.org NetworkPolicy has
// the same kind and a different shape).
bool is_network_policy(const K8sObject& object);

// The NetworkPolicies of one namespace in the run (through the set's index).
std::vector<const K8sObject*> network_policies_in(const LintSet& set, std::string_view namespace_);

// A CNI-specific policy that may isolate pods of `namespace_` and that titanlint cannot evaluate:
// Calico (Global)NetworkPolicy, Cilium (Clusterwide)NetworkPolicy, AdminNetworkPolicy. Returns the
// first one found (`Kind/name`), or empty.
std::string foreign_policy_in(const LintSet& set, std::string_view namespace_);

struct PolicyTypes {
  bool ingress = false;
  bool egress = false;
};

// spec.policyTypes as the API server stores it: when absent or empty, SetDefaults_NetworkPolicySpec
// sets [Ingress], plus Egress when the spec has at least one egress rule.
PolicyTypes policy_types(const Node* spec);

// spec.podSelector. Its Go type is a non-pointer metav1.LabelSelector, so an absent or null
// podSelector decodes to `{}`: every pod of the namespace.
LabelSelector policy_pod_selector(const Node* spec);

// The rule mappings of spec.ingress or spec.egress (non-mapping items skipped).
struct PolicyRule {
  const Node* node;
  std::size_t index;
};
std::vector<PolicyRule> policy_rules(const Node* spec, std::string_view direction);

// A rule's peer list (`from` or `to`): null when absent, null or an empty list (all of which mean
// "every source/destination").
const Node* rule_peers(const Node& rule, std::string_view field);

// An ipBlock cidr with prefix length 0 (`0.0.0.0/0`, `::/0`): every address of its family.
// Returns "IPv4" or "IPv6", or empty when the cidr is narrower (or not a cidr).
std::string_view all_addresses_family(std::string_view cidr);

// The entries of a rule's `ports` (non-mapping items skipped); empty when absent or empty (all
// ports, all protocols).
std::vector<const Node*> rule_ports(const Node& rule);

// A `ports` entry is exactly DNS: port 53 (no endPort beyond it) or the port names CoreDNS and
// kube-dns use (`dns`, `dns-tcp`), any protocol.
bool port_is_dns(const Node& port_entry);
// The rule names ports and every one of them is DNS (see port_is_dns).
bool rule_ports_only_dns(const Node& rule);
// The `ports` entry lets `protocol` port 53 through: the protocol matches (absent = TCP) and the
// port is absent (all ports), 53, a range containing 53, or a DNS port name.
bool port_allows_dns(const Node& port_entry, std::string_view protocol);
// The rule lets `protocol` port 53 through (a rule without ports allows every port).
bool rule_allows_dns(const Node& rule, std::string_view protocol);
// The entry's protocol, with the API server's default (TCP).
std::string_view port_protocol(const Node& port_entry);

// A peer's namespaceSelector names kube-system explicitly: a requirement
// `kubernetes.io/metadata.name` or `name` In [..., kube-system, ...].
bool selects_kube_system(const LabelSelector& namespace_selector);

// A canonical text of a subtree (mapping keys sorted), to compare two `to` lists.
std::string canonical(const Node* node);

// For messages: `egress rule 1` / `ingress rule 0`.
std::string rule_label(std::string_view direction, std::size_t index);

}  // namespace titanlint::rules
