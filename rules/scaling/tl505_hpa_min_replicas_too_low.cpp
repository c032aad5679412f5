// TL505 hpa-min-replicas-too-low: an HPA may scale its workload down below `min` replicas.
#include <fmt/format.h>

#include "common/define.h"
#include "common/workload.h"

namespace titanlint::rules {
namespace {

class HpaMinReplicasTooLow final : public Rule {
 public:
  explicit HpaMinReplicasTooLow(const RuleOptions& options) : min_(options.integer("min")) {}

  void check(const K8sObject& object, const LintSet&, Reporter& out) const override {
    const Node* spec = object.root->get("spec");
    if (!spec || !spec->is_mapping()) return;
    const Node* min = spec->get("minReplicas");
    std::int64_t value = 1;  // the API server's default
    if (min && !min->is_null()) {
      auto v = min->as_int();
      if (!v) return;  // not a number: the API server rejects it
      value = *v;
    } else {
      min = nullptr;
    }
    if (value >= min_) return;
    auto remediation = [&] { return fmt::format("set `minReplicas: {}` or more", min_); };
    if (min) {
      out.report(
          *min,
          [&] {
            return fmt::format(
                "{}: minReplicas is {} (< {}): at low load the HPA scales down to "
                "{} pod{}",
                object_label(object), value, min_, value, value == 1 ? "" : "s");
          },
          remediation);
    } else {
      out.report_missing(
          *spec, "minReplicas",
          [&] {
            return fmt::format(
                "{}: minReplicas is not set and defaults to 1 (< {}): at "
                "low load the HPA scales down to a single pod",
                object_label(object), min_);
          },
          remediation);
    }
  }

 private:
  std::int64_t min_;
};

}  // namespace

RuleDefinition tl505_hpa_min_replicas_too_low() {
  RuleMeta m;
  m.code = "TL505";
  m.name = "hpa-min-replicas-too-low";
  m.severity = Severity::Warning;
  m.kinds = {{"HorizontalPodAutoscaler", "autoscaling"}};
  m.scope = RuleScope::Object;
  m.summary = "HPA minReplicas < `min` (default 2)";
  m.remediation = "set the HPA's minReplicas to 2 or more";
  m.options = {{"min", OptionType::Int, std::int64_t{2},
                "the fewest replicas an HPA may scale its workload down to",
                [](const OptionValue& v) -> std::string {
                  return std::get<std::int64_t>(v) < 1 ? "must be at least 1" : "";
                }}};
  m.doc.what = R"md(
    Reports a HorizontalPodAutoscaler whose `spec.minReplicas` is below `min`. An absent
    `minReplicas` is 1 (the API server's default), so it is reported at the spec. It points at the
    `minReplicas` value.
  )md";
  m.doc.why = R"md(
    At night the HPA scales down to minReplicas; with 1 the app is a single pod again, and every
    crash, node drain or eviction is an outage until a new pod is ready. The guide's HPA
    (`k8s/api/hpa.yaml`) keeps `minReplicas: 2`.
  )md";
  m.doc.example = R"yaml(
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: api
spec:
  scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: api }
  minReplicas: 1
  maxReplicas: 10
)yaml";
  m.doc.use_instead = R"yaml(
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: api
spec:
  scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: api }
  minReplicas: 2
  maxReplicas: 10
)yaml";
  m.doc.references = {
      {"production guide (`seed/kubernetes-production-guide.txt`), section "
       "\"HorizontalPodAutoscaler\"",
       ""},
      {"Kubernetes: Horizontal Pod Autoscaling",
       "https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/"},
      {"kube-linter check `hpa-minimum-three-replicas`", ""},
      {"Polaris check `hpaMinAvailability`", ""}};
  return define<HpaMinReplicasTooLow>(std::move(m));
}

}  // namespace titanlint::rules
