// TL203 grace-period-too-short: terminationGracePeriodSeconds does not cover the preStop sleep
// plus the app's shutdown timeout.
#include <cmath>
#include <optional>
#include <string>

#include <fmt/format.h>

#include "common/define.h"
#include "common/duration.h"
#include "common/prestop.h"
#include "common/workload.h"
#include "fix/fix_builder.h"

namespace titanlint::rules {
namespace {

constexpr std::string_view kAnnotation = "titanlint.io/shutdown-timeout";
constexpr std::int64_t kTitanShutdownSeconds = 30;  // gracefulShutdownTimeout: 30 000 ms

struct Shutdown {
  double seconds = 0;
  std::string source;  // empty: the default
};

// The last `env` entry named `name` with a literal value (not valueFrom, not `$(VAR)`).
const Node* literal_env(const Node& container, std::string_view name) {
  const Node* env = container.get("env");
  if (!env || !env->is_sequence()) return nullptr;
  const Node* found = nullptr;
  for (const Node* e : env->items()) {
    if (!e->is_mapping()) continue;
    const Node* n = e->get("name");
    if (!n || n->str() != name) continue;
    const Node* value = e->get("value");
    found = value && value->is_scalar() && !value->is_null() &&
                    value->text().find("$(") == std::string_view::npos
                ? value
                : nullptr;
  }
  return found;
}

// The shutdown timeout the container's env declares, when it declares a readable one.
std::optional<Shutdown> env_shutdown(const Node& container) {
  if (const Node* ms = literal_env(container, "TITAN_SHUTDOWN_TIMEOUT_MS")) {
    std::string_view text = ms->text();
    bool bare = !text.empty() && text.find_first_not_of("0123456789.") == std::string_view::npos;
    if (auto v = parse_duration_seconds(text); v && bare)
      return Shutdown{*v / 1000, "env TITAN_SHUTDOWN_TIMEOUT_MS"};
  }
  if (const Node* s = literal_env(container, "SHUTDOWN_TIMEOUT")) {
    if (auto v = parse_duration_seconds(s->text())) return Shutdown{*v, "env SHUTDOWN_TIMEOUT"};
  }
  return std::nullopt;
}

class GracePeriodTooShort final : public Rule {
 public:
  explicit GracePeriodTooShort(const RuleOptions& options)
      : default_shutdown_(options.integer("shutdownTimeoutSeconds")),
        margin_(options.integer("marginSeconds")) {}

  void check(const K8sObject& object, const LintSet&, Reporter& out) const override {
    if (!is_long_running(object)) return;
    auto pod = pod_template(object);
    if (!pod) return;
    const auto list = containers(*pod);
    if (list.empty()) return;

    // 1. The annotation, on the pod template, then on the object.
    std::optional<Shutdown> annotated;
    const Node* metadata = object.root->get("metadata");
    const std::pair<const Node*, std::string_view> places[] = {
        {pod->metadata, object.kind == "Pod" ? "annotation" : "pod template annotation"},
        {metadata, "annotation"}};
    for (const auto& [meta, label] : places) {
      if (!meta || !meta->is_mapping()) continue;
      const Node* value = meta->at({"annotations", kAnnotation});
      if (!value || value->is_null()) continue;
      auto seconds = value->is_scalar() ? parse_duration_seconds(value->text()) : std::nullopt;
      if (!seconds) {
        out.report(
            *value,
            [&] {
              return fmt::format(
                  "{}/{}: annotation {} \"{}\" is not a duration (write 45s, "
                  "1m30s, 500ms or plain seconds): the grace period cannot be "
                  "checked",
                  object.kind, object.name, kAnnotation, value->str());
            },
            "write the app's shutdown timeout as a duration, e.g. `45s`");
        return;
      }
      annotated = Shutdown{*seconds, fmt::format("{} {}", label, kAnnotation)};
      break;
    }

    // 2. Per container: preStop sleep + shutdown (annotation, env, option); keep the longest.
    const Container* worst = nullptr;
    PreStop worst_hook;
    Shutdown worst_shutdown;
    double worst_total = -1;
    for (const Container& c : list) {
      PreStop hook = prestop_of(*c.node);
      Shutdown shutdown;
      if (annotated)
        shutdown = *annotated;
      else if (auto env = env_shutdown(*c.node))
        shutdown = *env;
      else
        shutdown = {
            static_cast<double>(default_shutdown_),
            default_shutdown_ == kTitanShutdownSeconds ? "" : "option shutdownTimeoutSeconds"};
      const double total = hook.sleep_seconds.value_or(0) + shutdown.seconds;
      if (total > worst_total) {
        worst = &c;
        worst_hook = hook;
        worst_shutdown = shutdown;
        worst_total = total;
      }
    }

    // 3. The grace period (absent or null: the API server's default).
    const Node* grace_node = pod->spec->get("terminationGracePeriodSeconds");
    std::int64_t grace = kDefaultTerminationGracePeriodSeconds;
    if (grace_node && !grace_node->is_null()) {
      auto value = grace_node->as_int();
      if (!value) return;  // not a number: the API server rejects the object
      grace = *value;
    }
    const double needed = worst_total + static_cast<double>(margin_);
    if (static_cast<double>(grace) > needed) return;

    std::string prestop = format_seconds(worst_hook.sleep_seconds.value_or(0));
    if (worst_hook.present() && !worst_hook.sleep_seconds)
      prestop += fmt::format(" ({} hook of unknown duration)", worst_hook.handler.empty()
                                                                   ? std::string_view("preStop")
                                                                   : worst_hook.handler);
    std::string shutdown = format_seconds(worst_shutdown.seconds);
    if (!worst_shutdown.source.empty()) shutdown += fmt::format(" ({})", worst_shutdown.source);
    std::string margin = margin_ != 0 ? fmt::format(" + margin {}s", margin_) : "";
    std::string container =
        list.size() > 1 ? fmt::format(" for container \"{}\"", worst->name) : "";
    auto message = [&] {
      return fmt::format(
          "{}/{}: terminationGracePeriodSeconds {} <= preStop {} + shutdown {}{}{}: the pod is "
          "killed before it finishes draining",
          object.kind, object.name, grace, prestop, shutdown, margin, container);
    };
    auto remediation = [&] {
      return fmt::format(
          "set terminationGracePeriodSeconds above {} (e.g. {}), or shorten the preStop sleep or "
          "the app's shutdown timeout",
          format_seconds(needed), static_cast<std::int64_t>(std::floor(needed)) + 5);
    };
    // The fix writes the remediation's example, the sum rounded down plus 5 seconds (the guide's
    // 45 > 10 + 30).
    const std::int64_t raised = static_cast<std::int64_t>(std::floor(needed)) + 5;
    auto fix = [&](FixBuilder& edit) {
      edit.describe(fmt::format(
          "set terminationGracePeriodSeconds to {}: above preStop {} + shutdown {}{} = {}", raised,
          format_seconds(worst_hook.sleep_seconds.value_or(0)),
          format_seconds(worst_shutdown.seconds), margin, format_seconds(needed)));
      edit.set(*pod->spec, {"terminationGracePeriodSeconds"}, FixValue::number(raised));
    };
    if (grace_node)
      out.report(*grace_node, message, remediation, fix);
    else
      out.report_missing(*pod->spec, "terminationGracePeriodSeconds", message, remediation, fix);
  }

