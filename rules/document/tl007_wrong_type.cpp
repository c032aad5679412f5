// TL007 wrong-type: a value whose type the API server's decoder rejects for its field.
#include "common/define.h"
#include "common/schema_object.h"

namespace titanlint::rules {
namespace {

class WrongType final : public Rule {
 public:
  explicit WrongType(const RuleOptions&) {}

  void check(const K8sObject& object, const LintSet& set, Reporter& out) const override {
    report_schema_problems(object, set, schema::Problem::WrongType, out);
  }
};

}  // namespace

RuleDefinition tl007_wrong_type() {
  RuleMeta m;
  m.code = "TL007";
  m.name = "wrong-type";
  m.severity = Severity::Error;
  m.in_webhook = false;  // docs/schema.md: the API server has decoded the object already
  m.summary = "A value of the wrong type for its field (a quoted number, a list for a mapping)";
  m.remediation = "write the value with the type the field takes";
  m.doc.what = R"md(
    Reports a value whose type the Kubernetes 1.36 schema does not allow for its field, pointing
    at the value: a string where an integer is required (`containerPort: "80"`), a number or a
    boolean where a string is required (`value: yes` in an env entry: YAML 1.1, which the API
    server's decoder follows, reads an unquoted `yes`, `no`, `on` or `off` as a boolean), a list
    where a mapping is required, an integer out of range for an int32 field, a quantity string
    that does not parse (outside a container's `resources`, where TL005 reports it).
    `int-or-string` fields (`port`, `maxSurge`) take either; quantities take a number or a
    string; a null value is accepted everywhere (the decoder leaves the field unset). Values are
    judged the way the API server decodes them: a quoted `"80"` is a string, an unquoted `80` an
    integer. Custom resources are judged against their CRD's schema when it is linted in the
    same run or is in `--schema-dir` (`x-kubernetes-int-or-string` fields take either); without
    their CRD they are skipped (docs/schema.md, "Custom resources").
  )md";
  m.doc.why = R"md(
    The API server rejects the whole object (`cannot unmarshal string into Go struct field
    ContainerPort.containerPort of type int32`): the apply fails at deploy time, often in a
    pipeline long after the change was reviewed, and the error names no line.
  )md";
  m.doc.example = R"yaml(
apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  containers:
    - name: api
      image: registry.example.com/api:v1.4.2
      ports:
        - containerPort: "8080"
      env:
        - name: FEATURE_CACHE
          value: yes
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
        - containerPort: 8080
      env:
        - name: FEATURE_CACHE
          value: "yes"
)yaml";
  m.doc.references = {
      {"Kubernetes API reference", "https://kubernetes.io/docs/reference/kubernetes-api/"},
      {"YAML 1.1 booleans", "https://yaml.org/type/bool.html"},
      {"docs/schema.md: the schema rules and the shipped schema", ""}};
  return define<WrongType>(std::move(m));
}

}  // namespace titanlint::rules
