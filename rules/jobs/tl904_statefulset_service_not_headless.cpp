// TL904 statefulset-service-not-headless: a StatefulSet's governing Service has a cluster IP.
#include <fmt/format.h>

#include "common/define.h"
#include "common/workload.h"
#include "lint_set.h"

namespace titanlint::rules {
namespace {

class StatefulSetServiceNotHeadless final : public Rule {
 public:
  explicit StatefulSetServiceNotHeadless(const RuleOptions&) {}

  void check(const K8sObject& object, const LintSet& set, Reporter& out) const override {
    const Node* name = object.root->at({"spec", "serviceName"});
    if (!name || !name->is_scalar() || name->str().empty()) return;
    const K8sObject* service = set.find(set.namespace_of(object), "Service", name->str());
    if (!service || !service->api_group().empty()) return;  // absent: nothing to judge
    const Node* cluster_ip = service->root->at({"spec", "clusterIP"});
    if (cluster_ip && cluster_ip->str() == "None") return;
    out.report(
        *name,
        [&] {
          return fmt::format(
              "{}: serviceName \"{}\" is Service/{}, which is not headless ({}): "
              "the pods get no stable per-pod DNS names",
              object_label(object), name->str(), service->name,
              cluster_ip && !cluster_ip->is_null()
                  ? fmt::format("clusterIP is {}", cluster_ip->str())
                  : std::string("no clusterIP: None"));
        },
        [&] {
          return fmt::format(
              "set `clusterIP: None` on Service/{} (keep a separate Service for "
              "load-balanced traffic), or point serviceName at a headless Service",
              service->name);
        });
  }
};

}  // namespace

RuleDefinition tl904_statefulset_service_not_headless() {
  RuleMeta m;
  m.code = "TL904";
  m.name = "statefulset-service-not-headless";
  m.severity = Severity::Warning;
  m.kinds = {{"StatefulSet"}};
  m.scope = RuleScope::Set;
  m.summary =
      "StatefulSet `serviceName` refers to a Service in the set that is not headless "
      "(`clusterIP: None`)";
  m.remediation = "make the StatefulSet's governing Service headless (`clusterIP: None`)";
  m.doc.what = R"md(
    Reports a StatefulSet whose `spec.serviceName` names a Service of its namespace in the linted
    set that does not have `clusterIP: None`. A Service that is not in the set is not reported (it
    may be created elsewhere, and an absent governing Service is not something this rule infers). It
    points at the StatefulSet's `serviceName`.
  )md";
  m.doc.why = R"md(
    A StatefulSet's pods get their stable DNS names (`omnitron-0.omnitron.platform.svc`) from its
    governing Service only when that Service is headless; with a cluster IP the per-pod records are
    not created, and peers that address a pod by name cannot find it. The guide's daemon StatefulSet
    names Service `omnitron`, which has a cluster IP: add a headless Service for the StatefulSet and
    keep the other for clients.
  )md";
  m.doc.example = R"yaml(
apiVersion: v1
kind: Service
metadata:
  name: omnitron
spec:
  selector: { app: omnitron }
  ports: [{ name: tcp, port: 9700 }]
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: omnitron
spec:
  serviceName: omnitron
  selector:
    matchLabels: { app: omnitron }
  template:
    metadata:
      labels: { app: omnitron }
    spec:
      containers:
        - name: omnitron
          image: registry.example.com/omnitron:v2.0.1
          ports: [{ name: tcp, containerPort: 9700 }]
)yaml";
  m.doc.use_instead = R"yaml(
apiVersion: v1
kind: Service
metadata:
  name: omnitron-headless
spec:
  clusterIP: None
  selector: { app: omnitron }
  ports: [{ name: tcp, port: 9700 }]
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: omnitron
spec:
  serviceName: omnitron-headless
  selector:
    matchLabels: { app: omnitron }
  template:
    metadata:
      labels: { app: omnitron }
    spec:
      containers:
        - name: omnitron
          image: registry.example.com/omnitron:v2.0.1
          ports: [{ name: tcp, containerPort: 9700 }]
)yaml";
  m.doc.references = {{"production guide (`seed/kubernetes-production-guide.txt`), section "
                       "\"Omnitron daemon as StatefulSet\"",
                       ""},
                      {"Kubernetes: StatefulSets",
                       "https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/"}};
  return define<StatefulSetServiceNotHeadless>(std::move(m));
}

}  // namespace titanlint::rules
