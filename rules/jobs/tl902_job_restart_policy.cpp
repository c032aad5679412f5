// TL902 job-restart-policy: a migration-like Job whose pods do not use restartPolicy Never.
#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "common/define.h"
#include "common/pod_containers.h"
#include "common/workload.h"

namespace titanlint::rules {
namespace {

bool mentions_migration(std::string_view text) {
  static constexpr std::string_view kWord = "migrat";  // migrate, migration(s), migrator
  auto it = std::search(text.begin(), text.end(), kWord.begin(), kWord.end(), [](char a, char b) {
    return std::tolower(static_cast<unsigned char>(a)) == b;
  });
  return it != text.end();
}

bool list_mentions_migration(const Node* list) {
  if (!list) return false;
  if (list->is_scalar()) return mentions_migration(list->str());
  if (!list->is_sequence()) return false;
  return std::any_of(list->items().begin(), list->items().end(),
                     [](const Node* item) { return mentions_migration(item->str()); });
}

// Why the Job looks like a migration, or empty.
std::string migration_reason(const K8sObject& object, const PodTemplate& pod) {
  std::string_view hook = object.annotation("helm.sh/hook");
  if (hook.find("pre-install") != std::string_view::npos ||
      hook.find("pre-upgrade") != std::string_view::npos)
    return fmt::format("it is a Helm {} hook", hook);
  for (const PodContainer& pc : containers_and_init_containers(pod)) {
    for (std::string_view field : {"command", "args"}) {
      if (list_mentions_migration(pc.container.node->get(field)))
        return fmt::format("the {} of {} runs a migration", field, pod_container_label(pc));
    }
  }
  return {};
}

class JobRestartPolicy final : public Rule {
 public:
  explicit JobRestartPolicy(const RuleOptions&) {}

  void check(const K8sObject& object, const LintSet&, Reporter& out) const override {
    auto pod = pod_template(object);
    if (!pod) return;
    const Node* policy = pod->spec->get("restartPolicy");
    if (policy && policy->str() == "Never") return;
    const std::string reason = migration_reason(object, *pod);
    if (reason.empty()) return;
    auto remediation = [&] {
      return "set `restartPolicy: Never` in the pod template, with a small backoffLimit (the guide "
             "uses 1)";
    };
    if (!policy || policy->is_null()) {
      out.report_missing(
          *pod->spec, "restartPolicy",
          [&] {
            return fmt::format(
                "{} looks like a migration ({}) but its pod template has no "
                "restartPolicy; the API server requires Never or OnFailure "
                "for a Job, and a migration needs Never",
                object_label(object), reason);
          },
          remediation);
      return;
    }
    out.report(
        *policy,
        [&] {
          return fmt::format(
              "{} looks like a migration ({}) but its restartPolicy is {}: a failed "
              "attempt is restarted in place, in the same pod, and its logs are lost",
              object_label(object), reason, policy->str());
        },
        remediation);
  }
};

}  // namespace

RuleDefinition tl902_job_restart_policy() {
  RuleMeta m;
  m.code = "TL902";
  m.name = "job-restart-policy";
  m.severity = Severity::Warning;
  m.kinds = batch_kinds();
  m.containers = kAllContainers;
  m.summary = "A migration Job's pods do not use restartPolicy Never";
  m.remediation = "set `restartPolicy: Never` in the migration Job's pod template";
  m.doc.what = R"md(
    Reports a migration-like Job or CronJob whose pod template's `restartPolicy` is not `Never`, at
    the value (`OnFailure`), or at the pod spec when it is absent (the API server rejects a Job
    without `Never` or `OnFailure`). A Job is migration-like when it is annotated as a Helm
    `pre-install` or `pre-upgrade` hook (`helm.sh/hook`), or when the `command` or `args` of one of
    its containers or init containers mention a migration (the text contains `migrat`,
    case-insensitive: `migrate`, `db:migrate`, `run-migrations`).
  )md";
  m.doc.why = R"md(
    With `OnFailure` the kubelet restarts the failed container inside the same pod: the logs of the
    failed attempt are overwritten, the half-applied migration runs again immediately on the same
    node, and the Job's backoffLimit counts restarts in a way that is hard to reason about (the pod
    can also be deleted when the limit is reached, taking the evidence with it). With `Never` each
    attempt is a new pod that stays for inspection, and `backoffLimit` counts attempts exactly. The
    production guide's migration Job uses `restartPolicy: Never` with `backoffLimit: 1`.
  )md";
  m.doc.example = R"yaml(
apiVersion: batch/v1
kind: Job
metadata:
  name: migrate
  annotations:
    helm.sh/hook: pre-install,pre-upgrade
spec:
  backoffLimit: 1
  template:
    spec:
      restartPolicy: OnFailure
      containers:
        - name: migrate
          image: registry.example.com/platform-api:v1.4.2
          command: ['pnpm', 'omnitron', 'infra', 'migrate']
)yaml";
  m.doc.use_instead = R"yaml(
apiVersion: batch/v1
kind: Job
metadata:
  name: migrate
  annotations:
    helm.sh/hook: pre-install,pre-upgrade
spec:
  backoffLimit: 1
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: migrate
          image: registry.example.com/platform-api:v1.4.2
          command: ['pnpm', 'omnitron', 'infra', 'migrate']
)yaml";
  m.doc.references = {
      {"production guide (`seed/kubernetes-production-guide.txt`), section \"Database migrations\"",
       ""},
      {"Kubernetes: Jobs", "https://kubernetes.io/docs/concepts/workloads/controllers/job/"}};
  return define<JobRestartPolicy>(std::move(m));
}

}  // namespace titanlint::rules
