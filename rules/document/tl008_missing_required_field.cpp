// TL008 missing-required-field: a field the Kubernetes schema requires is absent.
#include <array>

#include "common/define.h"
#include "common/schema_object.h"

namespace titanlint::rules {
namespace {

// apps/v1 workloads' spec.selector: TL005 reports it missing (one problem, one finding).
bool reported_by_tl005(const schema::Issue& issue) {
  constexpr std::array<std::string_view, 4> kSpecs = {"DeploymentSpec", "StatefulSetSpec",
                                                      "DaemonSetSpec", "ReplicaSetSpec"};
  if (issue.field != "selector") return false;
  for (std::string_view spec : kSpecs)
    if (issue.type->name == spec) return true;
  return false;
}

class MissingRequiredField final : public Rule {
 public:
  explicit MissingRequiredField(const RuleOptions&) {}

  void check(const K8sObject& object, const LintSet& set, Reporter& out) const override {
    for (const schema::Issue& issue : schema_walk(object, set, out).issues) {
      if (issue.problem != schema::Problem::MissingRequired) continue;
      if (object.api_version == "apps/v1" && reported_by_tl005(issue)) continue;
      out.report_missing(*issue.node, issue.field, issue.message, issue.remediation);
    }
  }
};

}  // namespace

RuleDefinition tl008_missing_required_field() {
  RuleMeta m;
  m.code = "TL008";
  m.name = "missing-required-field";
  m.severity = Severity::Error;
  m.in_webhook = false;  // docs/schema.md: the API server has decoded the object already
  m.summary = "A field the Kubernetes schema requires is missing";
  m.remediation = "add the field named in the message";
  m.doc.what = R"md(
    Reports a mapping that lacks a field the Kubernetes 1.36 schema requires there, pointing at
    the mapping and naming the field: a container's `name` and `image`, a port's
    `containerPort`, an env entry's `name`, a PodSpec's `containers`, a Service port's `port`, an
    HPA's `scaleTargetRef` and `maxReplicas`, a Job's `template`. An apps/v1 workload's missing
    `spec.selector` is TL005's finding, and a required field that is present but misspelled is
    TL006's (the misspelled key is reported once, there). Custom resources are judged by the
    `required` lists of their CRD's schema when it is linted in the same run or is in
    `--schema-dir`; without their CRD they are skipped (docs/schema.md, "Custom resources").
  )md";
  m.doc.why = R"md(
    The API server rejects the object (`spec.containers[0].name: Required value`), so the apply
    fails at deploy time.
  )md";
  m.doc.example = R"yaml(
apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  containers:
    - image: registry.example.com/api:v1.4.2
      ports:
        - name: http
)yaml";
  m.doc.use_instead = R"yaml(
apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  containers:
    - name: api
      image: registry.example.com/api:v1.4.2
      ports:
        - name: http
          containerPort: 8080
)yaml";
  m.doc.references = {
      {"Kubernetes API reference", "https://kubernetes.io/docs/reference/kubernetes-api/"},
      {"docs/schema.md: the schema rules and the shipped schema", ""}};
  return define<MissingRequiredField>(std::move(m));
}

}  // namespace titanlint::rules
