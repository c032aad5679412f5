// TL010 enum-value: a string outside the values its field accepts (imagePullPolicy,
// restartPolicy, protocol, strategy.type, ...).
#include "common/define.h"
#include "common/schema_object.h"

namespace titanlint::rules {
namespace {

class EnumValue final : public Rule {
 public:
  explicit EnumValue(const RuleOptions&) {}

  void check(const K8sObject& object, const LintSet& set, Reporter& out) const override {
    report_schema_problems(object, set, schema::Problem::BadEnum, out);
  }
};

}  // namespace

RuleDefinition tl010_enum_value() {
  RuleMeta m;
  m.code = "TL010";
  m.name = "enum-value";
  m.severity = Severity::Error;
  m.in_webhook = false;  // docs/schema.md: the API server has decoded the object already
  m.summary = "A field set to a value the API server does not accept (imagePullPolicy: always)";
  m.remediation = "use one of the values the message lists (they are case-sensitive)";
  m.doc.what = R"md(
    Reports a string field whose value is not one of those the API server accepts, pointing at
    the value, with the accepted values and, for a near miss (`always`, `IfNotPresnt`), the one
    meant. The fields are the enumerations of k8s.io/api (the shipped OpenAPI document has them
    only in prose, so titanlint keeps them in a table tested against it): a container's
    `imagePullPolicy` and `terminationMessagePolicy`, a pod's `restartPolicy` and `dnsPolicy`,
    port `protocol`s (containers, Services, NetworkPolicies), a Deployment's `strategy.type`, a
    StatefulSet's or DaemonSet's `updateStrategy.type` and `podManagementPolicy`, a Service's
    `type`, traffic policies, `sessionAffinity` and `ipFamilyPolicy`, toleration and selector
    `operator`s, a toleration's `effect`, `whenUnsatisfiable`, seccomp profile `type`, HTTP probe
    `scheme`, PVC `accessModes` and `volumeMode`, Ingress `pathType`, NetworkPolicy
    `policyTypes`, a CronJob's `concurrencyPolicy`, a Job's `completionMode` and a PDB's
    `unhealthyPodEvictionPolicy`. An empty string is left alone (the API server defaults it).
    Custom resources are judged by the string `enum`s of their CRD's schema when it is linted in
    the same run or is in `--schema-dir` (an enum of more than 1,024 values is not judged);
    without their CRD they are skipped (docs/schema.md, "Custom resources").
  )md";
  m.doc.why = R"md(
    The API server rejects the object (`Unsupported value: "always"`), so the apply fails at
    deploy time; the values are case-sensitive, which a reader easily misses.
  )md";
  m.doc.example = R"yaml(
apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  restartPolicy: always
  containers:
    - name: api
      image: registry.example.com/api:v1.4.2
      imagePullPolicy: IfNotPresnt
)yaml";
  m.doc.use_instead = R"yaml(
apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  restartPolicy: Always
  containers:
    - name: api
      image: registry.example.com/api:v1.4.2
      imagePullPolicy: IfNotPresent
)yaml";
  m.doc.references = {
      {"Kubernetes API reference", "https://kubernetes.io/docs/reference/kubernetes-api/"},
      {"docs/schema.md: the schema rules and the shipped schema", ""}};
  return define<EnumValue>(std::move(m));
}

}  // namespace titanlint::rules
