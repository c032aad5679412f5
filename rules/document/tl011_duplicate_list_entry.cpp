// TL011 duplicate-list-entry: two entries of a list the API server merges by key share the key.
#include "common/define.h"
#include "common/schema_object.h"

namespace titanlint::rules {
namespace {

class DuplicateListEntry final : public Rule {
 public:
  explicit DuplicateListEntry(const RuleOptions&) {}

  void check(const K8sObject& object, const LintSet& set, Reporter& out) const override {
    report_schema_problems(object, set, schema::Problem::DuplicateKey, out);
  }
};

}  // namespace

RuleDefinition tl011_duplicate_list_entry() {
  RuleMeta m;
  m.code = "TL011";
  m.name = "duplicate-list-entry";
  m.severity = Severity::Error;
  m.in_webhook = false;  // docs/schema.md: the API server has decoded the object already
  m.summary = "Two entries of a list merged by key share the key (two containers named api)";
  m.remediation = "give each entry its own key, or merge the two entries into one";
  m.doc.what = R"md(
    Reports the second of two entries with the same key in a list that the Kubernetes schema
    declares merged by key (`x-kubernetes-list-map-keys`, or `x-kubernetes-patch-merge-key`),
    pointing at the second entry's key value and naming the line of the first: two containers
    (or init containers, volumes, volume mounts by `mountPath`) with one `name`, two env entries
    with one `name`, two container ports with the same `containerPort` and `protocol` (an
    absent protocol is TCP, as the API server defaults it), two Service ports with one `port`
    and `protocol`. Entries without the key are not compared. In custom resources, the lists of
    their CRD's schema with `x-kubernetes-list-type: map` are compared by their
    `x-kubernetes-list-map-keys`, when the CRD is linted in the same run or is in
    `--schema-dir`; without their CRD they are skipped (docs/schema.md, "Custom resources").
  )md";
  m.doc.why = R"md(
    The API server rejects duplicate container and volume names; for env entries and ports it
    keeps both, but `kubectl apply` and server-side apply merge the list by that key, so one
    entry silently replaces the other on the next apply, or the apply fails with a conflict.
    Which env value wins depends on the order, and a reader sees only one of them.
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
      env:
        - name: LOG_LEVEL
          value: info
        - name: LOG_LEVEL
          value: debug
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
      env:
        - name: LOG_LEVEL
          value: debug
)yaml";
  m.doc.references = {
      {"Kubernetes: merge strategy",
       "https://kubernetes.io/docs/reference/using-api/server-side-apply/#merge-strategy"},
      {"docs/schema.md: the schema rules and the shipped schema", ""}};
  return define<DuplicateListEntry>(std::move(m));
}

}  // namespace titanlint::rules
