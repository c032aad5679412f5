// TL702 service-target-port-unknown: a Service sends traffic to a port the selected pods do not
// declare.
#include <fmt/format.h>

#include "common/container_ports.h"
#include "common/define.h"
#include "common/relations.h"
#include "common/workload.h"
#include "lint_set.h"

namespace titanlint::rules {
namespace {

// Whether one pod template serves `target` (a targetPort, or the port it defaults to).
enum class PortVerdict { Declared, Unknown, Undecidable };

PortVerdict template_serves(const PodTemplate& pod, const Node& target) {
  const bool numeric = target.as_int().has_value();
  bool any_port = false;
  for (const Container& c : running_containers(pod)) {
    if (container_declares_port(*c.node, target)) return PortVerdict::Declared;
    if (const Node* ports = c.node->get("ports"); ports && ports->is_sequence())
      any_port = any_port || !ports->items().empty();
  }
  // Declaring container ports is optional: a numeric port reaches the process whether or not it
  // is listed, so a template that lists none cannot be judged. A name must be declared to
  // resolve.
  if (numeric && !any_port) return PortVerdict::Undecidable;
  return PortVerdict::Unknown;
}

class ServiceTargetPortUnknown final : public Rule {
 public:
  explicit ServiceTargetPortUnknown(const RuleOptions&) {}

  void check(const K8sObject& object, const LintSet& set, Reporter& out) const override {
    auto selector = service_selector(object);
    if (!selector) return;
    const Node* ports = object.root->at({"spec", "ports"});
    if (!ports || !ports->is_sequence()) return;
    const auto selected = workloads_selected(set, set.namespace_of(object), *selector);
    if (selected.empty()) return;  // TL701's finding
    for (const Node* port : ports->items()) {
      if (!port->is_mapping()) continue;
      const Node* target = port->get("targetPort");
      const bool defaulted = !target || target->is_null();
      if (defaulted) target = port->get("port");
      if (!target || !target->is_scalar() || target->is_null()) continue;
      std::vector<std::string> lacking;
      for (const K8sObject* w : selected) {
        auto pod = pod_template(*w);
        if (pod && template_serves(*pod, *target) == PortVerdict::Unknown) {
          lacking.push_back(object_label(*w));
          out.relate(*w, "a selected workload whose pods do not declare the port");
        }
      }
      if (lacking.empty()) continue;
      std::string who = lacking.front();
      for (std::size_t i = 1; i < lacking.size(); ++i) who += ", " + lacking[i];
      const bool numeric = target->as_int().has_value();
      const std::string what = numeric ? fmt::format("targetPort {}{}", target->text(),
                                                     defaulted ? " (defaulted from port)" : "")
                                       : fmt::format("targetPort \"{}\"", target->text());
      auto message = [&] {
        return fmt::format(
            "{}: {} is not a containerPort {}of the selected pod template{} of {}: traffic to it "
            "is refused",
            object_label(object), what, numeric ? "" : "name ", lacking.size() == 1 ? "" : "s",
            who);
      };
      auto remediation = [&] {
        return numeric
                   ? fmt::format("set targetPort to a containerPort the pods of {} declare", who)
                   : fmt::format(
                         "declare `{{ name: {}, containerPort: N }}` in the pods of {}, or "
                         "target a port name they declare",
                         target->text(), who);
      };
      if (defaulted)
        out.report_missing(*port, "targetPort", message, remediation);
      else
        out.report(*target, message, remediation);
    }
  }
};

}  // namespace

RuleDefinition tl702_service_target_port_unknown() {
  RuleMeta m;
  m.code = "TL702";
  m.name = "service-target-port-unknown";
  m.severity = Severity::Error;
  m.kinds = {{"Service", ""}};
  m.containers = kRunningContainers;
  m.scope = RuleScope::Set;
  m.summary = "Service targetPort (name or number) is not a containerPort of the selected pods";
  m.remediation = "target a containerPort (by name or number) that the selected pods declare";
  m.doc.what = R"md(
    For each port of a Service with a selector, checks its `targetPort` (absent: the `port`) against
    the pod templates the selector matches in the linted set. The ports of the app containers and of
    native sidecars (`initContainers` with `restartPolicy: Always`, e.g. a mesh proxy on 15006)
    count; a plain init container's do not. A port *name* resolves per pod, so every selected
    template must declare a containerPort of that name: the rule fires when at least one selected
    template does not, and names those templates. A port *number* is reported only when a selected
    template declares container ports and none has that number: declaring ports is optional, and a
    template that lists none cannot be judged (the same policy as TL106). Protocols are not
    compared. It points at the `targetPort` value, or at the port entry when `targetPort` is absent.
    A Service that selects nothing is TL701's finding.
  )md";
  m.doc.why = R"md(
    The Service forwards to a port no container listens on, or to a name that does not resolve in
    some pods: those endpoints refuse connections (or the name leaves the pod out of the endpoints),
    and it only shows as errors under traffic. The guide's Services target named ports (`targetPort:
    http`) that the pod templates declare.
  )md";
  m.doc.example = R"yaml(
apiVersion: v1
kind: Service
metadata:
  name: api
spec:
  selector: { app: api }
  ports:
    - { name: http, port: 80, targetPort: web }   # the container port is named http
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
      {"Kubernetes: Service", "https://kubernetes.io/docs/concepts/services-networking/service/"}};
  return define<ServiceTargetPortUnknown>(std::move(m));
}

}  // namespace titanlint::rules
