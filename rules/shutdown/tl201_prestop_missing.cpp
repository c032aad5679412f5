// TL201 prestop-missing: a serving container of a Deployment or StatefulSet has no preStop hook.
#include <fmt/format.h>

#include "common/container_ports.h"
#include "common/define.h"
#include "common/prestop.h"
#include "common/workload.h"
#include "fix/fix_builder.h"

namespace titanlint::rules {
namespace {

// The guide's drain delay: what the fix writes.
constexpr std::int64_t kFixSleepSeconds = 10;

class PreStopMissing final : public Rule {
 public:
  explicit PreStopMissing(const RuleOptions&) {}

  void check(const K8sObject& object, const LintSet&, Reporter& out) const override {
    auto pod = pod_template(object);
    if (!pod) return;
    for (const Container& c : containers(*pod)) {
      if (!has_container_port(*c.node) || prestop_of(*c.node).present()) continue;
      auto message = [&] {
        return fmt::format(
            "container \"{}\" of {}/{} serves a containerPort but has no preStop hook: it gets "
            "SIGTERM while the load balancer still sends it requests",
            c.name, object.kind, object.name);
      };
      // Point at the container; when it has a lifecycle block, at that block (it should hold
      // the hook), so the field path names lifecycle.preStop.
      auto fix = [&](FixBuilder& edit) {
        edit.describe(fmt::format("add a preStop hook that sleeps {}s to container \"{}\"",
                                  kFixSleepSeconds, c.name));
        edit.set(*c.node, {"lifecycle", "preStop"}, prestop_sleep(kFixSleepSeconds));
      };
      const Node* lifecycle = c.node->get("lifecycle");
      if (lifecycle && lifecycle->is_mapping() && !lifecycle->entries().empty())
        out.report_missing(*lifecycle, "preStop", message, {}, fix);
      else
        out.report_missing(*c.node, "lifecycle", message, {}, fix);
    }
  }
};

}  // namespace

RuleDefinition tl201_prestop_missing() {
  RuleMeta m;
  m.code = "TL201";
  m.name = "prestop-missing";
  m.severity = Severity::Error;
  m.kinds = {{"Deployment"}, {"StatefulSet"}};
  m.containers = ContainerSet::App;
  m.offers_fix = true;
  m.summary = "A container that serves a port has no preStop hook";
  m.remediation =
      "add `lifecycle: {preStop: {exec: {command: ['sh', '-c', 'sleep 10']}}}` (or `preStop: "
      "{sleep: {seconds: 10}}` on Kubernetes 1.30+) so endpoints are removed before SIGTERM";
  m.doc.what = R"md(
    Reports a container of a Deployment or StatefulSet that declares a `containerPort` (it serves
    traffic) and has no `lifecycle.preStop` hook. It points at the container (or at its `lifecycle`
    block when it has one). Init containers, native sidecars included, are not checked (the kubelet
    stops sidecars after the app containers); DaemonSets, Jobs, CronJobs and bare Pods are not
    checked either.
  )md";
  m.doc.why = R"md(
    When a pod is deleted, the kubelet sends SIGTERM at the same moment the endpoint controller
    starts removing the pod from Services; kube-proxy, ingress controllers and cloud load balancers
    learn about it seconds later. Without a delay the app stops accepting connections while requests
    are still routed to it: 502s on every rollout, scale-down and node drain. The production guide's
    api Deployment uses `preStop: sleep 10` to let the load balancer's endpoint list update before
    SIGTERM.
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
        - name: webapp
          image: registry.example.com/platform-webapp:v1.4.2
          ports: [{ name: http, containerPort: 80 }]
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
        - name: webapp
          image: registry.example.com/platform-webapp:v1.4.2
          ports: [{ name: http, containerPort: 80 }]
          lifecycle:
            preStop:
              exec:
                command: ['sh', '-c', 'sleep 10']
)yaml";
  m.doc.fix = R"md(
    `titanlint fix` adds `lifecycle.preStop.exec.command: [sh, -c, sleep 10]` (the guide's drain
    delay) to the container, creating `lifecycle` when it is absent, in the style of the
    surrounding YAML. It writes the exec form rather than the native `sleep` action: an API server
    older than 1.30 drops an unknown `sleep` field, and the pod would silently have no delay.
  )md";
  m.doc.references = {
      {"production guide (`seed/kubernetes-production-guide.txt`), section \"Per-app Deployment\"",
       ""},
      {"Kubernetes: Pod Lifecycle, termination of Pods",
       "https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#pod-termination"}};
  return define<PreStopMissing>(std::move(m));
}

}  // namespace titanlint::rules