 private:
  std::int64_t default_shutdown_;
  std::int64_t margin_;
};

}  // namespace

RuleDefinition tl203_grace_period_too_short() {
  RuleMeta m;
  m.code = "TL203";
  m.name = "grace-period-too-short";
  m.severity = Severity::Error;
  m.kinds = long_running_kinds();
  m.containers = ContainerSet::App;
  m.offers_fix = true;
  m.fix_after = {"TL201", "TL202"};
  m.summary =
      "terminationGracePeriodSeconds <= preStop sleep + the app's shutdown timeout (+ margin)";
  m.remediation =
      "raise terminationGracePeriodSeconds above preStop sleep + shutdown timeout (the guide: 45 "
      "> 10 + 30)";
  m.options = {
      {"shutdownTimeoutSeconds", OptionType::Int, std::int64_t{30},
       "the app's shutdown timeout when neither the annotation nor the env declares one (Titan's "
       "gracefulShutdownTimeout defaults to 30 000 ms)"},
      {"marginSeconds", OptionType::Int, std::int64_t{0},
       "extra seconds the grace period must leave on top of preStop + shutdown"}};
  m.doc.what = R"md(
    Compares the pod's `terminationGracePeriodSeconds` (30 when absent, the API server's default)
    with the time a container needs to stop: its preStop sleep (0 without a hook or when the hook's
    duration is unknown, see TL202 for how sleeps are read) plus the app's shutdown timeout plus
    `marginSeconds`, and reports when the grace period is not larger. The shutdown timeout is, first
    match wins: the annotation `titanlint.io/shutdown-timeout` (`45s`, `1m30s`, `500ms`, or plain
    seconds) on the pod template, then on the object; the container's env
    `TITAN_SHUTDOWN_TIMEOUT_MS` (milliseconds) or `SHUTDOWN_TIMEOUT` (seconds or a duration) with a
    literal value; else the option `shutdownTimeoutSeconds`. Containers stop in parallel, so the
    container that needs the longest decides, and the pod is reported once: at the
    `terminationGracePeriodSeconds` value, or at the pod spec when it is absent. The message shows
    the arithmetic and where the shutdown figure came from. An annotation that is not a duration is
    reported at its value (and the check is skipped for that object). Env values that do not parse
    are ignored (the next source applies). Job and CronJob pods are skipped.
  )md";
  m.doc.why = R"md(
    The grace period starts when the pod is deleted and covers the preStop hook and then the app's
    own shutdown after SIGTERM; when it runs out the kubelet sends SIGKILL. A Titan app drains for
    up to `gracefulShutdownTimeout` (30 s by default) after SIGTERM, so with a 10 s preStop sleep it
    needs more than 40 s: with the default 30 s grace period it is killed mid-drain, dropping
    in-flight requests and skipping its stop hooks. The production guide sets
    `terminationGracePeriodSeconds: 45` (> 10 + 30) for exactly this reason.
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
          lifecycle:
            preStop:
              exec:
                command: ['sh', '-c', 'sleep 10']
      # terminationGracePeriodSeconds defaults to 30 <= 10 + 30
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
          lifecycle:
            preStop:
              exec:
                command: ['sh', '-c', 'sleep 10']
      terminationGracePeriodSeconds: 45
)yaml";
  m.doc.fix = R"md(
    `titanlint fix` sets `terminationGracePeriodSeconds` to the preStop sleep plus the shutdown
    timeout (plus `marginSeconds`), rounded down, plus 5 seconds: the guide's 45 for `sleep 10` and a
    30-second shutdown. The field is added to the pod spec when it is absent. When another fix
    lengthens the preStop sleep in the same run, the next pass computes the grace period again.
  )md";
  m.doc.references = {
      {"production guide (`seed/kubernetes-production-guide.txt`), section \"Per-app Deployment\"",
       ""},
      {"Kubernetes: Pod Lifecycle, termination of Pods",
       "https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#pod-termination"}};
  return define<GracePeriodTooShort>(std::move(m));
}

}  // namespace titanlint::rules
