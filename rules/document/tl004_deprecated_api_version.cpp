// TL004 deprecated-api-version: an apiVersion/kind pair the API server no longer serves.
#include <fmt/format.h>

#include "common/define.h"
#include "common/removed_apis.h"
#include "fix/fix_builder.h"

namespace titanlint::rules {
namespace {

class DeprecatedApiVersion final : public Rule {
 public:
  explicit DeprecatedApiVersion(const RuleOptions&) {}

  void check(const K8sObject& object, const LintSet&, Reporter& out) const override {
    const RemovedApi* removed = find_removed_api(object.api_version, object.kind);
    if (!removed) return;
    const Node* api_version = object.root->get("apiVersion");
    if (!api_version) return;  // read_object_identity guarantees it; be safe
    std::string message;
    std::string remediation;
    if (removed->replacement.empty()) {
      message = fmt::format(
          "{}/{}: apiVersion {} was removed in Kubernetes {}, and {} has no replacement API",
          object.kind, object.name, removed->api_version, removed->removed_in, object.kind);
      remediation = std::string(removed->note);
    } else {
      message =
          fmt::format("{}/{}: apiVersion {} was removed in Kubernetes {}; use {}", object.kind,
                      object.name, removed->api_version, removed->removed_in, removed->replacement);
      remediation = fmt::format("set `apiVersion: {}`", removed->replacement);
      if (!removed->note.empty()) remediation += fmt::format(" ({})", removed->note);
    }
    // Only a move that needs no other change is offered: anything more would guess at what the
    // author meant (an Ingress backend, a selector from the template labels).
    if (!api_version->is_scalar() || !converts_unchanged(*removed, *object.root)) {
      out.report(*api_version, std::move(message), std::move(remediation));
      return;
    }
    out.report(*api_version, std::move(message), std::move(remediation), [&](FixBuilder& edit) {
      edit.describe(fmt::format("move {}/{} from apiVersion {} to {}", object.kind, object.name,
                                removed->api_version, removed->replacement));
      edit.replace_string(*api_version, removed->replacement);
    });
  }
};

}  // namespace

RuleDefinition tl004_deprecated_api_version() {
  RuleMeta m;
  m.code = "TL004";
  m.name = "deprecated-api-version";
  m.severity = Severity::Error;
  m.offers_fix = true;
  m.summary = "The object uses an apiVersion that Kubernetes no longer serves";
  m.remediation =
      "move the object to the replacement apiVersion named in the message, and adapt the fields "
      "that changed";
  m.doc.what = R"md(
    Reports an object whose `apiVersion` and `kind` name an API that Kubernetes has removed,
    pointing at the `apiVersion` value. The message names the release that removed it and the
    apiVersion to use instead: `extensions/v1beta1`, `apps/v1beta1` and `apps/v1beta2` workloads
    (removed in 1.16, use `apps/v1`), `extensions/v1beta1` and `networking.k8s.io/v1beta1` Ingress
    and IngressClass (1.22, `networking.k8s.io/v1`), `extensions/v1beta1` NetworkPolicy (1.16,
    `networking.k8s.io/v1`), `batch/v1beta1` CronJob (1.25, `batch/v1`), `policy/v1beta1`
    PodDisruptionBudget (1.25, `policy/v1`), `autoscaling/v2beta1` (1.25) and `autoscaling/v2beta2`
    (1.26) HorizontalPodAutoscaler (`autoscaling/v2`), PodSecurityPolicy (1.25, no replacement: Pod
    Security Admission), and the other beta APIs of the Kubernetes deprecated-API migration guide
    (RBAC, admission webhooks, CRDs, PriorityClass, storage, EndpointSlice, Event, RuntimeClass,
    flow control). Kinds the API version never served (a CRD's own kinds) are not reported.
  )md";
  m.doc.why = R"md(
    `kubectl apply` fails with `no matches for kind` on any cluster that no longer serves the
    version, so the manifest cannot be deployed at all, typically discovered during a cluster
    upgrade. The new versions are not just renames: `apps/v1` requires `spec.selector`,
    `networking.k8s.io/v1` Ingress backends are `service.name`/`service.port`, and a `policy/v1`
    PodDisruptionBudget with an empty selector selects every pod of the namespace.
  )md";
  m.doc.example = R"yaml(
apiVersion: extensions/v1beta1
kind: Deployment
metadata:
  name: api
spec:
  template:
    metadata:
      labels: { app: api }
    spec:
      containers:
        - name: api
          image: registry.example.com/api:v1.4.2
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
          image: registry.example.com/api:v1.4.2
)yaml";
  m.doc.fix = R"md(
    `titanlint fix` changes the `apiVersion` (keeping its quotes) only where the object stays valid
    and means the same under the replacement with no other change: the APIs the migration guide
    lists without notable changes (CronJob, RBAC, PriorityClass, storage, RuntimeClass, IngressClass,
    NetworkPolicy, FlowSchema, `autoscaling/v2beta2` HPA, ...); a workload moving to `apps/v1` when
    it has `spec.selector` and no `rollbackTo`/`templateGeneration` (and, for an
    `extensions/v1beta1` DaemonSet or `apps/v1beta1` StatefulSet, a written
    `spec.updateStrategy.type`, whose default changes from OnDelete to RollingUpdate; a Deployment
    that leaves them unset takes the `apps/v1` rollout defaults: 25% maxSurge and maxUnavailable,
    a 600 s progress deadline, 10 revisions kept); an `autoscaling/v2beta1` HPA without `metrics` (every v2beta1 metric names its
    target in fields v2 renamed, such as `targetAverageUtilization`); a PodDisruptionBudget whose
    selector is not empty. There is no fix for Ingress (the backend fields changed), admission
    webhooks (`sideEffects` and `admissionReviewVersions` became required, `failurePolicy` now
    defaults to Fail), CRDs, CertificateSigningRequest, EndpointSlice, Event,
    PriorityLevelConfiguration (renamed fields), PodSecurityPolicy (no replacement), or the cases
    above that need more than the new apiVersion: those changes need the author's intent.
  )md";
  m.doc.references = {{"Kubernetes: Deprecated API Migration Guide",
                       "https://kubernetes.io/docs/reference/using-api/deprecation-guide/"}};
  return define<DeprecatedApiVersion>(std::move(m));
}

}  // namespace titanlint::rules
