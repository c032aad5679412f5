// TL506 hpa-target-lacks-requests: an HPA scales on cpu/memory utilization, but a container of
// its target has no request for that resource, so utilization is undefined.
#include <fmt/format.h>

#include "common/define.h"
#include "common/relations.h"
#include "common/resources.h"
#include "common/workload.h"
#include "lint_set.h"
#include "quantity.h"

namespace titanlint::rules {
namespace {

// One utilization metric of an HPA: the resource, where it is written, and (ContainerResource)
// the one container it is about.
struct UtilizationMetric {
  std::string_view resource;   // "cpu" or "memory"
  const Node* node = nullptr;  // the value to point at, or the mapping that lacks `missing`
  std::string_view missing;    // non-empty for a defaulted metric
  std::string_view container;  // non-empty for a ContainerResource metric
};

bool is_cpu_or_memory(std::string_view r) {
  return r == "cpu" || r == "memory";
}

std::vector<UtilizationMetric> utilization_metrics(const K8sObject& hpa) {
  std::vector<UtilizationMetric> out;
  const Node* spec = hpa.root->get("spec");
  if (!spec || !spec->is_mapping()) return out;
  if (hpa.api_version == "autoscaling/v1") {
    // The controller scales on 80% CPU when the field is absent.
    const Node* target = spec->get("targetCPUUtilizationPercentage");
    if (target && !target->is_null())
      out.push_back({"cpu", target, {}, {}});
    else
      out.push_back({"cpu", spec, "targetCPUUtilizationPercentage", {}});
    return out;
  }
  const Node* metrics = spec->get("metrics");
  if (!metrics || metrics->is_null() || (metrics->is_sequence() && metrics->items().empty())) {
    // autoscaling/v2 (and v2beta*) default an empty metrics list to 80% CPU utilization.
    out.push_back({"cpu", spec, "metrics", {}});
    return out;
  }
  if (!metrics->is_sequence()) return out;
  for (const Node* m : metrics->items()) {
    if (!m->is_mapping()) continue;
    const Node* type = m->get("type");
    const std::string_view t = type ? type->str() : std::string_view{};
    const Node* source = nullptr;
    if (t == "Resource")
      source = m->get("resource");
    else if (t == "ContainerResource")
      source = m->get("containerResource");
    if (!source || !source->is_mapping()) continue;
    const Node* name = source->get("name");
    if (!name || !is_cpu_or_memory(name->str())) continue;
    UtilizationMetric um;
    um.resource = name->str();
    if (t == "ContainerResource") {
      const Node* c = source->get("container");
      if (!c || c->str().empty()) continue;
      um.container = c->str();
    }
    if (const Node* target_type = source->at({"target", "type"});
        target_type && target_type->str() == "Utilization") {
      um.node = target_type;  // autoscaling/v2, v2beta2
    } else if (const Node* v1beta = source->get("targetAverageUtilization");
               v1beta && !v1beta->is_null()) {
      um.node = v1beta;  // autoscaling/v2beta1
    } else {
      continue;
    }
    out.push_back(um);
  }
  return out;
}

// The container has a non-zero request for `resource` (a limit without a request counts: the API
// server copies limits into missing requests when it creates the pod). An invalid quantity counts
// too: the API server rejects it, which is TL005's finding, not this rule's.
bool has_request(const Node& container, std::string_view resource) {
  const ResourceValue request = effective_request(container, resource);
  return request.state == ResourceValue::State::Invalid || request.positive();
}

class HpaTargetLacksRequests final : public Rule {
 public:
  explicit HpaTargetLacksRequests(const RuleOptions&) {}

