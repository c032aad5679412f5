// TL102 readiness-probe-missing: a long-running container without a readinessProbe.
#include "probes/probe_missing.h"

namespace titanlint::rules {

RuleDefinition tl102_readiness_probe_missing() {
  RuleMeta m;
  m.code = "TL102";
  m.name = "readiness-probe-missing";
  m.severity = Severity::Error;
  m.kinds = long_running_kinds();
  m.containers = ContainerSet::App;
  m.summary = "A long-running container has no readinessProbe";
  m.remediation =
      "add a readinessProbe that fails while the container cannot serve, e.g. "
      "`readinessProbe: { httpGet: { path: /readyz, port: http } }`";
  m.doc.what = R"md(
    Reports each container (in `spec.containers`, not `initContainers`) of a Deployment,
    StatefulSet, DaemonSet, ReplicaSet, ReplicationController, DeploymentConfig or bare Pod that has
    no `readinessProbe`. Job and CronJob pods run to completion and are skipped. The finding points
    at the container (its `- name:` line). Native sidecars (`initContainers` with `restartPolicy:
    Always`) are not required to have one: the kubelet stops them after the app containers; the
    probes they have are judged by TL104-TL108.
  )md";
  m.doc.why = R"md(
    Without a readiness probe a pod counts as ready as soon as its containers have started, so
    Services send it traffic before the app listens (502s on every rollout) and keep sending it
    traffic while it drains or has lost its database. The production guide: readiness on `/readyz` —
    stop sending traffic when failing, resume when passing.
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
        - name: api   # no readinessProbe
          image: registry.example.com/platform-api:v1.4.2
          ports: [{ name: http, containerPort: 3001 }]
)yaml";
  m.doc.use_instead = R"yaml(
      containers:
        - name: api
          image: registry.example.com/platform-api:v1.4.2
          ports: [{ name: http, containerPort: 3001 }]
          readinessProbe:
            httpGet: { path: /readyz, port: http }
            periodSeconds: 3
            timeoutSeconds: 3
            failureThreshold: 2
)yaml";
  m.doc.fix = R"md(
    No automatic fix: a probe's endpoint (path, port, command) is the author's to choose, and a
    wrong readiness probe takes serving pods out of the Service.
  )md";
  m.doc.references = {
      {"production guide (`seed/kubernetes-production-guide.txt`), section \"Per-app Deployment\"",
       ""},
      {"Kubernetes: Configure Liveness, Readiness and Startup Probes",
       "https://kubernetes.io/docs/tasks/configure-pod-container/"
       "configure-liveness-readiness-startup-probes/"},
      {"kube-linter check `no-readiness-probe`", ""},
      {"Polaris check `readinessProbeMissing`", ""}};
  return define<ProbeMissing<ProbeKind::Readiness>>(std::move(m));
}

}  // namespace titanlint::rules
