#include "common/container_ports.h"

#include <fmt/format.h>

namespace titanlint::rules {
namespace {

bool has_name(const ContainerPort& p, std::string_view name) {
  return p.name && p.name->is_scalar() && p.name->text() == name;
}

}  // namespace

std::vector<ContainerPort> container_ports(const Node& container) {
  std::vector<ContainerPort> out;
  const Node* ports = container.get("ports");
  if (!ports || !ports->is_sequence()) return out;
  for (const Node* p : ports->items())
    if (p->is_mapping()) out.push_back({p, p->get("name"), p->get("containerPort")});
  return out;
}

bool has_container_port(const Node& container) {
  for (const ContainerPort& p : container_ports(container))
    if (p.number) return true;
  return false;
}

bool container_declares_port(const Node& container, const Node& port) {
  const auto number = port.as_int();
  for (const ContainerPort& p : container_ports(container)) {
    if (number ? p.number && p.number->as_int() == number : p.name && p.name->str() == port.str())
      return true;
  }
  return false;
}

bool valid_port_name(std::string_view name) {
  if (name.empty() || name.size() > 15) return false;
  if (name.front() == '-' || name.back() == '-') return false;
  if (name.find("--") != std::string_view::npos) return false;
  bool letter = false;
  for (char c : name) {
    if (c >= 'a' && c <= 'z') {
      letter = true;
    } else if (!(c >= '0' && c <= '9') && c != '-') {
      return false;
    }
  }
  return letter;
}

bool is_port_number(const Node& port) {
  return port.is_scalar() && port.type == ScalarType::Int && port.as_int().has_value();
}

bool is_port_name(const Node& port) {
  return port.is_string();
}

std::optional<std::int64_t> resolve_port(const Node& container, const Node& port) {
  if (is_port_number(port)) return port.as_int();
  if (!is_port_name(port)) return std::nullopt;
  for (const ContainerPort& p : container_ports(container))
    if (has_name(p, port.text()) && p.number && is_port_number(*p.number))
      return p.number->as_int();
  return std::nullopt;
}

PortMatch match_probe_port(const Node& container, const Node& port) {
  const Node* ports = container.get("ports");
  const bool has_ports = ports && ports->is_sequence() && !ports->items().empty();
  if (is_port_number(port)) {
    if (!has_ports) return PortMatch::NoPortsDeclared;
    return container_declares_port(container, port) ? PortMatch::Declared
                                                    : PortMatch::UnknownNumber;
  }
  if (!is_port_name(port)) return PortMatch::NotAPort;
  if (!valid_port_name(port.text())) return PortMatch::InvalidName;
  if (!has_ports) return PortMatch::UnknownName;
  for (const ContainerPort& p : container_ports(container))
    if (has_name(p, port.text())) return PortMatch::Declared;
  return PortMatch::UnknownName;
}

std::string describe_container_ports(const Node& container) {
  std::string out;
  for (const ContainerPort& p : container_ports(container)) {
    if (!out.empty()) out += ", ";
    if (p.name && p.name->is_scalar() && !p.name->text().empty()) {
      out += fmt::format("{} ({})", p.name->text(), p.number ? p.number->str() : "?");
    } else {
      out += p.number ? std::string(p.number->str()) : std::string("?");
    }
  }
  return out;
}

}  // namespace titanlint::rules