  void check(const K8sObject& object, const LintSet& set, Reporter& out) const override {
    auto ref = scale_target_ref(object);
    if (!ref) return;
    const K8sObject* target = scale_target(set, object, *ref);
    if (!target) return;  // TL504's finding
    auto pod = pod_template(*target);
    if (!pod) return;
    const std::vector<Container> cs = running_containers(*pod);
    for (const UtilizationMetric& m : utilization_metrics(object)) {
      std::vector<std::string> lacking;
      for (const Container& c : cs) {
        if (!m.container.empty() && c.name != m.container) continue;
        if (!has_request(*c.node, m.resource)) lacking.push_back(container_label(c));
      }
      if (lacking.empty()) continue;
      std::string who = lacking.front();
      for (std::size_t i = 1; i < lacking.size(); ++i) who += ", " + lacking[i];
      out.relate(*target, "the scale target, whose containers lack the request");
      auto message = [&] {
        return fmt::format(
            "{}: scales on {} utilization{}, but {} of {} ha{} no {} request: utilization is "
            "undefined and the HPA cannot scale",
            object_label(object), m.resource,
            m.missing.empty() ? "" : " (the default when no metric is set)", who,
            object_label(*target), lacking.size() == 1 ? "s" : "ve", m.resource);
      };
      auto remediation = [&] {
        return fmt::format(
            "set `resources.requests.{}` on every container of {}, or scale on an AverageValue "
            "target instead of Utilization",
            m.resource, object_label(*target));
      };
      if (m.missing.empty())
        out.report(*m.node, message, remediation);
      else
        out.report_missing(*m.node, m.missing, message, remediation);
    }
  }
};

}  // namespace

RuleDefinition tl506_hpa_target_lacks_requests() {
  RuleMeta m;
  m.code = "TL506";
  m.name = "hpa-target-lacks-requests";
  m.severity = Severity::Error;
  m.kinds = {{"HorizontalPodAutoscaler", "autoscaling"}};
  m.containers = kRunningContainers;
  m.scope = RuleScope::Set;
  m.summary =
      "HPA uses Resource Utilization for cpu/memory but the target's containers lack that "
      "request";
  m.remediation = "set cpu/memory requests on every container of the HPA's target";
  m.doc.what = R"md(
    Reports a HorizontalPodAutoscaler that scales on cpu or memory *utilization* when a container of
    its target workload (found in the linted set, same namespace) has no request for that resource.
    Utilization metrics are: autoscaling/v2 `metrics[]` of type `Resource` with `target.type:
    Utilization`, `ContainerResource` (only the named container is checked), autoscaling/v2beta1
    `targetAverageUtilization`, autoscaling/v1 `targetCPUUtilizationPercentage`, and the default
    when no metric is set (80% CPU). A limit without a request counts as a request (the API server
    copies it when it creates the pod); a zero request does not. The app `containers` and the native
    sidecars (`initContainers` with `restartPolicy: Always`: the HPA adds their requests to the
    pod's total) are checked; plain init containers, which have exited, are not. It points at the
    HPA's `target.type: Utilization` (the choice that needs the request), or at its spec when the
    metric is the default. A target missing from the set is TL504's finding; requests a LimitRange
    would add are not known to the linter.
  )md";
  m.doc.why = R"md(
    Utilization is usage divided by request; without a request the HPA controller reports `missing
    request for cpu`, the HPA stops scaling, and the app meets its next traffic peak at its current
    size. The guide's api Deployment sets `requests: { cpu: '500m', memory: '512Mi' }` because its
    HPA scales on both.
  )md";
  m.doc.example = R"yaml(
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
          # no resources.requests
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
  metrics:
    - type: Resource
      resource: { name: cpu, target: { type: Utilization, averageUtilization: 70 } }
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
          resources:
            requests: { cpu: '500m', memory: '512Mi' }
)yaml";
  m.doc.references = {
      {"production guide (`seed/kubernetes-production-guide.txt`), section "
       "\"HorizontalPodAutoscaler\"",
       ""},
      {"Kubernetes: Horizontal Pod Autoscaling",
       "https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/"}};
  return define<HpaTargetLacksRequests>(std::move(m));
}

}  // namespace titanlint::rules
