// TL205 rollout-max-surge: maxSurge 0 (a rollout cannot add a pod first) or above the cap.
#include <algorithm>

#include <fmt/format.h>

#include "common/define.h"
#include "common/rollout.h"
#include "common/workload.h"
#include "fix/fix_builder.h"

namespace titanlint::rules {
namespace {

constexpr IntOrPercent kDefaultMaxSurge{25, true};

class RolloutMaxSurge final : public Rule {
 public:
  explicit RolloutMaxSurge(const RuleOptions& options) : max_text_(options.string("max")) {
    // The option is a count or a percentage; anything else falls back to the default (the
    // config layer only checks that it is a string).
    max_ = parse_int_or_percent(max_text_).value_or(kDefaultMaxSurge);  // validated by config
    max_text_ = max_.str();
  }

  void check(const K8sObject& object, const LintSet&, Reporter& out) const override {
    const Node* spec = object.root->get("spec");
    if (!spec || !spec->is_mapping()) return;
    const Node* type = spec->at({"strategy", "type"});
    if (type && type->is_scalar() && !type->is_null() && type->text() != "RollingUpdate")
      return;  // Recreate has no surge (TL204 reports it)

    RolloutField field = rolling_update_field(*spec, "strategy", "maxSurge");
    IntOrPercent surge = kDefaultMaxSurge;
    const bool present = field.value && !field.value->is_null();
    if (present) {
      auto value = parse_int_or_percent(*field.value);
      if (!value) return;  // unreadable: the API server rejects it
      surge = *value;
      if (surge.is_zero()) {
        RolloutField unavailable = rolling_update_field(*spec, "strategy", "maxUnavailable");
        auto u = unavailable.value ? parse_int_or_percent(*unavailable.value) : std::nullopt;
        std::string why =
            u && u->is_zero()
                ? std::string("with maxUnavailable 0 too, the API server rejects the Deployment")
                : std::string(
                      "a rollout cannot start a new pod before an old one stops, so every "
                      "rollout removes capacity (and maxUnavailable 0 cannot be combined with it)");
        out.report(
            *field.value,
            [&] {
              return fmt::format("{}/{}: strategy.rollingUpdate.maxSurge is {}: {}", object.kind,
                                 object.name, surge.str(), why);
            },
            "set `maxSurge: 1` together with `maxUnavailable: 0`",
            [&](FixBuilder& fix) {
              fix.describe("set strategy.rollingUpdate.maxSurge to 1");
              fix.replace(*field.value, FixValue::number(1));
            });
        return;
      }
    }
    // Kubernetes rounds a maxSurge percentage up; the cap is never below one pod.
    const std::int64_t replicas = int_or(spec->get("replicas"), kDefaultDeploymentReplicas);
    const std::int64_t pods = scaled_pods(surge, replicas, true);
    const std::int64_t cap = std::max<std::int64_t>(1, scaled_pods(max_, replicas, true));
    if (pods <= cap) return;
    auto message = [&] {
      return fmt::format(
          "{}/{}: strategy.rollingUpdate.maxSurge {}{} allows {} extra pods at {} replicas, above "
          "the cap of {} (max {}): a rollout starts that many cold pods at once",
          object.kind, object.name, surge.str(), present ? "" : " (the default)", pods, replicas,
          cap, max_text_);
    };
    auto remediation = [&] {
      return fmt::format("set `maxSurge` to at most {} (the guide uses `maxSurge: 1`)", max_text_);
    };
    // The fix writes the cap itself: a count stays a number, a percentage a string.
    auto fix = [&](FixBuilder& edit) {
      edit.describe(fmt::format("set strategy.rollingUpdate.maxSurge to {}", max_text_));
      FixValue cap = max_.percent ? FixValue::string(max_text_) : FixValue::number(max_.value);
      edit.set(*spec, {"strategy", "rollingUpdate", "maxSurge"}, cap);
    };
    if (field.value)
      out.report(*field.value, message, remediation, fix);
    else
      out.report_missing(*field.anchor, field.missing, message, remediation, fix);
  }

 private:
  std::string max_text_;
  IntOrPercent max_;
};

}  // namespace

RuleDefinition tl205_rollout_max_surge() {
  RuleMeta m;
  m.code = "TL205";
  m.name = "rollout-max-surge";
  m.severity = Severity::Info;
  m.kinds = {{"Deployment"}};
  m.offers_fix = true;
  m.summary = "Deployment maxSurge is 0, or above `max` (default 25%, at least 1 pod)";
  m.remediation = "use `maxSurge: 1` (or 25% for large Deployments) with `maxUnavailable: 0`";
  m.options = {{"max", OptionType::String, std::string("25%"),
                "the largest maxSurge, as a pod count (`2`) or a percentage of replicas (`25%`, "
                "rounded up); the cap is never below one pod",
                [](const OptionValue& value) -> std::string {
                  if (parse_int_or_percent(std::get<std::string>(value))) return {};
                  return "must be a pod count such as 2 or a percentage such as 25%";
                }}};
  m.doc.what = R"md(
    Reports a RollingUpdate Deployment whose `strategy.rollingUpdate.maxSurge` is `0`, `"0"` or
    `0%`, or resolves to more extra pods than `max` allows. Both are resolved against
    `spec.replicas` (1 when absent) the way the Deployment controller does: a percentage is rounded
    up, and the cap is at least one pod (for fewer than 4 replicas the default cap is 1 pod, which
    25% rounds up to anyway). An absent maxSurge is the API server's default 25%, so it only fires
    when `max` is set lower. Recreate Deployments are left to TL204.
  )md";
  m.doc.why = R"md(
    With `maxUnavailable: 0` (TL204) a rollout can only make progress by surging: `maxSurge: 0` is
    then rejected by the API server, and with a non-zero maxUnavailable it means old pods are
    removed before new ones exist. A large surge starts many cold pods at once: they need spare
    capacity in the cluster (or stay Pending and stall the rollout) and all warm up against the
    database and caches together. The production guide uses `maxSurge: 1` (one new pod, wait for it
    to become ready, then stop an old one), and 25% for high-throughput apps.
  )md";
  m.doc.example = R"yaml(
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  replicas: 3
  strategy:
    type: RollingUpdate
    rollingUpdate:
      maxSurge: 0
      maxUnavailable: 1
)yaml";
  m.doc.use_instead = R"yaml(
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  replicas: 3
  strategy:
    type: RollingUpdate
    rollingUpdate:
      maxSurge: 1
      maxUnavailable: 0
)yaml";
  m.doc.fix = R"md(
    `titanlint fix` sets `maxSurge` to 1 where it is 0, and to the `max` option (a count as a number,
    a percentage as a string) where it is above the cap, creating `strategy.rollingUpdate` when it is
    absent.
  )md";
  m.doc.references = {
      {"production guide (`seed/kubernetes-production-guide.txt`), section \"Rolling updates\"",
       ""},
      {"Kubernetes: Deployments, rolling update",
       "https://kubernetes.io/docs/concepts/workloads/controllers/deployment/"
       "#rolling-update-deployment"}};
  return define<RolloutMaxSurge>(std::move(m));
}

}  // namespace titanlint::rules
