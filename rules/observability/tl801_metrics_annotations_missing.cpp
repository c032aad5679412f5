// TL801 metrics-annotations-missing: a long-running workload serves a containerPort but its pod
// template has no `prometheus.io/scrape` annotation.
#include <fmt/format.h>

#include "common/container_ports.h"
#include "common/define.h"
#include "common/pod_containers.h"
#include "common/workload.h"

namespace titanlint::rules {
namespace {

constexpr std::string_view kScrape = "prometheus.io/scrape";

class MetricsAnnotationsMissing final : public Rule {
 public:
  explicit MetricsAnnotationsMissing(const RuleOptions&) {}

  void check(const K8sObject& object, const LintSet&, Reporter& out) const override {
    if (!is_long_running(object)) return;
    auto pod = pod_template(object);
    if (!pod) return;
    const Node* serving = nullptr;
    for (const Container& c : containers(*pod)) {
      if (has_container_port(*c.node)) {
        serving = c.node;
        break;
      }
    }
    if (!serving) return;
    const Node* annotations = pod->metadata ? pod->metadata->get("annotations") : nullptr;
    if (annotations && annotations->is_mapping() && annotations->get(kScrape)) return;

    // Prometheus' pod discovery reads the pod's annotations; on the workload's own metadata
    // the annotation has no effect.
    const bool on_object = object.kind != "Pod" && !object.annotation(kScrape).empty();
    auto message = [&] {
      return fmt::format(
          "{} serves a containerPort but its pod template has no {} annotation{}",
          object_label(object), kScrape,
          on_object ? fmt::format(" (it is on the {}'s own metadata, which Prometheus does not "
                                  "read)",
                                  object.kind)
                    : std::string());
    };
    if (annotations && annotations->is_mapping())
      out.report_missing(*annotations, kScrape, message);
    else if (pod->metadata)
      out.report_missing(*pod->metadata, "annotations", message);
    else if (pod->spec->parent && pod->spec->parent->is_mapping())
      out.report_missing(*pod->spec->parent, "metadata", message);
    else
      out.report_object(message);
  }
};

}  // namespace

RuleDefinition tl801_metrics_annotations_missing() {
  RuleMeta m;
  m.code = "TL801";
  m.name = "metrics-annotations-missing";
  m.severity = Severity::Info;
  m.kinds = long_running_kinds();
  m.containers = ContainerSet::App;
  m.summary = "A serving workload's pods have no prometheus.io/scrape annotation";
  m.remediation =
      "annotate the pod template: `prometheus.io/scrape: 'true'`, `prometheus.io/port: "
      "'<metrics port>'`, `prometheus.io/path: /metrics` (or `'false'` to opt out explicitly)";
  m.doc.what = R"md(
    Reports a long-running workload (Deployment, StatefulSet, DaemonSet, ReplicaSet,
    ReplicationController, DeploymentConfig, a bare Pod that restarts) with a container that
    declares a `containerPort` and whose pod template has no `prometheus.io/scrape` annotation, at
    the pod template's `annotations` (or `metadata`) mapping. Any value counts, so
    `prometheus.io/scrape: 'false'` is an explicit opt-out. The annotation on the workload's own
    metadata does not count (Prometheus reads the pod's), and the message says so. Jobs and CronJobs
    are not checked. Setups that scrape through a Prometheus Operator ServiceMonitor or PodMonitor
    can turn this rule off.
  )md";
  m.doc.why = R"md(
    A service that is not scraped has no metrics: no dashboards, no alerts on error rate or latency,
    and no data for the HPA's custom metrics. The production guide exposes `/metrics` and has
    Prometheus find it through the pod annotations.
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
        - name: api
          ports: [{ name: http, containerPort: 3001 }]
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
      annotations:
        prometheus.io/scrape: 'true'
        prometheus.io/port: '3001'
        prometheus.io/path: '/metrics'
    spec:
      containers:
        - name: api
          ports: [{ name: http, containerPort: 3001 }]
)yaml";
  m.doc.references = {
      {"production guide (`seed/kubernetes-production-guide.txt`), section \"Observability\"", ""}};
  return define<MetricsAnnotationsMissing>(std::move(m));
}

}  // namespace titanlint::rules
