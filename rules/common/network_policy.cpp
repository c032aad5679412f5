#include "common/network_policy.h"

#include <algorithm>
#include <array>
#include <optional>

#include <fmt/format.h>

namespace titanlint::rules {

bool is_network_policy(const K8sObject& object) {
  return object.kind == "NetworkPolicy" && object.api_group() == "networking.k8s.io";
}

std::vector<const K8sObject*> network_policies_in(const LintSet& set, std::string_view namespace_) {
  std::vector<const K8sObject*> out;
  for (const K8sObject* o : set.by_kind(namespace_, "NetworkPolicy"))
    if (is_network_policy(*o)) out.push_back(o);
  return out;
}

std::string foreign_policy_in(const LintSet& set, std::string_view namespace_) {
  for (const K8sObject* o : set.by_kind(namespace_, "NetworkPolicy")) {
    if (!is_network_policy(*o)) return fmt::format("{}/{} ({})", o->kind, o->name, o->api_version);
  }
  for (std::string_view kind : {"CiliumNetworkPolicy"}) {
    auto found = set.by_kind(namespace_, kind);
    if (!found.empty()) return fmt::format("{}/{}", found.front()->kind, found.front()->name);
  }
  // Cluster-scoped policies: objects without a namespace sit in the run's default namespace.
  static constexpr std::array<std::string_view, 4> kClusterKinds = {
      "GlobalNetworkPolicy", "CiliumClusterwideNetworkPolicy", "AdminNetworkPolicy",
      "BaselineAdminNetworkPolicy"};
  for (std::string_view kind : kClusterKinds) {
    auto found = set.by_kind(set.default_namespace(), kind);
    if (!found.empty()) return fmt::format("{}/{}", found.front()->kind, found.front()->name);
  }
  return {};
}

PolicyTypes policy_types(const Node* spec) {
  PolicyTypes out;
  if (!spec || !spec->is_mapping()) {
    out.ingress = true;
    return out;
  }
  const Node* types = spec->get("policyTypes");
  if (types && types->is_sequence() && !types->items().empty()) {
    for (const Node* t : types->items()) {
      if (t->str() == "Ingress") out.ingress = true;
      if (t->str() == "Egress") out.egress = true;
    }
    return out;
  }
  out.ingress = true;
  const Node* egress = spec->get("egress");
  out.egress = egress && egress->is_sequence() && !egress->items().empty();
  return out;
}

LabelSelector policy_pod_selector(const Node* spec) {
  const Node* selector = spec && spec->is_mapping() ? spec->get("podSelector") : nullptr;
  if (!selector || selector->is_null()) return LabelSelector::everything();
  return LabelSelector::parse(selector);
}

std::vector<PolicyRule> policy_rules(const Node* spec, std::string_view direction) {
  std::vector<PolicyRule> out;
  if (!spec || !spec->is_mapping()) return out;
  const Node* list = spec->get(direction);
  if (!list || !list->is_sequence()) return out;
  for (std::size_t i = 0; i < list->items().size(); ++i)
    if (list->items()[i]->is_mapping()) out.push_back({list->items()[i], i});
  return out;
}

const Node* rule_peers(const Node& rule, std::string_view field) {
  const Node* peers = rule.get(field);
  if (!peers || !peers->is_sequence() || peers->items().empty()) return nullptr;
  return peers;
}

std::string_view all_addresses_family(std::string_view cidr) {
  const auto slash = cidr.rfind('/');
  if (slash == std::string_view::npos) return {};
  std::string_view prefix = cidr.substr(slash + 1);
  if (prefix.empty() || !std::all_of(prefix.begin(), prefix.end(), [](char c) { return c == '0'; }))
    return {};
  return cidr.substr(0, slash).find(':') != std::string_view::npos ? "IPv6" : "IPv4";
}

std::vector<const Node*> rule_ports(const Node& rule) {
  std::vector<const Node*> out;
  const Node* ports = rule.get("ports");
  if (!ports || !ports->is_sequence()) return out;
  for (const Node* p : ports->items())
    if (p->is_mapping()) out.push_back(p);
  return out;
}

std::string_view port_protocol(const Node& port_entry) {
  const Node* protocol = port_entry.get("protocol");
  if (!protocol || protocol->is_null() || protocol->str().empty()) return "TCP";
  return protocol->str();
}

namespace {

bool is_dns_port_name(std::string_view name) {
  return name == "dns" || name == "dns-tcp";
}

// The port range of an entry: [port, endPort]; nullopt for a named port or no port.
struct Range {
  std::int64_t first;
  std::int64_t last;
};

std::optional<Range> numeric_range(const Node& port) {
  const Node* number = port.get("port");
  if (!number || number->is_null() || number->type == ScalarType::String) return std::nullopt;
  auto first = number->as_int();
  if (!first) return std::nullopt;
  std::int64_t last = *first;
  if (const Node* end = port.get("endPort"); end && !end->is_null())
    last = std::max(last, end->as_int().value_or(last));
  return Range{*first, last};
}

}  // namespace

bool port_is_dns(const Node& port_entry) {
  const Node* port = port_entry.get("port");
  if (!port || port->is_null()) return false;
  if (port->type == ScalarType::String) return is_dns_port_name(port->str());
  auto range = numeric_range(port_entry);
  return range && range->first == kDnsPort && range->last == kDnsPort;
}

bool rule_ports_only_dns(const Node& rule) {
  std::vector<const Node*> ports = rule_ports(rule);
  return !ports.empty() &&
         std::all_of(ports.begin(), ports.end(), [](const Node* p) { return port_is_dns(*p); });
}

bool port_allows_dns(const Node& port_entry, std::string_view protocol) {
  if (port_protocol(port_entry) != protocol) return false;
  const Node* port = port_entry.get("port");
  if (!port || port->is_null()) return true;
  if (port->type == ScalarType::String) return is_dns_port_name(port->str());
  auto range = numeric_range(port_entry);
  return range && range->first <= kDnsPort && kDnsPort <= range->last;
}

bool rule_allows_dns(const Node& rule, std::string_view protocol) {
  std::vector<const Node*> ports = rule_ports(rule);
  if (ports.empty()) return true;
  return std::any_of(ports.begin(), ports.end(),
                     [&](const Node* p) { return port_allows_dns(*p, protocol); });
}

bool selects_kube_system(const LabelSelector& namespace_selector) {
  if (namespace_selector.state() != LabelSelector::State::Requirements ||
      !namespace_selector.valid())
    return false;
  for (const LabelRequirement& r : namespace_selector.requirements()) {
    if (r.key != "kubernetes.io/metadata.name" && r.key != "name") continue;
    if (r.op == SelectorOp::In &&
        std::find(r.values.begin(), r.values.end(), "kube-system") != r.values.end())
      return true;
  }
  return false;
}

std::string canonical(const Node* node) {
  if (!node || node->is_null()) return "~";
  if (node->is_scalar()) return fmt::format("{:?}", node->text());
  std::vector<std::string> parts;
  if (node->is_sequence()) {
    for (const Node* item : node->items()) parts.push_back(canonical(item));
    std::string out = "[";
    for (const std::string& p : parts) out += p + ",";
    return out + "]";
  }
  for (const MapEntry& e : node->entries())
    parts.push_back(canonical(e.key) + ":" + canonical(e.value));
  std::sort(parts.begin(), parts.end());
  std::string out = "{";
  for (const std::string& p : parts) out += p + ",";
  return out + "}";
}

std::string rule_label(std::string_view direction, std::size_t index) {
  return fmt::format("{} rule {}", direction, index);
}

}  // namespace titanlint::rules
