// TL202 prestop-sleep-too-short: the preStop sleep is shorter than the load balancer needs.
#include <algorithm>

#include <fmt/format.h>

#include "common/define.h"
#include "common/duration.h"
#include "common/prestop.h"
#include "common/workload.h"

namespace titanlint::rules {
namespace {

// The guide's drain delay: the fix raises a short sleep to it (or to minSeconds when larger).
constexpr std::int64_t kGuideSleepSeconds = 10;

class PreStopSleepTooShort final : public Rule {
 public:
  explicit PreStopSleepTooShort(const RuleOptions& options)
      : min_seconds_(options.integer("minSeconds")) {}

  void check(const K8sObject& object, const LintSet&, Reporter& out) const override {
    if (!is_long_running(object)) return;
    auto pod = pod_template(object);
    if (!pod) return;
    for (const Container& c : containers(*pod)) {
      PreStop hook = prestop_of(*c.node);
      if (!hook.sleep_seconds || *hook.sleep_seconds >= static_cast<double>(min_seconds_)) continue;
      out.report(
          *hook.sleep_node,
          [&] {
            return fmt::format(
                "container \"{}\" of {}/{}: the preStop hook sleeps {}, less than "
                "{}s: load balancers may still route requests to the pod when it "
                "gets SIGTERM",
                c.name, object.kind, object.name, format_seconds(*hook.sleep_seconds),
                min_seconds_);
          },
          [&] {
            return fmt::format("sleep at least {}s in preStop (the guide uses `sleep 10`)",
                               min_seconds_);
          },
          [&](FixBuilder& fix) {
            const std::int64_t seconds = std::max(min_seconds_, kGuideSleepSeconds);
            fix.describe(
                fmt::format("make the preStop sleep of container \"{}\" {}s", c.name, seconds));
            set_prestop_sleep(fix, hook, seconds);
          });
    }
  }

 private:
  std::int64_t min_seconds_;
};

}  // namespace

RuleDefinition tl202_prestop_sleep_too_short() {
  RuleMeta m;
  m.code = "TL202";
  m.name = "prestop-sleep-too-short";
  m.severity = Severity::Warning;
  m.kinds = long_running_kinds();
  m.containers = ContainerSet::App;
  m.offers_fix = true;
  m.summary = "The preStop sleep is shorter than `minSeconds` (default 5)";
  m.remediation = "sleep at least 5 seconds in preStop (the guide uses `sleep 10`)";
  m.options = {{"minSeconds", OptionType::Int, std::int64_t{5},
                "the shortest preStop sleep, in seconds, that lets endpoints and load balancers "
                "stop routing to the pod"}};
  m.doc.what = R"md(
    Reports a container of a long-running workload whose preStop hook sleeps less than `minSeconds`.
    The sleep is read from an exec hook `['sleep', '3']` (also `/bin/sleep`, `busybox sleep`, GNU
    suffixes `3s`/`1m` and fractions `2.5`), from the first command of a shell script (`['sh', '-c',
    'sleep 3 && nginx -s quit']`), or from the native `preStop.sleep.seconds`. It points at the exec
    `command` or the `seconds` value. Hooks whose duration is unknown (httpGet, a script that does
    not start with `sleep`, `sleep $DELAY`, a backgrounded `sleep 10 &`) are not reported. Job and
    CronJob pods are skipped, and so are native sidecars (`initContainers` with `restartPolicy:
    Always`): the kubelet stops them after the app containers.
  )md";
  m.doc.why = R"md(
    The preStop sleep exists to keep the app serving until every kube-proxy, ingress controller and
    cloud load balancer has removed the pod from its endpoints; that propagation takes several
    seconds. A one- or two-second sleep leaves the same window of failed requests as no sleep at
    all. The production guide uses `sleep 10`.
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
          lifecycle:
            preStop:
              exec:
                command: ['sh', '-c', 'sleep 1']
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
          lifecycle:
            preStop:
              exec:
                command: ['sh', '-c', 'sleep 10']
)yaml";
  m.doc.fix = R"md(
    `titanlint fix` raises the sleep to 10 seconds (the guide's value), or to `minSeconds` when
    that is larger: the native `sleep.seconds`, the operand of an exec `sleep N`, or the leading
    `sleep N` of a `sh -c` script. A sleep whose operands GNU sleep sums (`sleep 1 2`), a quoted or
    variable operand, and a script in a block scalar get no fix.
  )md";
  m.doc.references = {
      {"production guide (`seed/kubernetes-production-guide.txt`), section \"Per-app Deployment\"",
       ""},
      {"Kubernetes: Pod Lifecycle, termination of Pods",
       "https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#pod-termination"}};
  return define<PreStopSleepTooShort>(std::move(m));
}

}  // namespace titanlint::rules
