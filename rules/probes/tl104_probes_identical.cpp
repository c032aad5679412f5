// TL104 probes-identical: liveness and readiness probe the same handler.
#include <fmt/format.h>

#include "common/define.h"
#include "common/probe.h"

namespace titanlint::rules {
namespace {

class ProbesIdentical final : public Rule {
 public:
  explicit ProbesIdentical(const RuleOptions&) {}

  void check(const K8sObject& object, const LintSet&, Reporter& out) const override {
    for (const Container& c : containers_with_probes_judged(object)) {
      auto liveness = find_probe(*c.node, ProbeKind::Liveness);
      auto readiness = find_probe(*c.node, ProbeKind::Readiness);
      if (!liveness || !readiness || !same_handler(*c.node, *liveness, *readiness)) continue;
      // The liveness probe is the dangerous half: it restarts the container when the shared
      // endpoint reports a readiness condition (a database down, draining).
      const MapEntry* handler = liveness->node->entry(handler_field(liveness->handler));
      out.report(handler ? *handler->key : *liveness->node, [&] {
        return fmt::format(
            "livenessProbe and readinessProbe of {} of {} call the same handler "
            "({})",
            container_label(c), object_label(object), describe_handler(*liveness));
      });
    }
  }
};

}  // namespace

RuleDefinition tl104_probes_identical() {
  RuleMeta m;
  m.code = "TL104";
  m.name = "probes-identical";
  m.severity = Severity::Warning;
  m.kinds = long_running_kinds();
  m.containers = kRunningContainers;
  m.summary = "livenessProbe and readinessProbe call the same handler";
  m.remediation =
      "give liveness an endpoint that checks only that the process can make progress "
      "(/healthz) and readiness one that also checks what serving needs (/readyz)";
  m.doc.what = R"md(
    Reports a container whose `livenessProbe` and `readinessProbe` call the same handler: the same
    httpGet path, port, host, scheme and headers (an absent path is `/`, as the API server defaults
    it); the same tcpSocket port and host; the same grpc port and service; or the same exec command.
    A named port and the number the container declares for that name are the same port. Timings
    (period, thresholds) do not matter. The finding points at the liveness probe's handler. A
    startupProbe that repeats the liveness handler is normal and not reported. The probes of native
    sidecars (`initContainers` with `restartPolicy: Always`) are checked like an app container's;
    plain init containers have none.
  )md";
  m.doc.why = R"md(
    Liveness answers "is the process stuck? restart it"; readiness answers "can it serve right now?
    route traffic to it". With one endpoint for both, either readiness checks too little (the
    database is down but traffic keeps coming), or liveness checks too much: when a shared
    dependency fails, or the app drains on SIGTERM and fails readiness on purpose, the kubelet
    restarts every replica at once and turns a partial outage into a full one. The production guide
    separates them: liveness on `/healthz`, readiness on `/readyz`.
  )md";
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
            httpGet: { path: /healthz, port: http }
          readinessProbe:
            httpGet: { path: /healthz, port: 3001 }   # the same endpoint
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
            httpGet: { path: /readyz, port: http }
)yaml";
  m.doc.references = {
      {"production guide (`seed/kubernetes-production-guide.txt`), section \"Per-app Deployment\"",
       ""},
      {"Kubernetes: Configure Liveness, Readiness and Startup Probes",
       "https://kubernetes.io/docs/tasks/configure-pod-container/"
       "configure-liveness-readiness-startup-probes/"}};
  return define<ProbesIdentical>(std::move(m));
}

}  // namespace titanlint::rules
