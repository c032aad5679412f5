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
  m.doc.what =
      "Reports each container (in `spec.containers`, not `initContainers`) of a Deployment, "
      "StatefulSet, DaemonSet, ReplicaSet, ReplicationController, DeploymentConfig or bare Pod "
      "that has no `readinessProbe`. Job and CronJob pods run to completion and are skipped. The "
      "finding points at the container (its `- name:` line). Native sidecars (`initContainers` "
      "with `restartPolicy: Always`) are not required to have one: the kubelet stops them "
      "after the app containers; the probes they have are judged by TL104-TL108.";
  m.doc.why =
      "Without a readiness probe a pod counts as ready as soon as its containers have started, "
      "so Services send it traffic before the app listens (502s on every rollout) and keep "
      "sending it traffic while it drains or has lost its database. The production guide: "
      "readiness on `/readyz` — stop sending traffic when failing, resume when passing.";
  m.doc.example =
      "apiVersion: apps/v1\n"
      "kind: Deployment\n"
      "metadata:\n"
      "  name: api\n"
      "spec:\n"
      "  selector:\n"
      "    matchLabels: { app: api }\n"
      "  template:\n"
      "    metadata:\n"
      "      labels: { app: api }\n"
      "    spec:\n"
      "      containers:\n"
      "        - name: api   # no readinessProbe\n"
      "          image: registry.example.com/platform-api:v1.4.2\n"
      "          ports: [{ name: http, containerPort: 3001 }]\n";
  m.doc.use_instead =
      "      containers:\n"
      "        - name: api\n"
      "          image: registry.example.com/platform-api:v1.4.2\n"
      "          ports: [{ name: http, containerPort: 3001 }]\n"
      "          readinessProbe:\n"
      "            httpGet: { path: /readyz, port: http }\n"
      "            periodSeconds: 3\n"
      "            timeoutSeconds: 3\n"
      "            failureThreshold: 2\n";
  return define<ProbeMissing<ProbeKind::Readiness>>(std::move(m));
}

}  // namespace titanlint::rules
