// TL701 service-selects-nothing: a Service whose selector matches no pod template.
#include <fmt/format.h>

#include "common/define.h"
#include "common/relations.h"
#include "common/workload.h"
#include "lint_set.h"

namespace titanlint::rules {
namespace {

class ServiceSelectsNothing final : public Rule {
 public:
  explicit ServiceSelectsNothing(const RuleOptions&) {}

  void check(const K8sObject& object, const LintSet& set, Reporter& out) const override {
    auto selector = service_selector(object);
    if (!selector) return;
    const std::string_view ns = set.namespace_of(object);
    if (!workloads_selected(set, ns, *selector).empty()) return;
    // The pods of an operator-managed custom resource (a Prometheus) are not in the set.
    if (custom_resource_pods_selected(set, ns, *selector)) return;
    out.report(
        *selector->node(),
        [&] {
          return fmt::format(
              "{}: selector {} matches the pod template of no workload in namespace "
              "\"{}\" of the linted set: the Service has no endpoints",
              object_label(object), selector->to_string(), ns);
        },
        [&] {
          return fmt::format(
              "make `spec.selector` a subset of the pod template labels of the "
              "workload it serves in namespace \"{}\"",
              ns);
        });
  }
};

}  // namespace

RuleDefinition tl701_service_selects_nothing() {
  RuleMeta m;
  m.code = "TL701";
  m.name = "service-selects-nothing";
  m.severity = Severity::Warning;
  m.kinds = {{"Service", ""}};
  m.scope = RuleScope::Set;
  m.needs_complete_set = true;
  m.summary = "Service selector matches no pod template in the linted set";
  m.remediation = "make the Service's selector match the pod labels of the workload it serves";
  m.doc.what = R"md(
    Reports a Service whose `spec.selector` matches the pod template labels of no workload
    (Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob, Pod,
    DeploymentConfig) in its namespace of the linted set. Services that select no pods by design are
    skipped: `type: ExternalName`, and Services without a selector (absent, null or `{}`), whose
    Endpoints are written by hand or by another controller. Headless Services are checked like any
    other. It points at the selector. The rule needs the whole set: under `--partial` it stays
    silent. A custom resource of the namespace that declares its pods' labels (a `labels` mapping
    under a `*metadata` key of its spec: the Prometheus Operator's `podMetadata`, an Argo Rollout's
    `template.metadata`) and matches the selector counts as a workload: its operator creates those
    pods. Pods an operator labels in other ways are not known to the linter: suppress the finding on
    such Services.
  )md";
  m.doc.why = R"md(
    A Service that selects nothing has no endpoints: connections to it are refused, and the Ingress
    in front of it answers 503. A label typo (`app: api-server` for pods labelled `app: api`) is
    enough, and nothing fails at apply time. The guide's Services select their workload's pod label
    (`selector: { app: api }`).
  )md";
  m.doc.example = R"yaml(
apiVersion: v1
kind: Service
metadata:
  name: api
spec:
  selector: { app: api-server }   # the api pods are labelled app: api
  ports:
    - { name: http, port: 80, targetPort: http }
---
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
)yaml";
  m.doc.use_instead = R"yaml(
apiVersion: v1
kind: Service
metadata:
  name: api
spec:
  selector: { app: api }
  ports:
    - { name: http, port: 80, targetPort: http }
---
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
)yaml";
  m.doc.references = {
      {"production guide (`seed/kubernetes-production-guide.txt`), section \"Per-app Deployment\"",
       ""},
      {"Kubernetes: Service", "https://kubernetes.io/docs/concepts/services-networking/service/"},
      {"kube-linter check `dangling-service`", ""}};
  return define<ServiceSelectsNothing>(std::move(m));
}

}  // namespace titanlint::rules
