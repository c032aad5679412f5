// TL107 probe-timeout-exceeds-period: a probe may run longer than its period.
#include <fmt/format.h>

#include "common/define.h"
#include "common/probe.h"

namespace titanlint::rules {
namespace {

class ProbeTimeoutExceedsPeriod final : public Rule {
 public:
  explicit ProbeTimeoutExceedsPeriod(const RuleOptions&) {}

  void check(const K8sObject& object, const LintSet&, Reporter& out) const override {
    for (const Container& c : containers_with_probes_judged(object)) {
      for (ProbeKind kind : kProbeKinds) {
        auto probe = find_probe(*c.node, kind);
        if (!probe || probe->period_seconds <= 0) continue;
        // The defaults (timeout 1 s) never exceed a valid period (>= 1 s), so a finding always
        // has a written timeoutSeconds to point at.
        if (probe->timeout_seconds <= probe->period_seconds || !probe->timeout_node) continue;
        out.report(*probe->timeout_node, [&] {
          return fmt::format("{} of {} of {}: timeoutSeconds {} exceeds periodSeconds {}{}",
                             probe_field(kind), container_label(c), object_label(object),
                             probe->timeout_seconds, probe->period_seconds,
                             is_defaulted(probe->period_node) ? " (default)" : "");
        });
      }
    }
  }
};

}  // namespace

RuleDefinition tl107_probe_timeout_exceeds_period() {
  RuleMeta m;
  m.code = "TL107";
  m.name = "probe-timeout-exceeds-period";
  m.severity = Severity::Warning;
  m.kinds = long_running_kinds();
  m.containers = kRunningContainers;
  m.summary = "A probe's timeoutSeconds is greater than its periodSeconds";
  m.remediation =
      "make timeoutSeconds at most periodSeconds: shorten the timeout, or probe less often";
  m.doc.what = R"md(
    Reports a liveness, readiness or startup probe whose `timeoutSeconds` is greater than its
    `periodSeconds`, with the API server's defaults for absent (or 0) fields (timeoutSeconds 1,
    periodSeconds 10). Long-running workloads only (not Job or CronJob pods). The probes of native
    sidecars (`initContainers` with `restartPolicy: Always`) are checked like an app container's.
    The finding points at the `timeoutSeconds` value.
  )md";
  m.doc.why = R"md(
    The kubelet runs one probe at a time per container: a probe that may outlive its period delays
    the next one, so the real interval is the timeout, not the period. The numbers then lie:
    `failureThreshold x periodSeconds` no longer says how long a hung container survives (with
    timeoutSeconds 30, periodSeconds 5 and failureThreshold 3 it is 90 s, not 15 s), and a readiness
    probe reacts far more slowly than it appears to. A timeout that long usually hides a health
    endpoint that does too much work.
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
          image: registry.example.com/platform-api:v1.4.2
          ports: [{ name: http, containerPort: 3001 }]
          readinessProbe:
            httpGet: { path: /readyz, port: http }
            periodSeconds: 5
            timeoutSeconds: 10
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
          image: registry.example.com/platform-api:v1.4.2
          ports: [{ name: http, containerPort: 3001 }]
          readinessProbe:
            httpGet: { path: /readyz, port: http }
            periodSeconds: 5
            timeoutSeconds: 3
)yaml";
  m.doc.references = {
      {"production guide (`seed/kubernetes-production-guide.txt`), section \"Per-app Deployment\"",
       ""},
      {"Kubernetes: Configure Liveness, Readiness and Startup Probes",
       "https://kubernetes.io/docs/tasks/configure-pod-container/"
       "configure-liveness-readiness-startup-probes/"}};
  return define<ProbeTimeoutExceedsPeriod>(std::move(m));
}

}  // namespace titanlint::rules
