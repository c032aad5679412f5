// TL903 statefulset-state-volume: a StatefulSet without volumeClaimTemplates.
#include <fmt/format.h>

#include "common/define.h"
#include "common/workload.h"

namespace titanlint::rules {
namespace {

// The pod mounts an existing PersistentVolumeClaim: its state is persisted, through a claim
// created outside the StatefulSet.
bool uses_persistent_volume_claim(const PodTemplate& pod) {
  const Node* volumes = pod.spec->get("volumes");
  if (!volumes || !volumes->is_sequence()) return false;
  for (const Node* v : volumes->items())
    if (v->is_mapping() && v->get("persistentVolumeClaim")) return true;
  return false;
}

class StatefulSetStateVolume final : public Rule {
 public:
  explicit StatefulSetStateVolume(const RuleOptions&) {}

  void check(const K8sObject& object, const LintSet&, Reporter& out) const override {
    const Node* spec = object.root->get("spec");
    if (!spec || !spec->is_mapping()) return;
    const Node* templates = spec->get("volumeClaimTemplates");
    if (templates && templates->is_sequence() && !templates->items().empty()) return;
    auto pod = pod_template(object);
    if (pod && uses_persistent_volume_claim(*pod)) return;
    auto message = [&] {
      return fmt::format(
          "StatefulSet/{} has no volumeClaimTemplates: its pods keep no state across a "
          "reschedule (a Deployment would do, unless they need the stable names and ordered "
          "start of a StatefulSet)",
          object.name);
    };
    auto remediation = [&] {
      return "add spec.volumeClaimTemplates (one PersistentVolumeClaim per pod) and mount it; "
             "use a Deployment if the pods are stateless, or suppress the finding with a reason "
             "when only the identity matters (a controller that shards by its ordinal)";
    };
    if (templates && !templates->is_null())
      out.report(*templates, message, remediation);
    else
      out.report_missing(*spec, "volumeClaimTemplates", message, remediation);
  }
};

}  // namespace

RuleDefinition tl903_statefulset_state_volume() {
  RuleMeta m;
  m.code = "TL903";
  m.name = "statefulset-state-volume";
  m.severity = Severity::Warning;
  m.kinds = {{"StatefulSet", "apps"}};
  m.summary = "A StatefulSet has no volumeClaimTemplates";
  m.remediation = "add spec.volumeClaimTemplates for the state the pods keep";
  m.doc.what = R"md(
    Reports a StatefulSet without `spec.volumeClaimTemplates` (absent or an empty list), at its spec
    (or at the empty list). A StatefulSet whose pod template mounts an existing
    `persistentVolumeClaim` volume keeps its state through that claim and is not reported. A
    StatefulSet kept only for its stable pod names (a controller that shards by its ordinal, as Argo
    CD's application controller does) is reported all the same: the linter cannot see that the
    identity is used; suppress the finding there with the reason.
  )md";
  m.doc.why = R"md(
    A StatefulSet exists to give each pod a stable identity and its own persistent volume. Without
    volume claim templates the pods write their state to the container filesystem or an emptyDir,
    and lose it on every reschedule, node drain or rollout, while the StatefulSet still pays the
    cost of ordered, one-at-a-time rollouts. The production guide's daemon keeps its state in a
    `volumeClaimTemplates` claim mounted at /var/lib/omnitron.
  )md";
  m.doc.example = R"yaml(
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: omnitron
spec:
  serviceName: omnitron
  selector: { matchLabels: { app: omnitron } }
  template:
    metadata: { labels: { app: omnitron } }
    spec:
      containers:
        - name: omnitron
          image: registry.example.com/platform-omnitron:v1.4.2
)yaml";
  m.doc.use_instead = R"yaml(
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: omnitron
spec:
  serviceName: omnitron
  selector: { matchLabels: { app: omnitron } }
  template:
    metadata: { labels: { app: omnitron } }
    spec:
      containers:
        - name: omnitron
          image: registry.example.com/platform-omnitron:v1.4.2
          volumeMounts: [{ name: state, mountPath: /var/lib/omnitron }]
  volumeClaimTemplates:
    - metadata: { name: state }
      spec:
        accessModes: ['ReadWriteOnce']
        resources: { requests: { storage: 5Gi } }
)yaml";
  m.doc.references = {{"production guide (`seed/kubernetes-production-guide.txt`), section "
                       "\"Omnitron daemon as StatefulSet\"",
                       ""},
                      {"Kubernetes: StatefulSets",
                       "https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/"}};
  return define<StatefulSetStateVolume>(std::move(m));
}

}  // namespace titanlint::rules
