// TL510 replicas-set-with-hpa: a workload sets spec.replicas while an autoscaler manages it.
#include <fmt/format.h>

#include "common/define.h"
#include "common/relations.h"
#include "common/workload.h"
#include "lint_set.h"

namespace titanlint::rules {
namespace {

class ReplicasSetWithHpa final : public Rule {
 public:
  explicit ReplicasSetWithHpa(const RuleOptions&) {}

  void check(const K8sObject& object, const LintSet& set, Reporter& out) const override {
    const Node* replicas = object.root->at({"spec", "replicas"});
    if (!replicas || replicas->is_null()) return;
    auto autoscaler = autoscaler_of(set, object);
    if (!autoscaler) return;
    out.relate(*autoscaler->object, "the autoscaler that manages the replicas",
               autoscaler->object->root->at({"spec", "scaleTargetRef", "name"}));
    out.report(
        *replicas,
        [&] {
          return fmt::format(
              "{} sets replicas: {} while {} manages its scale: every apply resets "
              "the count the autoscaler chose",
              object_label(object), replicas->str(), object_label(*autoscaler->object));
        },
        [&] {
          return fmt::format("remove `spec.replicas` from {} and let {} set it",
                             object_label(object), object_label(*autoscaler->object));
        });
  }
};

}  // namespace

RuleDefinition tl510_replicas_set_with_hpa() {
  RuleMeta m;
  m.code = "TL510";
  m.name = "replicas-set-with-hpa";
  m.severity = Severity::Info;
  m.kinds = {{"Deployment"}, {"StatefulSet"}};
  m.scope = RuleScope::Set;
  m.summary = "Deployment sets spec.replicas while an HPA manages it";
  m.remediation = "remove spec.replicas from the manifest of an autoscaled workload";
  m.doc.what = R"md(
    Reports a Deployment (or StatefulSet) that sets `spec.replicas` when a HorizontalPodAutoscaler
    (or a KEDA ScaledObject, which creates one) in its namespace of the linted set targets it. It
    points at the `replicas` value.
  )md";
  m.doc.why = R"md(
    The HPA owns the replica count. Each `kubectl apply` (or Helm upgrade, or GitOps sync) of a
    manifest that sets `replicas` resets it to the written number: a scaled-up app drops to that
    size in the middle of a peak until the HPA notices and scales it up again. The guide's api
    Deployment sets `replicas: 3` next to its HPA; leave the field out and let the HPA start from
    its minReplicas.
  )md";
  m.doc.example = R"yaml(
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  replicas: 3   # an HPA targets Deployment/api
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
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: api
spec:
  scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: api }
  minReplicas: 2
  maxReplicas: 10
  metrics:
    - type: Resource
      resource: { name: cpu, target: { type: Utilization, averageUtilization: 70 } }
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
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: api
spec:
  scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: api }
  minReplicas: 2
  maxReplicas: 10
  metrics:
    - type: Resource
      resource: { name: cpu, target: { type: Utilization, averageUtilization: 70 } }
)yaml";
  m.doc.references = {
      {"production guide (`seed/kubernetes-production-guide.txt`), section "
       "\"HorizontalPodAutoscaler\"",
       ""},
      {"Kubernetes: Horizontal Pod Autoscaling",
       "https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/"}};
  return define<ReplicasSetWithHpa>(std::move(m));
}

}  // namespace titanlint::rules
