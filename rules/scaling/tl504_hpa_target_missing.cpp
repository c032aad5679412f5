// TL504 hpa-target-missing: an HPA scales a workload that is not in the linted set, or names it
// with an apiVersion the API server no longer serves.
#include <fmt/format.h>

#include "common/define.h"
#include "common/relations.h"
#include "common/removed_apis.h"
#include "common/workload.h"
#include "lint_set.h"

namespace titanlint::rules {
namespace {

class HpaTargetMissing final : public Rule {
 public:
  explicit HpaTargetMissing(const RuleOptions&) {}

  void check(const K8sObject& object, const LintSet& set, Reporter& out) const override {
    auto ref = scale_target_ref(object);
    // kind and name are required: the API server rejects an HPA without them.
    if (!ref || !ref->kind || !ref->name || ref->kind_text().empty() || ref->name_text().empty())
      return;
    const std::string hpa = object_label(object);
    const std::string target = fmt::format("{}/{}", ref->kind_text(), ref->name_text());
    if (ref->api_version) {
      if (const RemovedApi* removed = find_removed_api(ref->api_version->str(), ref->kind_text())) {
        out.report(
            *ref->api_version,
            [&] {
              return fmt::format(
                  "{}: scaleTargetRef uses {} {}, which Kubernetes {} no longer "
                  "serves: the HPA cannot read or set the target's scale",
                  hpa, removed->api_version, removed->kind, removed->removed_in);
            },
            [&] {
              return removed->replacement.empty()
                         ? std::string(removed->note)
                         : fmt::format("set `scaleTargetRef.apiVersion: {}`", removed->replacement);
            });
        return;
      }
    }
    const std::string_view ns = set.namespace_of(object);
    const K8sObject* found = set.find(ns, ref->kind_text(), ref->name_text());
    if (!found) {
      out.report(
          *ref->name,
          [&] {
            return fmt::format(
                "{}: scaleTargetRef names {}, which is not in the linted set "
                "(namespace \"{}\"): the HPA scales nothing",
                hpa, target, ns);
          },
          [&] {
            return fmt::format(
                "point scaleTargetRef at an existing workload of namespace \"{}\", or "
                "lint it together with its target (--partial if the set is "
                "incomplete)",
                ns);
          });
      return;
    }
    if (ref->api_version && ref->group() != found->api_group()) {
      out.report(
          *ref->api_version,
          [&] {
            return fmt::format(
                "{}: scaleTargetRef names {} in API group \"{}\", but {} in the "
                "linted set is \"{}\" ({}): the HPA scales nothing",
                hpa, target, ref->group(), target, found->api_group(), found->api_version);
          },
          [&] { return fmt::format("set `scaleTargetRef.apiVersion: {}`", found->api_version); });
    }
  }
};

}  // namespace

RuleDefinition tl504_hpa_target_missing() {
  RuleMeta m;
  m.code = "TL504";
  m.name = "hpa-target-missing";
  m.severity = Severity::Error;
  m.kinds = {{"HorizontalPodAutoscaler", "autoscaling"}};
  m.scope = RuleScope::Set;
  m.needs_complete_set = true;
  m.summary =
      "HPA scaleTargetRef names a workload that is not in the linted set, or uses a removed "
      "apiVersion";
  m.remediation = "point scaleTargetRef at a workload that exists, with a served apiVersion";
  m.doc.what = R"md(
    Reports a HorizontalPodAutoscaler whose `spec.scaleTargetRef` names an object that is not in the
    linted set: same namespace, same `kind` and `name`, and, when the ref has an `apiVersion`, the
    same API group (the version may differ: the API server converts). It points at
    `scaleTargetRef.name`, or at `scaleTargetRef.apiVersion` when the group does not match. It also
    reports a ref whose apiVersion the API server no longer serves (`extensions/v1beta1` Deployment,
    `apps/v1beta2` StatefulSet, ...; the same table as TL004). Any kind is looked up, custom
    resources included (an Argo Rollout, say), since an HPA can scale anything with a scale
    subresource. The rule needs the whole set: under `--partial` it stays silent, the
    removed-apiVersion check included.
  )md";
  m.doc.why = R"md(
    An HPA whose target does not exist scales nothing: the Deployment it was meant for runs its
    fixed `replicas` through every traffic peak, and nothing says so (the HPA only shows
    `FailedGetScale` in its events). The guide pairs every HPA with the Deployment it scales
    (`k8s/api/hpa.yaml` targets `Deployment/api`); a typo or a rename breaks that silently.
  )md";
  m.doc.example = R"yaml(
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: api
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: api-server   # no such Deployment in the set
  minReplicas: 2
  maxReplicas: 10
)yaml";
  m.doc.use_instead = R"yaml(
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: api
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: api
  minReplicas: 2
  maxReplicas: 10
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
      {"production guide (`seed/kubernetes-production-guide.txt`), section "
       "\"HorizontalPodAutoscaler\"",
       ""},
      {"Kubernetes: Horizontal Pod Autoscaling",
       "https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/"},
      {"kube-linter check `dangling-hpa`", ""}};
  return define<HpaTargetMissing>(std::move(m));
}

}  // namespace titanlint::rules
