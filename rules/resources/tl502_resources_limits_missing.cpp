// TL502 resources-limits-missing: a container without a memory limit (and, with
// `requireCpuLimit`, without a cpu limit).
#include <fmt/format.h>

#include "common/define.h"
#include "common/resources.h"
#include "common/workload.h"

namespace titanlint::rules {
namespace {

class LimitsMissing final : public Rule {
 public:
  explicit LimitsMissing(const RuleOptions& options)
      : require_cpu_(options.boolean("requireCpuLimit")) {}

  void check(const K8sObject& object, const LintSet&, Reporter& out) const override {
    auto pod = pod_template(object);
    if (!pod) return;
    for (const Container& c : running_containers(*pod)) {
      check_one(object, c, "memory", out);
      if (require_cpu_) check_one(object, c, "cpu", out);
    }
  }

 private:
  static void check_one(const K8sObject& object, const Container& c, std::string_view resource,
                        Reporter& out) {
    const ResourceValue limit = resource_value(*c.node, "limits", resource);
    if (limit.state == ResourceValue::State::Invalid || limit.positive()) return;
    const std::string who = fmt::format("{} of {}", container_label(c), object_label(object));
    const ResourceValue request = resource_value(*c.node, "requests", resource);
    const std::string suggestion =
        request.positive() ? fmt::format("at least its request, {}", request.node->str())
                           : std::string(resource == "cpu" ? "e.g. 1" : "e.g. 512Mi");
    auto remediation = [&] {
      return fmt::format("set resources.limits.{} ({})", resource, suggestion);
    };
    const std::string consequence =
        resource == "memory"
            ? "a leak can take the node's memory and get other pods OOM-killed or evicted"
            : "it can take every idle cpu cycle of the node";
    if (limit.valid()) {  // 0 means no limit
      out.report(
          *limit.node,
          [&] {
            return fmt::format("{} sets resources.limits.{} to 0, which means no limit: {}", who,
                               resource, consequence);
          },
          remediation);
      return;
    }
    auto message = [&] {
      return fmt::format("{} has no {} limit: {}", who, resource, consequence);
    };
    const Node* resources = c.node->get("resources");
    const Node* limits = resources ? resources->get("limits") : nullptr;
    if (limits && limits->is_mapping())
      out.report_missing(*limits, resource, message, remediation);
    else if (resources && resources->is_mapping())
      out.report_missing(*resources, "limits", message, remediation);
    else
      out.report_missing(*c.node, "resources", message, remediation);
  }

  bool require_cpu_;
};

}  // namespace

RuleDefinition tl502_resources_limits_missing() {
  RuleMeta m;
  m.code = "TL502";
  m.name = "resources-limits-missing";
  m.severity = Severity::Warning;
  m.kinds = workload_kinds();
  m.containers = kRunningContainers;
  m.summary = "A container has no memory limit";
  m.remediation = "set resources.limits.memory on every container";
  m.options = {
      {"requireCpuLimit", OptionType::Bool, false,
       "Also require a cpu limit. Off by default: a cpu limit throttles a container even when "
       "the node has idle cpu, which often hurts latency more than it protects neighbours."},
  };
  m.doc.what = R"md(
    Reports each container of a workload (long-running and batch alike) that has no
    `resources.limits.memory`, at its `resources.limits` mapping (or at `resources`, or at the
    container when those are absent); a limit of 0 (no limit) is reported at its value. With
    `requireCpuLimit: true` a missing cpu limit is reported the same way, as a separate finding.
    Native sidecars (`initContainers` with `restartPolicy: Always`) are checked like app containers:
    they run, and can leak, for the pod's whole life. Plain init containers are not checked (they
    run one at a time before the app containers). Invalid quantities are TL005's findings and are
    skipped here. A LimitRange default in the namespace is not visible in the manifests and is not
    taken into account.
  )md";
  m.doc.why = R"md(
    Memory is not compressible: a container without a memory limit can grow until the node runs out,
    and then the kernel OOM killer or the kubelet's eviction picks victims among all pods of the
    node, not only the leaking one. With a limit, only the offending container is OOM-killed and
    restarted. The production guide sets a memory limit on every container (the api: `memory: 2Gi`).
  )md";
  m.doc.example = R"yaml(
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
        - name: webapp
          image: registry.example.com/platform-webapp:v1.4.2
          resources:
            requests: { cpu: 100m, memory: 128Mi }
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
        - name: webapp
          image: registry.example.com/platform-webapp:v1.4.2
          resources:
            requests: { cpu: 100m, memory: 128Mi }
            limits: { memory: 256Mi }
)yaml";
  m.doc.fix = R"md(
    No automatic fix: limits come from the app's measured usage; a guessed memory limit gets pods
    OOM-killed.
  )md";
  m.doc.references = {
      {"production guide (`seed/kubernetes-production-guide.txt`), section \"Per-app Deployment\"",
       ""},
      {"Kubernetes: Resource Management for Pods and Containers",
       "https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/"},
      {"kube-linter checks `unset-cpu-requirements`, `unset-memory-requirements`", ""},
      {"Polaris checks `cpuLimitsMissing`, `memoryLimitsMissing`", ""}};
  return define<LimitsMissing>(std::move(m));
}

}  // namespace titanlint::rules
