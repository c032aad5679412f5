// TL002 not-a-k8s-object: reported by the engine when a document has no apiVersion/kind.
#include "common/define.h"

namespace titanlint::rules {

RuleDefinition tl002_not_a_k8s_object() {
  RuleMeta m;
  m.code = "TL002";
  m.name = "not-a-k8s-object";
  m.severity = Severity::Error;
  m.scope = RuleScope::Loader;
  m.load_problem = LoadProblem::NotAnObject;
  m.summary = "A document is not a mapping with string apiVersion and kind";
  m.remediation = "give the document `apiVersion` and `kind`, or move it out of the manifest tree";
  m.doc.what = R"md(
    Reports a YAML or JSON document that is not a Kubernetes object: not a mapping, or without a
    non-empty string `apiVersion` and `kind`. Empty documents (only comments, or `---` separators)
    are skipped. The items of a `kind: List` are checked one by one.
  )md";
  m.doc.why = R"md(
    `kubectl apply` rejects such a document, and no rule can judge it. It is often a values file or
    a Kustomize patch that sits among the manifests by mistake: exclude it with `exclude:` in
    .titanlint.yaml.
  )md";
  m.doc.example = R"yaml(
name: api
replicas: 3
)yaml";
  m.doc.use_instead = R"yaml(
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  replicas: 3
)yaml";
  m.doc.references = {{"Kubernetes: Objects in Kubernetes",
                       "https://kubernetes.io/docs/concepts/overview/working-with-objects/"}};
  return define<LoaderRule>(std::move(m));
}

}  // namespace titanlint::rules
