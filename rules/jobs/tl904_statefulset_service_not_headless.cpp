// TL904 statefulset-service-not-headless: a StatefulSet's governing Service has a cluster IP.
#include <fmt/format.h>

#include "common/define.h"
#include "common/workload.h"
#include "fix/fix_builder.h"
#include "lint_set.h"

namespace titanlint::rules {
namespace {

// Whether the fix may write `clusterIP: None`: a ClusterIP Service (type absent or ClusterIP)
// that pins no address. NodePort and LoadBalancer Services need a cluster IP (the API server
// rejects them headless), and a written address is one somebody chose (a client may use it).
bool can_become_headless(const K8sObject& service) {
  const Node* spec = service.root->get("spec");
  if (spec && !spec->is_mapping()) return false;
  const Node* type = spec ? spec->get("type") : nullptr;
  if (type && !type->is_null() && !(type->is_scalar() && type->str() == "ClusterIP")) return false;
  const Node* cluster_ip = spec ? spec->get("clusterIP") : nullptr;
  if (cluster_ip && !cluster_ip->is_null() &&
      !(cluster_ip->is_scalar() && cluster_ip->str().empty()))
    return false;
  const Node* cluster_ips = spec ? spec->get("clusterIPs") : nullptr;
  return !cluster_ips || cluster_ips->is_null() ||
         (cluster_ips->is_sequence() && cluster_ips->items().empty());
}

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
    auto message = [&] {
      return fmt::format(
          "{}: serviceName \"{}\" is Service/{}, which is not headless ({}): "
          "the pods get no stable per-pod DNS names",
          object_label(object), name->str(), service->name,
          cluster_ip && !cluster_ip->is_null() ? fmt::format("clusterIP is {}", cluster_ip->str())
                                               : std::string("no clusterIP: None"));
    };
    auto remediation = [&] {
      return fmt::format(
          "set `clusterIP: None` on Service/{} (keep a separate Service for "
          "load-balanced traffic), or point serviceName at a headless Service",
          service->name);
    };
    // The Service's clusterIP when it sets one, else its name.
    out.relate(*service, "the governing Service, not headless",
               cluster_ip && !cluster_ip->is_null() ? cluster_ip : nullptr);
    if (!can_become_headless(*service)) {
      out.report(*name, message, remediation);
      return;
    }
    out.report(*name, message, remediation, [&](FixBuilder& edit) {
      edit.describe(fmt::format(
          "make Service/{} headless (clusterIP: None) for {}; a Service that already exists in "
          "the cluster must be deleted and re-created, its clusterIP cannot change",
          service->name, object_label(object)));
      edit.on(*service);
      edit.set(*service->root, {"spec", "clusterIP"}, FixValue::string("None"));
    });
  }
};

}  // namespace

RuleDefinition tl904_statefulset_service_not_headless() {
  RuleMeta m;
  m.code = "TL904";
  m.name = "statefulset-service-not-headless";
  m.severity = Severity::Warning;
  m.offers_fix = true;
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
  m.doc.fix = R"md(
    `titanlint fix` writes `clusterIP: None` into the Service's `spec` (in the Service's own file)
    only when the Service's `type` is ClusterIP or absent and it sets no `clusterIP` (or an empty
    one) and no `clusterIPs`. A NodePort or LoadBalancer Service cannot be headless, and a written
    address was chosen by somebody: those get no fix. Even where it is offered, `clusterIP` is
    immutable: a Service that already exists in the cluster must be deleted and re-created for the
    change to apply, and clients of its address now resolve the pods' addresses instead.
  )md";
  m.doc.references = {{"production guide (`seed/kubernetes-production-guide.txt`), section "
                       "\"Omnitron daemon as StatefulSet\"",
                       ""},
                      {"Kubernetes: StatefulSets",
                       "https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/"}};
  return define<StatefulSetServiceNotHeadless>(std::move(m));
}

}  // namespace titanlint::rules
