// TL106 probe-port-unknown: a probe's port is not a port the container declares.
#include <fmt/format.h>

#include "common/define.h"
#include "common/probe.h"

namespace titanlint::rules {
namespace {

class ProbePortUnknown final : public Rule {
 public:
  explicit ProbePortUnknown(const RuleOptions& options)
      : check_numeric_ports_(options.boolean("checkNumericPorts")) {}

  void check(const K8sObject& object, const LintSet&, Reporter& out) const override {
    for (const Container& c : containers_with_probes_judged(object)) {
      for (ProbeKind kind : kProbeKinds) {
        auto probe = find_probe(*c.node, kind);
        if (!probe || !probe->port) continue;
        const Node& port = *probe->port;
        PortMatch match = match_probe_port(*c.node, port);
        // grpc.port is an int32: a string there is a decoding error, not a port name.
        if (probe->handler == HandlerKind::Grpc && match != PortMatch::UnknownNumber) continue;
        const bool reported = match == PortMatch::UnknownName || match == PortMatch::InvalidName ||
                              (match == PortMatch::UnknownNumber && check_numeric_ports_);
        if (!reported) continue;  // the message parts below are built only for a finding
        const std::string where = fmt::format("{} of {} of {}", probe_field(kind),
                                              container_label(c), object_label(object));
        const std::string declared = describe_container_ports(*c.node);
        switch (match) {
          case PortMatch::UnknownNumber:
            if (!check_numeric_ports_) break;
            out.report(port, [&] {
              return fmt::format(
                  "{} probes port {}, which matches no containerPort "
                  "(declared: {})",
                  where, port.text(), declared);
            });
            break;
          case PortMatch::UnknownName:
            out.report(
                port,
                [&] {
                  return fmt::format(
                      "{} probes port \"{}\", which is not a declared containerPort "
                      "name ({})",
                      where, port.text(),
                      declared.empty() ? "the container declares no ports"
                                       : "declared: " + declared);
                },
                [&] {
                  return fmt::format(
                      "declare `{{ name: {}, containerPort: N }}` in the container's "
                      "ports, or probe a port it declares",
                      port.text());
                });
            break;
          case PortMatch::InvalidName:
            out.report(
                port,
                [&] {
                  return fmt::format(
                      "{} probes port \"{}\", which is not a valid port name (1-15 "
                      "lowercase letters, digits and '-', with a letter): the API "
                      "server rejects it",
                      where, port.text());
                },
                "write a port number unquoted, or use a name declared in the container's "
                "ports");
            break;
          case PortMatch::Declared:
          case PortMatch::NoPortsDeclared:
          case PortMatch::NotAPort:
            break;
        }
      }
    }
  }

 private:
  bool check_numeric_ports_;
};

}  // namespace

RuleDefinition tl106_probe_port_unknown() {
  RuleMeta m;
  m.code = "TL106";
  m.name = "probe-port-unknown";
  m.severity = Severity::Error;
  m.kinds = long_running_kinds();
  m.containers = kRunningContainers;
  m.summary = "A probe's port is not a containerPort (name or number) of its container";
  m.remediation =
      "probe a port the container declares in `ports` (by its name or its containerPort "
      "number), or declare the port";
  m.doc.what = R"md(
    Checks the port of every httpGet, tcpSocket and grpc handler of a container's liveness,
    readiness and startup probes against that container's own `ports`:
    - a named port must be declared as `ports[].name` of the same container (the kubelet resolves
    names only there; a name declared by another container of the pod does not count);
    - with `checkNumericPorts: true`, a numeric port must equal one of the container's
    `containerPort`s when the container declares ports at all. Off by default: the kubelet probes a
    number whether or not it is declared, and real manifests probe undeclared health ports on
    purpose (ingress-nginx probes 10254 and declares 80, 443 and 8443), so by default only the case
    that really breaks (an unknown name) is reported;
    - a quoted number (`port: "8080"`) or another invalid port name is reported too: the API server
    rejects it.

    grpc ports are numbers only. Long-running workloads only (not Job or CronJob pods). The probes
    of native sidecars (`initContainers` with `restartPolicy: Always`) are checked against the
    sidecar's own ports. The finding points at the `port:` value.
  )md";
  m.doc.why = R"md(
    A named port that the container does not declare cannot be resolved: the probe fails on every
    attempt, so the pod never becomes ready, or is restarted forever by its liveness probe. A number
    that matches none of the ports the container declares is most often a leftover from a port
    change (the app moved from 8080 to 3001, the probe did not) and fails the same way: the rollout
    stalls on new pods that never become ready.
  )md";
  m.options = {{"checkNumericPorts", OptionType::Bool, false,
                "also report a numeric probe port that matches none of the containerPorts the "
                "container declares (catches a probe left behind by a port change)"}};
  m.doc.example = R"yaml(
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  selector:
    matchLabels: { app: api }
  template:
    metadata:
      labels: { app: api }
    spec:
      containers:
        - name: api
          ports: [{ name: http, containerPort: 3001 }]
          livenessProbe:
            httpGet: { path: /healthz, port: web }    # no port named web
          readinessProbe:
            httpGet: { path: /readyz, port: 8080 }    # with checkNumericPorts: true
)yaml";
  m.doc.use_instead = R"yaml(
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  selector:
    matchLabels: { app: api }
  template:
    metadata:
      labels: { app: api }
    spec:
      containers:
        - name: api
          ports: [{ name: http, containerPort: 3001 }]
          livenessProbe:
            httpGet: { path: /healthz, port: http }
          readinessProbe:
            httpGet: { path: /readyz, port: 3001 }
)yaml";
  m.doc.references = {
      {"production guide (`seed/kubernetes-production-guide.txt`), section \"Per-app Deployment\"",
       ""},
      {"Kubernetes: Configure Liveness, Readiness and Startup Probes",
       "https://kubernetes.io/docs/tasks/configure-pod-container/"
       "configure-liveness-readiness-startup-probes/"}};
  return define<ProbePortUnknown>(std::move(m));
}

}  // namespace titanlint::rules
