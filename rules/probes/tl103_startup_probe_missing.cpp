// TL103 startup-probe-missing: a container with a livenessProbe but no startupProbe.
#include "probes/probe_missing.h"

namespace titanlint::rules {

RuleDefinition tl103_startup_probe_missing() {
  RuleMeta m;
  m.code = "TL103";
  m.name = "startup-probe-missing";
  m.severity = Severity::Warning;
  m.offers_fix = true;
  m.kinds = long_running_kinds();
  m.containers = ContainerSet::App;
  m.summary = "A container has a livenessProbe but no startupProbe";
  m.remediation =
      "add a startupProbe on the liveness endpoint with a generous failureThreshold, e.g. "
      "`startupProbe: { httpGet: { path: /healthz, port: http }, periodSeconds: 2, "
      "failureThreshold: 60 }`";
  m.doc.what = R"md(
    Reports each container of a long-running workload (not Job or CronJob pods, not init containers)
    that has a `livenessProbe` and no `startupProbe`. A container without a liveness probe is
    TL101's concern, not this rule's. The finding points at the container (its `- name:` line).
    Native sidecars (`initContainers` with `restartPolicy: Always`) are not required to have one;
    the probes they have are judged by TL104-TL108.
  )md";
  m.doc.why = R"md(
    The liveness probe starts counting failures as soon as `initialDelaySeconds` has passed. An app
    that starts slowly (a cold cache, eager-loaded services, a migration check) is killed before it
    is up, restarted, killed again: a crash loop that only shows on a slow node or under load. A
    startup probe holds the liveness probe back until the app has started once; the production guide
    uses `/healthz` with a longer failureThreshold to "mask liveness during cold start". Raising
    `initialDelaySeconds` instead delays the detection of every later hang as well.
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
        - name: api   # liveness without startup
          image: registry.example.com/platform-api:v1.4.2
          ports: [{ name: http, containerPort: 3001 }]
          livenessProbe:
            httpGet: { path: /healthz, port: http }
          readinessProbe:
            httpGet: { path: /readyz, port: http }
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
          livenessProbe:
            httpGet: { path: /healthz, port: http }
          readinessProbe:
            httpGet: { path: /readyz, port: http }
          startupProbe:
            httpGet: { path: /healthz, port: http }
            periodSeconds: 2
            failureThreshold: 60 # 2 min grace for cold start
)yaml";
  m.doc.fix = R"md(
    `titanlint fix` adds a `startupProbe` that calls the liveness probe's handler (httpGet,
    tcpSocket, grpc or exec, copied as written) with its `periodSeconds`, its `timeoutSeconds` when
    that fits in the period, and `failureThreshold` = ceil(60 / periodSeconds): the 60 s that
    TL105's `minSeconds` asks for by default. It does not copy `initialDelaySeconds` (the startup
    probe replaces it) or `successThreshold` (always 1 for startup probes). Raise the threshold for
    an app that needs longer to start.
  )md";
  m.doc.references = {
      {"production guide (`seed/kubernetes-production-guide.txt`), section \"Per-app Deployment\"",
       ""},
      {"Kubernetes: Configure Liveness, Readiness and Startup Probes",
       "https://kubernetes.io/docs/tasks/configure-pod-container/"
       "configure-liveness-readiness-startup-probes/"}};
  return define<ProbeMissing<ProbeKind::Startup>>(std::move(m));
}

}  // namespace titanlint::rules
