// TL802 metrics-port-unknown: the pod's `prometheus.io/port` annotation names no containerPort.
#include <charconv>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "common/container_ports.h"
#include "common/define.h"
#include "common/pod_containers.h"
#include "common/workload.h"

namespace titanlint::rules {
namespace {

constexpr std::string_view kPort = "prometheus.io/port";

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::optional<std::int64_t> port_number(std::string_view text) {
  text = trim(text);
  std::int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size() || value < 1 || value > 65535)
    return std::nullopt;
  return value;
}

class MetricsPortUnknown final : public Rule {
 public:
  explicit MetricsPortUnknown(const RuleOptions&) {}

  void check(const K8sObject& object, const LintSet&, Reporter& out) const override {
    auto pod = pod_template(object);
    if (!pod || !pod->metadata) return;
    const Node* annotations = pod->metadata->get("annotations");
    if (!annotations || !annotations->is_mapping()) return;
    const Node* value = annotations->get(kPort);
    if (!value || !value->is_scalar() || value->is_null()) return;
    auto port = port_number(value->str());
    if (!port) {
      out.report(
          *value,
          [&] {
            return fmt::format(
                "{}: {} \"{}\" is not a port number; Prometheus would scrape "
                "<pod IP>:{}",
                object_label(object), kPort, value->str(), value->str());
          },
          "set the annotation to the number of the container port that serves metrics");
      return;
    }
    std::vector<std::string> declared;
    for (const PodContainer& pc : containers_and_init_containers(*pod)) {
      for (const ContainerPort& p : container_ports(*pc.container.node)) {
        auto number = int_or(p.number, -1);
        if (number == *port) return;
        if (number > 0) declared.push_back(std::to_string(number));
      }
    }
    out.report(
        *value,
        [&] {
          return fmt::format("{}: {} \"{}\" is not a containerPort of the pod ({})",
                             object_label(object), kPort, value->str(),
                             declared.empty()
                                 ? std::string("it declares none")
                                 : fmt::format("declared: {}", fmt::join(declared, ", ")));
        },
        [&] {
          return fmt::format(
              "set {} to the containerPort that serves metrics, or declare port "
              "{} in the container's ports",
              kPort, *port);
        });
  }
};

}  // namespace

RuleDefinition tl802_metrics_port_unknown() {
  RuleMeta m;
  m.code = "TL802";
  m.name = "metrics-port-unknown";
  m.severity = Severity::Warning;
  m.kinds = workload_kinds();
  m.containers = kAllContainers;
  m.summary = "The prometheus.io/port annotation is not a containerPort of the pod";
  m.remediation = "make prometheus.io/port the containerPort that serves /metrics";
  m.doc.what = R"md(
    Reports, at the annotation's value, a workload whose pod template annotation
    `prometheus.io/port` is not a number (Prometheus' relabelling puts it after the pod IP as it is,
    so a port name does not work) or is a number that no container of the pod declares as a
    `containerPort` (containers and init containers, which covers native sidecars). All workloads
    are checked, Jobs and CronJobs included.
  )md";
  m.doc.why = R"md(
    A wrong port number makes every scrape fail (connection refused, or the wrong server answering),
    so the service's metrics silently disappear; typically after a port change that missed the
    annotation. Declaring the metrics port also documents it and lets NetworkPolicies and Services
    refer to it. The production guide's api annotates `prometheus.io/port: '3001'` and declares
    containerPort 3001.
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
      annotations:
        prometheus.io/scrape: 'true'
        prometheus.io/port: '9090'
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
      annotations:
        prometheus.io/scrape: 'true'
        prometheus.io/port: '3001'
    spec:
      containers:
        - name: api
          ports: [{ name: http, containerPort: 3001 }]
)yaml";
  m.doc.references = {
      {"production guide (`seed/kubernetes-production-guide.txt`), section \"Observability\"", ""}};
  return define<MetricsPortUnknown>(std::move(m));
}

}  // namespace titanlint::rules
