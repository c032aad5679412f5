// TL105 startup-budget-too-short: the startupProbe gives up before `minSeconds`.
#include <limits>

#include <fmt/format.h>

#include "common/define.h"
#include "common/probe.h"

namespace titanlint::rules {
namespace {

// a * b + c without overflow (saturating); inputs are non-negative.
std::int64_t budget(std::int64_t threshold, std::int64_t period, std::int64_t delay) {
  constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
  if (threshold > kMax / period) return kMax;
  std::int64_t product = threshold * period;
  return product > kMax - delay ? kMax : product + delay;
}

class StartupBudgetTooShort final : public Rule {
 public:
  explicit StartupBudgetTooShort(const RuleOptions& options)
      : min_seconds_(options.integer("minSeconds")) {}

  void check(const K8sObject& object, const LintSet&, Reporter& out) const override {
    for (const Container& c : containers_with_probes_judged(object)) {
      auto startup = find_probe(*c.node, ProbeKind::Startup);
      if (!startup) continue;
      const Probe& p = *startup;
      // Negative values are rejected by the API server; nothing to judge.
      if (p.failure_threshold <= 0 || p.period_seconds <= 0 || p.initial_delay_seconds < 0)
        continue;
      const std::int64_t seconds =
          budget(p.failure_threshold, p.period_seconds, p.initial_delay_seconds);
      if (seconds >= min_seconds_) continue;

      std::string arithmetic = fmt::format(
          "{}failureThreshold {}{} x periodSeconds {}{} = {} s",
          p.initial_delay_seconds > 0
              ? fmt::format("initialDelaySeconds {} + ", p.initial_delay_seconds)
              : std::string(),
          p.failure_threshold, is_defaulted(p.failure_threshold_node) ? " (default)" : "",
          p.period_seconds, is_defaulted(p.period_node) ? " (default)" : "", seconds);
      auto message = [&] {
        return fmt::format("startupProbe of {} of {} allows {} for startup, less than {} s",
                           container_label(c), object_label(object), arithmetic, min_seconds_);
      };
      // The value to raise: failureThreshold when written (even as 0, which means 3), else
      // periodSeconds when written, else the probe itself (both are defaults).
      if (p.failure_threshold_node) {
        out.report(*p.failure_threshold_node, message);
      } else if (p.period_node) {
        out.report(*p.period_node, message);
      } else {
        out.report_missing(*p.node, "failureThreshold", message);
      }
    }
  }

 private:
  std::int64_t min_seconds_;
};

}  // namespace

RuleDefinition tl105_startup_budget_too_short() {
  RuleMeta m;
  m.code = "TL105";
  m.name = "startup-budget-too-short";
  m.severity = Severity::Warning;
  m.kinds = long_running_kinds();
  m.containers = kRunningContainers;
  m.summary =
      "startupProbe allows less than minSeconds for startup (initialDelaySeconds + "
      "failureThreshold x periodSeconds)";
  m.remediation =
      "raise the startupProbe's failureThreshold so that failureThreshold x periodSeconds "
      "covers a slow cold start, e.g. `periodSeconds: 2, failureThreshold: 60` (2 minutes)";
  m.doc.what = R"md(
    Computes how long a container's `startupProbe` lets it start before the kubelet kills it:
    `initialDelaySeconds + failureThreshold x periodSeconds`, with the API server's defaults for
    absent (or 0) fields (failureThreshold 3, periodSeconds 10, initialDelaySeconds 0), and reports
    it when it is below `minSeconds`. The finding points at `failureThreshold`, or at
    `periodSeconds` when only that is written, or at the startupProbe when both are defaults.
    Long-running workloads only (not Job or CronJob pods); containers without a startupProbe are
    TL103's concern. The startupProbe of a native sidecar (`initContainers` with `restartPolicy:
    Always`) is checked like an app container's.
  )md";
  m.doc.why = R"md(
    The startup probe exists to give a slow start time: until it succeeds, liveness is held back;
    when it fails `failureThreshold` times the container is killed and restarted. A budget of a few
    seconds (the defaults give 30 s) turns one slow start, on a busy node or with a cold cache, into
    a crash loop that never gets up. The production guide uses `periodSeconds: 2, failureThreshold:
    60`: two minutes of grace for a cold start.
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
        - name: api
          image: registry.example.com/platform-api:v1.4.2
          ports: [{ name: http, containerPort: 3001 }]
          startupProbe:
            httpGet: { path: /healthz, port: http }
            periodSeconds: 2
            failureThreshold: 5   # 10 s
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
          image: registry.example.com/platform-api:v1.4.2
          ports: [{ name: http, containerPort: 3001 }]
          startupProbe:
            httpGet: { path: /healthz, port: http }
            periodSeconds: 2
            failureThreshold: 60   # 2 min grace for cold start
)yaml";
  m.doc.references = {
      {"production guide (`seed/kubernetes-production-guide.txt`), section \"Per-app Deployment\"",
       ""},
      {"Kubernetes: Configure Liveness, Readiness and Startup Probes",
       "https://kubernetes.io/docs/tasks/configure-pod-container/"
       "configure-liveness-readiness-startup-probes/"}};
  m.options.push_back({"minSeconds", OptionType::Int, std::int64_t{kDefaultStartupBudgetSeconds},
                       "the shortest startup budget, in seconds, that passes "
                       "(initialDelaySeconds + failureThreshold x periodSeconds)"});
  return define<StartupBudgetTooShort>(std::move(m));
}

}  // namespace titanlint::rules
