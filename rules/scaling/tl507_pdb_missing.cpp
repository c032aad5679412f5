// TL507 pdb-missing: a replicated Deployment or StatefulSet has no PodDisruptionBudget.
#include <fmt/format.h>

#include "common/define.h"
#include "common/relations.h"
#include "common/workload.h"
#include "lint_set.h"

namespace titanlint::rules {
namespace {

class PdbMissing final : public Rule {
 public:
  explicit PdbMissing(const RuleOptions&) {}

  void check(const K8sObject& object, const LintSet& set, Reporter& out) const override {
    auto replicas = declared_replicas(object);
    // replicas 0: switched off on purpose (an HPA does not scale a target at 0 either).
    if (!replicas || *replicas == 0) return;
    auto autoscaler = autoscaler_of(set, object);
    std::string why;
    if (autoscaler) {
      why = fmt::format("scaled by {}", object_label(*autoscaler->object));
    } else if (*replicas >= 2) {
      why = fmt::format("{} replicas", *replicas);
    } else {
      return;  // one pod (or none): a budget can only block the drain or allow everything
    }
    if (!pdbs_selecting(set, object).empty()) return;
    out.report_object(
        [&] {
          return fmt::format(
              "{} ({}) has no PodDisruptionBudget selecting its pods in namespace \"{}\": "
              "a node drain may evict all of them at once",
              object_label(object), why, set.namespace_of(object));
        },
        [&] {
          return fmt::format(
              "add a PodDisruptionBudget (policy/v1) with `maxUnavailable: 1` and a "
              "selector matching the pod labels of {}",
              object_label(object));
        });
  }
};

}  // namespace

RuleDefinition tl507_pdb_missing() {
  RuleMeta m;
  m.code = "TL507";
  m.name = "pdb-missing";
  m.severity = Severity::Warning;
  m.kinds = {{"Deployment"}, {"StatefulSet"}};
  m.scope = RuleScope::Set;
  m.needs_complete_set = true;
  m.summary =
      "Deployment/StatefulSet with replicas >= 2 (or HPA-managed) and no PDB selecting its pods";
  m.remediation = "add a PodDisruptionBudget selecting the workload's pods";
  m.doc.what = R"md(
    Reports a Deployment or StatefulSet that runs several pods (`replicas` >= 2; absent is 1) or is
    scaled by a HorizontalPodAutoscaler or KEDA ScaledObject, when no PodDisruptionBudget of its
    namespace in the linted set selects its pod template labels (`selector: {}` selects every pod).
    It points at the workload's `metadata.name`. A single-replica workload without an autoscaler is
    not reported: a budget for one pod can only block the drain or allow it. The rule needs the
    whole set: under `--partial` it stays silent.
  )md";
  m.doc.why = R"md(
    Without a budget, `kubectl drain` and cluster upgrades may evict every replica at the same time,
    and the redundancy the replicas were for is gone exactly when nodes rotate. The guide gives the
    api (3 replicas, HPA) a PodDisruptionBudget in `k8s/api/pdb.yaml`.
  )md";
  m.doc.example = R"yaml(
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  replicas: 3
  template:
    metadata:
      labels: { app: api }
  # ... and no PodDisruptionBudget selects app=api
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
)yaml";
  m.doc.references = {
      {"production guide (`seed/kubernetes-production-guide.txt`), section \"PodDisruptionBudget\"",
       ""},
      {"Kubernetes: Disruptions",
       "https://kubernetes.io/docs/concepts/workloads/pods/disruptions/"},
      {"Polaris check `missingPodDisruptionBudget`", ""}};
  return define<PdbMissing>(std::move(m));
}

}  // namespace titanlint::rules
