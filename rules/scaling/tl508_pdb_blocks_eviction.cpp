// TL508 pdb-blocks-eviction: a PodDisruptionBudget that allows no voluntary eviction, so node
// drains hang.
#include <fmt/format.h>

#include "common/define.h"
#include "common/relations.h"
#include "common/rollout.h"
#include "common/workload.h"
#include "label_selector.h"
#include "lint_set.h"

namespace titanlint::rules {
namespace {

constexpr std::string_view kConsequence = "no pod can ever be evicted";

// The pods a selected workload runs at its smallest: the autoscaler's minimum when one manages
// it, else spec.replicas; a bare Pod is one. Nullopt when the count is unknown (a DaemonSet runs
// one per node, a Job's pods come and go).
struct PodCount {
  std::int64_t pods = 0;
  std::string label;  // `HPA minReplicas 2`, `replicas 3`
  // The autoscaler whose minimum the count is, and its minReplicas node (null when defaulted).
  const K8sObject* autoscaler = nullptr;
  const Node* autoscaler_min = nullptr;
};
std::optional<PodCount> minimum_pods(const LintSet& set, const K8sObject& workload) {
  if (workload.kind == "Pod") return PodCount{1, "1 Pod"};
  auto replicas = declared_replicas(workload);
  if (!replicas) return std::nullopt;
  if (*replicas == 0) return PodCount{0, "replicas 0"};  // off; an HPA does not scale it either
  if (auto a = autoscaler_of(set, workload))
    return PodCount{a->min_running(), a->min_label(), a->object, a->min_node};
  return PodCount{*replicas, fmt::format("replicas {}", *replicas)};
}

class PdbBlocksEviction final : public Rule {
 public:
  explicit PdbBlocksEviction(const RuleOptions&) {}

  void check(const K8sObject& object, const LintSet& set, Reporter& out) const override {
    const Node* spec = object.root->get("spec");
    if (!spec || !spec->is_mapping()) return;
    const std::string pdb = object_label(object);

    if (const Node* max = spec->get("maxUnavailable"); max && !max->is_null()) {
      auto v = parse_int_or_percent(*max);
      if (v && v->is_zero())
        out.report(
            *max,
            [&] { return fmt::format("{}: maxUnavailable {}: {}", pdb, v->str(), kConsequence); },
            "allow at least one disruption: `maxUnavailable: 1`");
    }

    const Node* min = spec->get("minAvailable");
    if (!min || min->is_null()) return;
    auto v = parse_int_or_percent(*min);
    if (!v || v->is_zero()) return;
    if (v->percent && v->value >= 100) {
      out.report(
          *min, [&] { return fmt::format("{}: minAvailable {}: {}", pdb, v->str(), kConsequence); },
          "use `maxUnavailable: 1` (or a minAvailable percentage below 100%)");
      return;
    }

    // Compare with the pods the selected workloads run at their smallest.
    const auto selected = workloads_selected(set, set.namespace_of(object), pdb_selector(object));
    if (selected.empty()) return;  // TL509's finding
    std::int64_t total = 0;
    std::vector<std::pair<const K8sObject*, PodCount>> parts;
    for (const K8sObject* w : selected) {
      auto count = minimum_pods(set, *w);
      if (!count) return;  // unknown pod count: no arithmetic to show
      total += count->pods;
      parts.emplace_back(w, std::move(*count));
    }
    if (total == 0) return;  // nothing runs, nothing to evict
    const std::int64_t desired = scaled_pods(*v, total, /*round_up=*/true);
    if (desired < total) return;

    std::string lhs = v->percent ? fmt::format("minAvailable {} (= {} of {}, rounded up)", v->str(),
                                               desired, total)
                                 : fmt::format("minAvailable {}", v->value);
    std::string rhs;
    std::string selects;
    if (parts.size() == 1) {
      rhs = parts.front().second.label;
      selects = object_label(*parts.front().first);
    } else {
      rhs = fmt::format("{} pods (", total);
      for (std::size_t i = 0; i < parts.size(); ++i) {
        if (i) {
          rhs += " + ";
          selects += ", ";
        }
        rhs += fmt::format("{} {}", object_label(*parts[i].first), parts[i].second.label);
        selects += object_label(*parts[i].first);
      }
      rhs += ")";
    }
    for (const auto& [workload, count] : parts) {
      out.relate(*workload, "a workload the budget selects");
      if (count.autoscaler)
        out.relate(*count.autoscaler, "the autoscaler whose minimum the budget keeps",
                   count.autoscaler_min);
    }
    out.report(
        *min,
        [&] {
          return fmt::format("{}: {} >= {}: {} (selects {})", pdb, lhs, rhs, kConsequence, selects);
        },
        [&] {
          return total > 1
                     ? fmt::format("set `minAvailable: {}` or less, or use `maxUnavailable: 1`",
                                   total - 1)
                     : std::string("use `maxUnavailable: 1`, or run more replicas");
        });
  }
};

}  // namespace

RuleDefinition tl508_pdb_blocks_eviction() {
  RuleMeta m;
  m.code = "TL508";
  m.name = "pdb-blocks-eviction";
  m.severity = Severity::Error;
  m.kinds = {{"PodDisruptionBudget"}};
  m.scope = RuleScope::Set;
  m.summary =
      "PDB minAvailable >= the workload's replicas or HPA minReplicas, maxUnavailable 0, or "
      "minAvailable 100% (drains hang)";
  m.remediation = "let the budget allow at least one eviction, e.g. `maxUnavailable: 1`";
  m.doc.what = R"md(
    Reports a PodDisruptionBudget that allows no voluntary eviction: `maxUnavailable: 0` (or `0%`),
    `minAvailable: 100%`, or a `minAvailable` at least as large as the number of pods its selector
    picks at their smallest. That number is, summed over the workloads of the namespace whose pod
    template labels the selector matches: the HPA's minReplicas (default 1) when an HPA (or KEDA
    ScaledObject) manages the workload, else `spec.replicas` (default 1); a bare Pod is 1. A
    minAvailable percentage is rounded up, as the disruption controller does (50% of 3 is 2). When a
    selected workload has no fixed count (DaemonSet, Job) the comparison is skipped. The message
    shows the arithmetic, e.g. `minAvailable 2 >= HPA minReplicas 2: no pod can ever be evicted`. It
    points at the `minAvailable` or `maxUnavailable` value.
  )md";
  m.doc.why = R"md(
    `kubectl drain`, cluster upgrades and the cluster autoscaler evict pods through the budget; a
    budget that allows zero disruptions makes them retry forever, and the node never drains. The
    guide's `k8s/api/pdb.yaml` has exactly this trap: `minAvailable: 2` while the api's HPA may
    scale it down to `minReplicas: 2`; at that size no pod may leave.
  )md";
  m.doc.example = R"yaml(
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: api
spec:
  minAvailable: 2   # the api's HPA has minReplicas: 2
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
      {"production guide (`seed/kubernetes-production-guide.txt`), section \"PodDisruptionBudget\"",
       ""},
      {"Kubernetes: Disruptions",
       "https://kubernetes.io/docs/concepts/workloads/pods/disruptions/"},
      {"kube-linter checks `pdb-min-available`, `pdb-max-unavailable`", ""},
      {"Polaris checks `pdbDisruptionsIsZero`, `pdbMinAvailableGreaterThanHPAMinReplicas`", ""}};
  return define<PdbBlocksEviction>(std::move(m));
}

}  // namespace titanlint::rules
