// TL206 replicas-too-few: a Deployment runs fewer than `min` replicas and no HPA scales it.
#include <fmt/format.h>

#include "common/define.h"
#include "common/relations.h"
#include "common/workload.h"
#include "lint_set.h"

namespace titanlint::rules {
namespace {

class ReplicasTooFew final : public Rule {
 public:
  explicit ReplicasTooFew(const RuleOptions& options) : min_(options.integer("min")) {}

  void check(const K8sObject& object, const LintSet& set, Reporter& out) const override {
    const Node* spec = object.root->get("spec");
    if (!spec || !spec->is_mapping()) return;
    const Node* replicas_node = spec->get("replicas");
    std::int64_t replicas = kDefaultDeploymentReplicas;
    if (replicas_node && !replicas_node->is_null()) {
      auto value = replicas_node->as_int();
      if (!value) return;  // not a number: the API server rejects it
      replicas = *value;
    }
    // 0 is a Deployment switched off on purpose; nothing serves, nothing to make redundant.
    if (replicas == 0 || replicas >= min_) return;
    // An HPA or a KEDA ScaledObject scales it: the autoscaler's minimum is TL505's business.
    if (autoscaler_of(set, object)) return;
    auto message = [&] {
      return fmt::format(
          "{}/{}: {} and no HorizontalPodAutoscaler targets it: a single pod is an outage on "
          "every crash, node drain and eviction",
          object.kind, object.name,
          replicas_node ? fmt::format("replicas is {} (< {})", replicas, min_)
                        : fmt::format("replicas is not set and defaults to 1 (< {})", min_));
    };
    auto remediation = [&] {
      return fmt::format(
          "set `replicas: {}` or more, or scale it with a HorizontalPodAutoscaler (minReplicas >= "
          "{})",
          min_, min_);
    };
    if (replicas_node)
      out.report(*replicas_node, message, remediation);
    else
      out.report_missing(*spec, "replicas", message, remediation);
  }

 private:
  std::int64_t min_;
};

}  // namespace

RuleDefinition tl206_replicas_too_few() {
  RuleMeta m;
  m.code = "TL206";
  m.name = "replicas-too-few";
  m.severity = Severity::Warning;
  m.kinds = {{"Deployment"}};
  m.scope = RuleScope::Set;
  m.needs_complete_set = true;
  m.summary = "Deployment with replicas < `min` (default 2) and no HPA targeting it";
  m.remediation = "run at least 2 replicas, or scale the Deployment with a HorizontalPodAutoscaler";
  m.options = {{"min", OptionType::Int, std::int64_t{2},
                "the fewest replicas a Deployment without an autoscaler may run"}};
  m.doc.what = R"md(
    Reports a Deployment whose `replicas` (1 when absent, the API server's default) is below `min`,
    unless a HorizontalPodAutoscaler in the same namespace of the linted set has `scaleTargetRef:
    {kind: Deployment, name: <it>}` (a KEDA `ScaledObject` targeting it counts too: KEDA creates
    that HPA). It points at the `replicas` value, or at the spec when `replicas` is absent.
    `replicas: 0` (a Deployment switched off on purpose) is not reported. The rule needs the whole
    set: under `--partial` the HPA may live in a file that was not linted, so it stays silent.
  )md";
  m.doc.why = R"md(
    One replica is a single point of failure: every crash, OOM kill, node drain, eviction or cluster
    upgrade is an outage, and a PodDisruptionBudget cannot help (it can only block the drain). The
    production guide runs its apps with several replicas and an HPA whose minReplicas is 2; the
    webapp runs 2 replicas.
  )md";
  m.doc.example = R"yaml(
apiVersion: apps/v1
kind: Deployment
metadata:
  name: webapp
spec:
  replicas: 1
  template: ...
)yaml";
  m.doc.use_instead = R"yaml(
apiVersion: apps/v1
kind: Deployment
metadata:
  name: webapp
spec:
  replicas: 2
  template: ...
)yaml";
  m.doc.fix = R"md(
    No automatic fix: the replica count is a capacity decision (and with an autoscaler the field
    should be absent, TL510).
  )md";
  m.doc.references = {
      {"production guide (`seed/kubernetes-production-guide.txt`), section \"Per-app Deployment\"",
       ""},
      {"Kubernetes: Pod Lifecycle, termination of Pods",
       "https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#pod-termination"},
      {"kube-linter check `minimum-three-replicas`", ""}};
  return define<ReplicasTooFew>(std::move(m));
}

}  // namespace titanlint::rules
