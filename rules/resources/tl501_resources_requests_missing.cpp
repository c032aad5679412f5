// TL501 resources-requests-missing: a container without a cpu or memory request.
#include <fmt/format.h>

#include "common/define.h"
#include "common/resources.h"
#include "common/workload.h"

namespace titanlint::rules {
namespace {

class RequestsMissing final : public Rule {
 public:
  explicit RequestsMissing(const RuleOptions&) {}

  void check(const K8sObject& object, const LintSet&, Reporter& out) const override {
    auto pod = pod_template(object);
    if (!pod) return;
    for (const Container& c : running_containers(*pod)) {
      for (std::string_view resource : {"cpu", "memory"}) check_one(object, c, resource, out);
    }
  }

 private:
  static void check_one(const K8sObject& object, const Container& c, std::string_view resource,
                        Reporter& out) {
    // The API server sets a missing request to the limit; an invalid one is TL005's finding.
    const ResourceValue effective = effective_request(*c.node, resource);
    if (effective.state == ResourceValue::State::Invalid || effective.positive()) return;
    const ResourceValue request = resource_value(*c.node, "requests", resource);
    const std::string who = fmt::format("{} of {}", container_label(c), object_label(object));
    auto remediation = [&] {
      return fmt::format(
          "set resources.requests.{} to what the container uses at steady state (e.g. {})",
          resource, resource == "cpu" ? "100m" : "256Mi");
    };
    if (request.valid()) {
      if (request.positive()) return;
      out.report(
          *request.node,
          [&] {
            return fmt::format("{} requests 0 {}: the scheduler reserves none for it", who,
                               resource);
          },
          remediation);
      return;
    }
    auto message = [&] {
      return fmt::format(
          "{} has no {} request: the scheduler places it as if it needed none{}", who, resource,
          resource == "memory" ? ", and it is among the first evicted under memory pressure" : "");
    };
    const Node* resources = c.node->get("resources");
    const Node* requests = resources ? resources->get("requests") : nullptr;
    if (requests && requests->is_mapping())
      out.report_missing(*requests, resource, message, remediation);
    else if (resources && resources->is_mapping())
      out.report_missing(*resources, "requests", message, remediation);
    else
      out.report_missing(*c.node, "resources", message, remediation);
  }
};

}  // namespace

RuleDefinition tl501_resources_requests_missing() {
  RuleMeta m;
  m.code = "TL501";
  m.name = "resources-requests-missing";
  m.severity = Severity::Error;
  m.kinds = workload_kinds();
  m.containers = kRunningContainers;
  m.summary = "A container has no cpu or memory request";
  m.remediation = "set resources.requests.cpu and resources.requests.memory on every container";
  m.doc.what = R"md(
    Reports each container of a workload (Deployment, StatefulSet, DaemonSet, ReplicaSet,
    ReplicationController, Job, CronJob, DeploymentConfig, bare Pod) that has no cpu request or no
    memory request, once per missing resource, at its `resources.requests` mapping (or at
    `resources`, or at the container when those are absent). A request of 0 is reported at its
    value. A limit without a request counts as a request: the API server sets the missing request to
    the limit. Batch pods are checked too: the scheduler places them like any other pod. Native
    sidecars (`initContainers` with `restartPolicy: Always`) are checked like app containers: they
    run for the pod's whole life and their requests add to the pod's. Plain init containers are not
    checked: the pod's effective request is the larger of the largest init container request and the
    sum of the running containers' requests, so an init container without a request does not make
    the pod unschedulable or unaccounted. Invalid quantities are TL005's findings and are skipped
    here. A namespace LimitRange that fills in default requests is not visible in the manifests and
    is not taken into account.
  )md";
  m.doc.why = R"md(
    The scheduler places pods by their requests. A container without a cpu request gets the smallest
    cpu share under contention; without a memory request the pod is BestEffort or Burstable and is
    evicted first when the node runs short of memory. HPA utilization targets are percentages of the
    request and are undefined without one. The production guide sets requests on every container
    (the api: `cpu: 500m, memory: 512Mi`).
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
        - name: webapp
          image: registry.example.com/platform-webapp:v1.4.2
          resources:
            limits: { memory: 256Mi }
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
        - name: webapp
          image: registry.example.com/platform-webapp:v1.4.2
          resources:
            requests: { cpu: 100m, memory: 128Mi }
            limits: { memory: 256Mi }
)yaml";
  m.doc.fix = R"md(
    No automatic fix: requests come from the app's measured usage; a guessed figure is worse than
    none for the scheduler and the autoscaler.
  )md";
  m.doc.references = {
      {"production guide (`seed/kubernetes-production-guide.txt`), section \"Per-app Deployment\"",
       ""},
      {"Kubernetes: Resource Management for Pods and Containers",
       "https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/"},
      {"kube-linter checks `unset-cpu-requirements`, `unset-memory-requirements`", ""},
      {"Polaris checks `cpuRequestsMissing`, `memoryRequestsMissing`", ""}};
  return define<RequestsMissing>(std::move(m));
}

}  // namespace titanlint::rules
