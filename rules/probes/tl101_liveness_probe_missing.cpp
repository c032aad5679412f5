// TL101 liveness-probe-missing: a long-running container without a livenessProbe.
#include "probes/probe_missing.h"

namespace titanlint::rules {

RuleDefinition tl101_liveness_probe_missing() {
  RuleMeta m;
  m.code = "TL101";
  m.name = "liveness-probe-missing";
  m.severity = Severity::Error;
  m.kinds = long_running_kinds();
  m.containers = ContainerSet::App;
  m.summary = "A long-running container has no livenessProbe";
  m.remediation =
      "add a livenessProbe that checks only that the process is alive, e.g. "
      "`livenessProbe: { httpGet: { path: /healthz, port: http } }`";
  m.doc.what = R"md(
    Reports each container (in `spec.containers`, not `initContainers`) of a Deployment,
    StatefulSet, DaemonSet, ReplicaSet, ReplicationController, DeploymentConfig or bare Pod that has
    no `livenessProbe`. Job and CronJob pods run to completion and are skipped. The finding points
    at the container (its `- name:` line). Native sidecars (`initContainers` with `restartPolicy:
    Always`) are not required to have one: the kubelet stops them after the app containers; the
    probes they have are judged by TL104-TL108.
  )md";
  m.doc.why = R"md(
    Without a liveness probe the kubelet restarts a container only when its process exits. A process
    that deadlocks, or stops serving while still running, stays in place forever and keeps its share
    of traffic if it is also ready. The production guide's first key point is "three probes:
    liveness, readiness, startup", with liveness on `/healthz`: kill the container if it fails
    persistently.
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
        - name: api   # no livenessProbe
          image: registry.example.com/platform-api:v1.4.2
          ports: [{ name: http, containerPort: 3001 }]
)yaml";
  m.doc.use_instead = R"yaml(
      containers:
        - name: api
          image: registry.example.com/platform-api:v1.4.2
          ports: [{ name: http, containerPort: 3001 }]
          livenessProbe:
            httpGet: { path: /healthz, port: http }
            periodSeconds: 10
            timeoutSeconds: 5
            failureThreshold: 3
)yaml";
  m.doc.fix = R"md(
    No automatic fix: a probe's endpoint (path, port, command) is the author's to choose, and a
    wrong liveness probe restarts healthy pods.
  )md";
  m.doc.references = {
      {"production guide (`seed/kubernetes-production-guide.txt`), section \"Per-app Deployment\"",
       ""},
      {"Kubernetes: Configure Liveness, Readiness and Startup Probes",
       "https://kubernetes.io/docs/tasks/configure-pod-container/"
       "configure-liveness-readiness-startup-probes/"},
      {"kube-linter check `no-liveness-probe`", ""},
      {"Polaris check `livenessProbeMissing`", ""}};
  return define<ProbeMissing<ProbeKind::Liveness>>(std::move(m));
}

}  // namespace titanlint::rules
