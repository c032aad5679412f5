// What the probe rules (TL101-TL108) need to know about a container's probes: the probe mapping
// parsed into its handler and timings, with the defaults the API server fills in applied, and
// whether two probes call the same handler.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/container_ports.h"
#include "common/workload.h"
#include "fix/fix_value.h"
#include "k8s_object.h"
#include "node.h"

namespace titanlint::rules {

// How long a startupProbe must let a container start (TL105's `minSeconds` default), and the
// budget TL103's fix gives the startupProbe it writes.
inline constexpr std::int64_t kDefaultStartupBudgetSeconds = 60;

enum class ProbeKind : std::uint8_t { Liveness, Readiness, Startup };

inline constexpr std::array<ProbeKind, 3> kProbeKinds = {ProbeKind::Liveness, ProbeKind::Readiness,
                                                         ProbeKind::Startup};

// "livenessProbe", "readinessProbe", "startupProbe".
std::string_view probe_field(ProbeKind kind);

enum class HandlerKind : std::uint8_t { None, HttpGet, TcpSocket, Grpc, Exec };

// "httpGet", "tcpSocket", "grpc", "exec" ("" for None).
std::string_view handler_field(HandlerKind kind);

// A probe as the kubelet runs it. Nodes point into the document (null when the field is absent);
// the plain values have the API server's defaults applied (an absent or 0 timing field is
// defaulted, as SetDefaults_Probe does; httpGet path "/" and scheme HTTP, as
// SetDefaults_HTTPGetAction does).
struct Probe {
  const Node* node = nullptr;  // the probe mapping
  HandlerKind handler = HandlerKind::None;
  const Node* handler_node = nullptr;  // the httpGet/tcpSocket/grpc/exec mapping

  const Node* path = nullptr;          // httpGet.path value
  std::string_view path_text;          // "/" when absent or empty
  const Node* port = nullptr;          // httpGet/tcpSocket/grpc port value
  const Node* host = nullptr;          // httpGet/tcpSocket host value
  std::string_view scheme;             // httpGet scheme, "HTTP" when absent
  const Node* http_headers = nullptr;  // httpGet.httpHeaders
  std::string_view grpc_service;       // "" when absent
  const Node* command = nullptr;       // exec.command sequence

  const Node* initial_delay_node = nullptr;
  const Node* period_node = nullptr;
  const Node* timeout_node = nullptr;
  const Node* failure_threshold_node = nullptr;
  std::int64_t initial_delay_seconds = 0;
  std::int64_t period_seconds = kDefaultProbePeriodSeconds;
  std::int64_t timeout_seconds = kDefaultProbeTimeoutSeconds;
  std::int64_t failure_threshold = kDefaultProbeFailureThreshold;
};

// Whether a timing field is filled in by the API server: absent, 0 or not an integer.
bool is_defaulted(const Node* timing_node);

// The containers that must have probes (TL101-TL103): `spec.containers` of a long-running
// workload (Job and CronJob pods are skipped; sidecars are not required to have probes, plain
// init containers cannot). Empty for anything else.
std::vector<Container> probed_containers(const K8sObject& object);
// The containers whose probes, when they have some, are judged (TL104-TL108): the app containers
// and the native sidecars of a long-running workload. Empty for anything else.
std::vector<Container> containers_with_probes_judged(const K8sObject& object);

// Whether the container sets that probe (present and not null; an invalid non-mapping value
// counts as set: the API server reports it, not the probe rules).
bool has_probe(const Node& container, ProbeKind kind);

// The container's probe of that kind; nullopt when absent, null (`livenessProbe: ~` is absent to
// the API server) or not a mapping.
std::optional<Probe> find_probe(const Node& container, ProbeKind kind);
// Parses a probe mapping; nullopt when `node` is null or not a mapping.
std::optional<Probe> parse_probe(const Node* node);

// Whether two probes of one container call the same handler: the same httpGet path, port, host,
// scheme and headers; the same tcpSocket port and host; the same grpc port and service; the same
// exec command. A named port and the number the container declares for that name are the same
// port. False when either probe has no (or an unparsable) handler.
bool same_handler(const Node& container, const Probe& a, const Probe& b);

// The startupProbe TL103's fix writes for a container with `liveness` and no startupProbe: the
// liveness handler (copied as written) and its periodSeconds, its timeoutSeconds when it fits in
// the period (the handler answers as slowly as it does for liveness; a longer one is TL107's
// finding), and failureThreshold = ceil(kDefaultStartupBudgetSeconds / period). Not copied:
// initialDelaySeconds (the startup probe is what replaces it), successThreshold (1 for startup
// probes), and the probe-level terminationGracePeriodSeconds. Nullopt when the liveness probe has
// no handler to copy.
std::optional<FixValue> startup_probe_from(const Probe& liveness);

// The handler for a message: `httpGet /healthz on port http`, `tcpSocket on port 5432`,
// `grpc on port 50051`, `exec [cat /tmp/healthy]`.
std::string describe_handler(const Probe& probe);

}  // namespace titanlint::rules
