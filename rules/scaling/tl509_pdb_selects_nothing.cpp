// TL509 pdb-selects-nothing: a PodDisruptionBudget whose selector matches no workload's pods.
#include <fmt/format.h>

#include "common/define.h"
#include "common/relations.h"
#include "common/workload.h"
#include "label_selector.h"
#include "lint_set.h"

namespace titanlint::rules {
namespace {

class PdbSelectsNothing final : public Rule {
 public:
  explicit PdbSelectsNothing(const RuleOptions&) {}

  void check(const K8sObject& object, const LintSet& set, Reporter& out) const override {
    const Node* spec = object.root->get("spec");
    if (!spec || !spec->is_mapping()) return;
    const std::string_view ns = set.namespace_of(object);
    const LabelSelector selector = pdb_selector(object);
    if (!workloads_selected(set, ns, selector).empty()) return;
    // The pods of an operator-managed custom resource (a Prometheus) are not in the set.
    if (custom_resource_pods_selected(set, ns, selector)) return;
    auto remediation = [&] {
      return fmt::format(
          "make `spec.selector` match the pod template labels of a workload in namespace \"{}\"",
          ns);
    };
    const Node* node = spec->get("selector");
    if (!node || node->is_null()) {
      out.report_missing(
          *spec, "selector",
          [&] {
            return fmt::format(
                "{} has no selector: a policy/v1 budget without one "
                "protects no pod",
                object_label(object));
          },
          remediation);
      return;
    }
    out.report(
        *node,
        [&] {
          return fmt::format(
              "{}: selector {} matches the pods of no workload in namespace \"{}\" "
              "of the linted set: the budget protects nothing",
              object_label(object), selector.to_string(), ns);
        },
        remediation);
  }
};

}  // namespace

RuleDefinition tl509_pdb_selects_nothing() {
  RuleMeta m;
  m.code = "TL509";
  m.name = "pdb-selects-nothing";
  m.severity = Severity::Warning;
  m.kinds = {{"PodDisruptionBudget"}};
  m.scope = RuleScope::Set;
  m.needs_complete_set = true;
  m.summary = "PDB selector matches no workload in the linted set";
  m.remediation = "make the PodDisruptionBudget's selector match the pods it should protect";
  m.doc.what = R"md(
    Reports a PodDisruptionBudget whose `spec.selector` matches the pod template labels of no
    workload (Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob,
    Pod, DeploymentConfig) in its namespace of the linted set. `selector: {}` selects every pod of
    the namespace; an absent or null selector selects none (policy/v1). It points at the selector,
    or at the spec when there is none. The rule needs the whole set: under `--partial` it stays
    silent. A custom resource of the namespace that declares its pods' labels (a `labels` mapping
    under a `*metadata` key of its spec: the Prometheus Operator's `podMetadata`, an Argo Rollout's
    `template.metadata`) and matches the selector counts as a workload: its operator creates those
    pods. Pods an operator labels in other ways are not known to the linter: suppress the finding on
    such budgets.
  )md";
  m.doc.why = R"md(
    A budget that selects nothing protects nothing: the pods it was written for (after a label
    rename, or in another namespace) can all be evicted by the same drain. The guide's
    `k8s/api/pdb.yaml` selects `app: api`, the api Deployment's pod label.
  )md";
  m.doc.example = R"yaml(
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: api
spec:
  maxUnavailable: 1
  selector:
    matchLabels: { app: api-server }   # the pods are labelled app: api
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
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: api
spec:
  maxUnavailable: 1
  selector:
    matchLabels: { app: api }
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
      {"production guide (`seed/kubernetes-production-guide.txt`), section \"PodDisruptionBudget\"",
       ""},
      {"Kubernetes: Disruptions",
       "https://kubernetes.io/docs/concepts/workloads/pods/disruptions/"}};
  return define<PdbSelectsNothing>(std::move(m));
}

}  // namespace titanlint::rules
