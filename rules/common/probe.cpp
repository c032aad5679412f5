#include "common/probe.h"

#include <fmt/format.h>

#include "fix/fix_builder.h"

namespace titanlint::rules {

namespace {

// A timing field with SetDefaults_Probe applied: absent, non-integer or 0 means the default.
std::int64_t timing(const Node* node, std::int64_t fallback) {
  return int_or(node, 0) == 0 ? fallback : int_or(node, 0);
}

const Node* mapping_or_null(const Node* node) {
  return node && node->is_mapping() ? node : nullptr;
}

// Two optional scalar nodes with the same text (absent == absent; absent == empty).
bool same_text(const Node* a, const Node* b) {
  return (a ? a->str() : std::string_view{}) == (b ? b->str() : std::string_view{});
}

// Two ports of one container: equal numbers, equal names, or a name that the container declares
// with that number.
bool same_port(const Node& container, const Node* a, const Node* b) {
  if (!a || !b) return false;
  if (a->is_scalar() && b->is_scalar() && a->type == b->type && a->text() == b->text()) return true;
  auto na = resolve_port(container, *a);
  auto nb = resolve_port(container, *b);
  return na && nb && *na == *nb;
}

// Two sequences of scalars with equal texts (exec commands).
bool same_scalar_list(const Node* a, const Node* b) {
  if (!a || !b || !a->is_sequence() || !b->is_sequence()) return false;
  if (a->items().size() != b->items().size()) return false;
  for (std::size_t i = 0; i < a->items().size(); ++i) {
    const Node* x = a->items()[i];
    const Node* y = b->items()[i];
    if (!x->is_scalar() || !y->is_scalar() || x->text() != y->text()) return false;
  }
  return true;
}

// httpHeaders as the kubelet sends them: a list of {name, value}; compared in order.
bool same_headers(const Node* a, const Node* b) {
  auto size = [](const Node* n) { return n && n->is_sequence() ? n->items().size() : 0; };
  if (size(a) != size(b)) return false;
  for (std::size_t i = 0; i < size(a); ++i) {
    const Node* x = a->items()[i];
    const Node* y = b->items()[i];
    if (!x->is_mapping() || !y->is_mapping()) return false;
    if (!same_text(x->get("name"), y->get("name")) || !same_text(x->get("value"), y->get("value")))
      return false;
  }
  return true;
}

}  // namespace

std::string_view probe_field(ProbeKind kind) {
  switch (kind) {
    case ProbeKind::Liveness:
      return "livenessProbe";
    case ProbeKind::Readiness:
      return "readinessProbe";
    case ProbeKind::Startup:
      return "startupProbe";
  }
  return "livenessProbe";
}

std::string_view handler_field(HandlerKind kind) {
  switch (kind) {
    case HandlerKind::HttpGet:
      return "httpGet";
    case HandlerKind::TcpSocket:
      return "tcpSocket";
    case HandlerKind::Grpc:
      return "grpc";
    case HandlerKind::Exec:
      return "exec";
    case HandlerKind::None:
      return "";
  }
  return "";
}

bool is_defaulted(const Node* timing_node) {
  return int_or(timing_node, 0) == 0;
}

std::vector<Container> probed_containers(const K8sObject& object) {
  if (!is_long_running(object)) return {};
  auto pod = pod_template(object);
  if (!pod) return {};
  return containers(*pod);
}

std::vector<Container> containers_with_probes_judged(const K8sObject& object) {
  if (!is_long_running(object)) return {};
  auto pod = pod_template(object);
  if (!pod) return {};
  return running_containers(*pod);
}

bool has_probe(const Node& container, ProbeKind kind) {
  const Node* probe = container.get(probe_field(kind));
  return probe && !probe->is_null();
}

std::optional<Probe> find_probe(const Node& container, ProbeKind kind) {
  return parse_probe(container.get(probe_field(kind)));
}

std::optional<Probe> parse_probe(const Node* node) {
  if (!node || !node->is_mapping()) return std::nullopt;
  Probe p;
  p.node = node;
  // The API server accepts exactly one handler; with several (an invalid object) the first in
  // this order is the one we judge.
  for (HandlerKind kind :
       {HandlerKind::HttpGet, HandlerKind::TcpSocket, HandlerKind::Grpc, HandlerKind::Exec}) {
    if (const Node* h = mapping_or_null(node->get(handler_field(kind)))) {
      p.handler = kind;
      p.handler_node = h;
      break;
    }
  }
  if (const Node* h = p.handler_node) {
    switch (p.handler) {
      case HandlerKind::HttpGet:
        p.path = h->get("path");
        if (p.path && !p.path->is_scalar()) p.path = nullptr;
        p.path_text =
            p.path && !p.path->is_null() && !p.path->text().empty() ? p.path->text() : "/";
        p.port = h->get("port");
        p.host = h->get("host");
        p.http_headers = h->get("httpHeaders");
        p.scheme = "HTTP";
        if (const Node* s = h->get("scheme"); s && s->is_scalar() && !s->text().empty())
          p.scheme = s->text();
        break;
      case HandlerKind::TcpSocket:
        p.port = h->get("port");
        p.host = h->get("host");
        break;
      case HandlerKind::Grpc:
        p.port = h->get("port");
        if (const Node* s = h->get("service"); s && s->is_scalar() && !s->is_null())
          p.grpc_service = s->text();
        break;
      case HandlerKind::Exec:
        p.command = h->get("command");
        break;
      case HandlerKind::None:
        break;
    }
  }
  if (p.port && p.port->is_null()) p.port = nullptr;
  p.initial_delay_node = node->get("initialDelaySeconds");
  p.period_node = node->get("periodSeconds");
  p.timeout_node = node->get("timeoutSeconds");
  p.failure_threshold_node = node->get("failureThreshold");
  p.initial_delay_seconds = int_or(p.initial_delay_node, 0);
  p.period_seconds = timing(p.period_node, kDefaultProbePeriodSeconds);
  p.timeout_seconds = timing(p.timeout_node, kDefaultProbeTimeoutSeconds);
  p.failure_threshold = timing(p.failure_threshold_node, kDefaultProbeFailureThreshold);
  return p;
}

bool same_handler(const Node& container, const Probe& a, const Probe& b) {
  if (a.handler == HandlerKind::None || a.handler != b.handler) return false;
  switch (a.handler) {
    case HandlerKind::HttpGet:
      return a.path_text == b.path_text && same_port(container, a.port, b.port) &&
             same_text(a.host, b.host) && a.scheme == b.scheme &&
             same_headers(a.http_headers, b.http_headers);
    case HandlerKind::TcpSocket:
      return same_port(container, a.port, b.port) && same_text(a.host, b.host);
    case HandlerKind::Grpc:
      return same_port(container, a.port, b.port) && a.grpc_service == b.grpc_service;
    case HandlerKind::Exec:
      return same_scalar_list(a.command, b.command);
    case HandlerKind::None:
      return false;
  }
  return false;
}

std::string describe_handler(const Probe& probe) {
  auto port = [&] { return probe.port ? std::string(probe.port->str()) : std::string("?"); };
  switch (probe.handler) {
    case HandlerKind::HttpGet:
      return fmt::format("httpGet {} on port {}", probe.path_text, port());
    case HandlerKind::TcpSocket:
      return fmt::format("tcpSocket on port {}", port());
    case HandlerKind::Grpc:
      if (probe.grpc_service.empty()) return fmt::format("grpc on port {}", port());
      return fmt::format("grpc service \"{}\" on port {}", probe.grpc_service, port());
    case HandlerKind::Exec: {
      std::string out = "exec [";
      if (probe.command && probe.command->is_sequence()) {
        for (std::size_t i = 0; i < probe.command->items().size(); ++i) {
          if (i) out += ' ';
          out += probe.command->items()[i]->str();
        }
      }
      return out + "]";
    }
    case HandlerKind::None:
      break;
  }
  return "no handler";
}

std::optional<FixValue> startup_probe_from(const Probe& liveness) {
  if (liveness.handler == HandlerKind::None || !liveness.handler_node ||
      liveness.period_seconds <= 0)
    return std::nullopt;
  FixValue probe = FixValue::mapping();
  probe.add(std::string(handler_field(liveness.handler)), fix_value_of(*liveness.handler_node));
  const std::int64_t period = liveness.period_seconds;
  if (!is_defaulted(liveness.period_node)) probe.add("periodSeconds", FixValue::number(period));
  if (!is_defaulted(liveness.timeout_node) && liveness.timeout_seconds > 0 &&
      liveness.timeout_seconds <= period)
    probe.add("timeoutSeconds", FixValue::number(liveness.timeout_seconds));
  const std::int64_t threshold = (kDefaultStartupBudgetSeconds + period - 1) / period;
  probe.add("failureThreshold", FixValue::number(threshold));
  return probe;
}

}  // namespace titanlint::rules
