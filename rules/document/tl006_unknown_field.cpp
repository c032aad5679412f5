// TL006 unknown-field: a key the Kubernetes schema does not have for its place, with "did you
// mean" and, when the intended field is one a titanlint rule reads, that rule's code.
#include <fmt/format.h>

#include <array>
#include <utility>

#include "common/define.h"
#include "common/schema_object.h"

namespace titanlint::rules {
namespace {

// The fields other rules look for: a misspelling of one makes that rule report the field as
// missing, so the message says which rule it was (one problem, one finding: both stay, each
// telling its half).
constexpr std::array<std::pair<std::string_view, std::string_view>, 14> kRuleFields = {{
    {"backoffLimit", "TL901"},
    {"lifecycle", "TL201"},
    {"limits", "TL502"},
    {"livenessProbe", "TL101"},
    {"maxSurge", "TL205"},
    {"maxUnavailable", "TL204"},
    {"minReplicas", "TL505"},
    {"preStop", "TL201"},
    {"readinessProbe", "TL102"},
    {"replicas", "TL206"},
    {"requests", "TL501"},
    {"resources", "TL501, TL502"},
    {"startupProbe", "TL103"},
    {"terminationGracePeriodSeconds", "TL203"},
}};

std::string_view rule_of(std::string_view field) {
  for (const auto& [name, code] : kRuleFields)
    if (name == field) return code;
  return {};
}

class UnknownField final : public Rule {
 public:
  explicit UnknownField(const RuleOptions&) {}

  void check(const K8sObject& object, const LintSet& set, Reporter& out) const override {
    for (const schema::Issue& issue : schema_walk(object, set, out).issues) {
      if (issue.problem != schema::Problem::UnknownField) continue;
      std::string message = issue.message;
      if (std::string_view code = rule_of(issue.suggestion); !code.empty())
        message +=
            fmt::format(" ({} reads `{}`, and does not see this one)", code, issue.suggestion);
      out.report(*issue.node, std::move(message), issue.remediation);
    }
  }
};

}  // namespace

RuleDefinition tl006_unknown_field() {
  RuleMeta m;
  m.code = "TL006";
  m.name = "unknown-field";
  m.severity = Severity::Error;
  m.in_webhook = false;  // docs/schema.md: the API server has decoded the object already
  m.summary = "A field the Kubernetes schema does not have (a typo, or the wrong place)";
  m.remediation = "rename the field to the one the schema has, or move it to where it belongs";
  m.doc.what = R"md(
    Reports a mapping key that the Kubernetes 1.36 OpenAPI schema does not have for that place in
    a built-in kind, pointing at the key. When a known field is close (edit distance at most 2, or
    the same ignoring case) the message asks "did you mean", and when that field is one a
    titanlint rule reads (`livenessProbe`: TL101, `terminationGracePeriodSeconds`: TL203, ...)
    it names the rule, which reports the field as missing. Free-form maps (`labels`,
    `annotations`, a ConfigMap's `data`, `nodeSelector`) and fields that keep unknown content
    (`x-kubernetes-preserve-unknown-fields`, RawExtension) are never judged for their keys.
    A custom resource is judged against its CustomResourceDefinition's `openAPIV3Schema` when
    the CRD is linted in the same run or is in `--schema-dir` / `schemaDirs:` (nothing below
    `x-kubernetes-preserve-unknown-fields: true`; its metadata as ObjectMeta); without its CRD
    it is skipped (docs/schema.md, "Custom resources").
  )md";
  m.doc.why = R"md(
    The API server drops unknown fields without an error (`kubectl apply` only warns, and only
    with server-side field validation), so a misspelled `livenesProbe` deploys a container with
    no liveness probe at all, and the author reads the manifest and sees a probe.
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
      livenesProbe:
        httpGet: { path: /healthz, port: 8080 }
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
      livenessProbe:
        httpGet: { path: /healthz, port: 8080 }
)yaml";
  m.doc.references = {
      {"Kubernetes: field validation",
       "https://kubernetes.io/docs/reference/using-api/api-concepts/#field-validation"},
      {"kubeconform -strict", "https://github.com/yannh/kubeconform"},
      {"docs/schema.md: the schema rules and the shipped schema", ""}};
  return define<UnknownField>(std::move(m));
}

}  // namespace titanlint::rules
