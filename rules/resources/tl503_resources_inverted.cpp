// TL503 resources-inverted: a request above the limit of the same resource.
#include <fmt/format.h>

#include "common/define.h"
#include "common/pod_containers.h"
#include "common/resources.h"
#include "common/workload.h"
#include "field_path.h"

namespace titanlint::rules {
namespace {

class ResourcesInverted final : public Rule {
 public:
  explicit ResourcesInverted(const RuleOptions&) {}

  void check(const K8sObject& object, const LintSet&, Reporter& out) const override {
    auto pod = pod_template(object);
    if (!pod) return;
    for (const PodContainer& pc : containers_and_init_containers(*pod)) {
      const Node& c = *pc.container.node;
      const Node* requests = c.at({"resources", "requests"});
      if (!requests || !requests->is_mapping()) continue;
      for (const MapEntry& e : requests->entries()) {
        // Each resource once (the last of duplicate keys is the one the API server keeps).
        if (!e.key->is_scalar() || requests->get(e.key->text()) != e.value) continue;
        const std::string_view resource = e.key->text();
        const ResourceValue request = resource_value(c, "requests", resource);
        const ResourceValue limit = resource_value(c, "limits", resource);
        if (!request.valid() || !limit.valid() || request.value <= limit.value) continue;
        std::string field = "resources.requests";
        append_field(field, resource);
        out.report(
            *request.node,
            [&] {
              return fmt::format(
                  "{} of {}: {} {} is more than the limit {}; the API server "
                  "rejects a request above its limit",
                  pod_container_label(pc), object_label(object), field, request.node->str(),
                  limit.node->str());
            },
            [&] {
              return fmt::format("lower the {} request to at most {}, or raise the limit", resource,
                                 limit.node->str());
            });
      }
    }
  }
};

}  // namespace

RuleDefinition tl503_resources_inverted() {
  RuleMeta m;
  m.code = "TL503";
  m.name = "resources-inverted";
  m.severity = Severity::Error;
  m.kinds = workload_kinds();
  m.containers = kAllContainers;
  m.summary = "A container requests more of a resource than its limit";
  m.remediation = "make every request at most the limit of the same resource";
  m.doc.what = R"md(
    Reports, at the request's value, a container or init container of a workload whose
    `resources.requests` value is greater than its `resources.limits` value for the same resource:
    cpu and memory, and likewise ephemeral-storage, hugepages and extended resources, since the API
    server applies the same check to each. Quantities are compared exactly as Kubernetes does (`1Gi`
    > `1G`, `2000m` = `2`, `1.5Gi` = `1536Mi`). A request without a limit, or a limit without a
    request (the request then defaults to the limit), is never inverted. Invalid quantities are
    TL005's findings and are skipped here.
  )md";
  m.doc.why = R"md(
    The API server rejects the pod (`must be less than or equal to memory limit`), so the rollout
    fails; for a Deployment the ReplicaSet cannot create pods and the failure only shows in its
    events. A request is what the scheduler reserves and the limit what the container may use, so a
    request above the limit is always a mistake. The production guide's tip that memory requests
    should exceed limits is wrong: Kubernetes requires requests <= limits.
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
          image: registry.example.com/platform-api:v1.4.2
          ports: [{ name: http, containerPort: 3001 }]
          resources:
            requests: { cpu: 500m, memory: 2Gi }
            limits: { cpu: 250m, memory: 1Gi }
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
        - name: api
          image: registry.example.com/platform-api:v1.4.2
          ports: [{ name: http, containerPort: 3001 }]
          resources:
            requests: { cpu: 250m, memory: 1Gi }
            limits: { cpu: 500m, memory: 2Gi }
)yaml";
  m.doc.references = {
      {"production guide (`seed/kubernetes-production-guide.txt`), section \"Per-app Deployment\"",
       ""},
      {"Kubernetes: Resource Management for Pods and Containers",
       "https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/"}};
  return define<ResourcesInverted>(std::move(m));
}

}  // namespace titanlint::rules
