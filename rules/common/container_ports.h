// A container's declared ports (`ports: [{ name, containerPort }]`) and what a port reference
// (a probe's port, a Service's targetPort, a scrape annotation) means against them: the one home
// of port matching for TL106, TL201, TL702, TL801 and TL802.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "node.h"

namespace titanlint::rules {

// One mapping item of a container's `ports`; `name` and `number` are null when absent.
struct ContainerPort {
  const Node* node;
  const Node* name;    // ports[i].name
  const Node* number;  // ports[i].containerPort
};

// The mapping items of `container.ports`, in order (other items are the API server's business).
std::vector<ContainerPort> container_ports(const Node& container);

// The container lists at least one port with a containerPort (it serves traffic).
bool has_container_port(const Node& container);

// A port given by number or name matches one of the container's containerPorts or port names.
bool container_declares_port(const Node& container, const Node& port);

// IANA_SVC_NAME as Kubernetes validates port names: 1-15 characters of [a-z0-9-], at least one
// letter, no leading, trailing or double hyphen.
bool valid_port_name(std::string_view name);
// An integer scalar (a port given by number).
bool is_port_number(const Node& port);
// A string scalar (a port given by name, valid or not).
bool is_port_name(const Node& port);

// The number a port reference means in `container`: a number as written, or a name resolved
// through the container's own `ports[].name` (the kubelet resolves names only there). nullopt
// when the name is not declared or the node is neither.
std::optional<std::int64_t> resolve_port(const Node& container, const Node& port);

// How a probe's port (number or name) relates to the container's declared ports.
enum class PortMatch : std::uint8_t {
  Declared,         // a declared containerPort number, or a declared port name
  NoPortsDeclared,  // a number, and the container declares no ports at all
  UnknownNumber,    // a number, and the container declares other ports
  UnknownName,      // a name the container does not declare
  InvalidName,      // a string that is not a valid port name (e.g. quoted digits "8080")
  NotAPort,         // neither an integer nor a string (null, a mapping, a float, ...)
};
PortMatch match_probe_port(const Node& container, const Node& port);

// "http (3001), 9090": the container's declared ports, for messages.
std::string describe_container_ports(const Node& container);

}  // namespace titanlint::rules
