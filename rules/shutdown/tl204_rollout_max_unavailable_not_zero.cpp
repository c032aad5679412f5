// TL204 rollout-max-unavailable-not-zero: a rollout may take serving pods down before their
// replacements are ready.
#include <fmt/format.h>

#include "common/define.h"
#include "common/rollout.h"
#include "common/workload.h"
#include "fix/fix_builder.h"

namespace titanlint::rules {
namespace {

constexpr std::string_view kDeploymentRemediation =
    "use `strategy: {type: RollingUpdate, rollingUpdate: {maxSurge: 1, maxUnavailable: 0}}`";

class RolloutMaxUnavailable final : public Rule {
 public:
  explicit RolloutMaxUnavailable(const RuleOptions&) {}

  void check(const K8sObject& object, const LintSet&, Reporter& out) const override {
    // By kind, like every workload rule (rules/common/workload.h): the removed
    // extensions/v1beta1 form (TL004) and look-alikes such as OpenKruise's apps.kruise.io
    // StatefulSet roll out the same way.
    const Node* spec = object.root->get("spec");
    if (!spec || !spec->is_mapping()) return;
    if (object.kind == "Deployment")
      check_deployment(object, *spec, out);
    else if (object.kind == "StatefulSet" || object.kind == "DaemonSet")
      check_one_at_a_time(object, *spec, out);
  }

 private:
  static void check_deployment(const K8sObject& object, const Node& spec, Reporter& out) {
    const Node* type = spec.at({"strategy", "type"});
    if (type && type->is_scalar() && !type->is_null()) {
      if (type->text() == "Recreate") {
        out.report(
            *type,
            [&] {
              return fmt::format(
                  "{}/{}: strategy type Recreate stops every pod before the new "
                  "ones start: each rollout is an outage",
                  object.kind, object.name);
            },
            std::string(kDeploymentRemediation));
        return;
      }
      if (type->text() != "RollingUpdate") return;  // invalid: the API server rejects it
    }
    RolloutField field = rolling_update_field(spec, "strategy", "maxUnavailable");
    if (field.value && !field.value->is_null()) {
      auto value = parse_int_or_percent(*field.value);
      if (!value || value->is_zero()) return;  // unreadable values are TL005's business
      out.report(
          *field.value,
          [&] {
            return fmt::format(
                "{}/{}: strategy.rollingUpdate.maxUnavailable is {}: a rollout "
                "takes serving pods down before their replacements are ready",
                object.kind, object.name, value->str());
          },
          std::string(kDeploymentRemediation),
          [&](FixBuilder& fix) { zero_unavailable(spec, fix); });
      return;
    }
    auto message = [&] {
      return fmt::format(
          "{}/{}: strategy.rollingUpdate.maxUnavailable is not set and defaults to "
          "25%: a rollout may take serving pods down before their replacements are "
          "ready",
          object.kind, object.name);
    };
    auto fix = [&](FixBuilder& edit) { zero_unavailable(spec, edit); };
    if (field.value)  // `maxUnavailable:` with no value: defaulted like an absent field
      out.report(*field.value, message, std::string(kDeploymentRemediation), fix);
    else
      out.report_missing(*field.anchor, field.missing, message, std::string(kDeploymentRemediation),
                         fix);
  }

  // maxUnavailable 0, and maxSurge 1 where it is 0 (the API server rejects both at 0). A
  // Recreate Deployment gets no fix: it may be Recreate on purpose (a ReadWriteOnce volume).
  static void zero_unavailable(const Node& spec, FixBuilder& fix) {
    fix.describe("set strategy.rollingUpdate.maxUnavailable to 0");
    fix.set(spec, {"strategy", "rollingUpdate", "maxUnavailable"}, FixValue::number(0));
    RolloutField surge = rolling_update_field(spec, "strategy", "maxSurge");
    auto value = surge.value ? parse_int_or_percent(*surge.value) : std::nullopt;
    if (value && value->is_zero()) {
      fix.describe("set strategy.rollingUpdate.maxUnavailable to 0 and maxSurge to 1");
      fix.replace(*surge.value, FixValue::number(1));
    }
  }

  // StatefulSet and DaemonSet replace pods one at a time by default (maxUnavailable 1).
  static void check_one_at_a_time(const K8sObject& object, const Node& spec, Reporter& out) {
    const Node* type = spec.at({"updateStrategy", "type"});
    if (type && type->is_scalar() && !type->is_null() && type->text() != "RollingUpdate") return;
    RolloutField field = rolling_update_field(spec, "updateStrategy", "maxUnavailable");
    if (!field.value || field.value->is_null()) return;  // default: 1
    auto value = parse_int_or_percent(*field.value);
    if (!value) return;
    auto remediation = [&] {
      return "set `updateStrategy.rollingUpdate.maxUnavailable: 1` (or remove it: 1 is the "
             "default)";
    };
    auto fix = [&](FixBuilder& edit) {
      edit.describe("set updateStrategy.rollingUpdate.maxUnavailable to 1");
      edit.replace(*field.value, FixValue::number(1));
    };
    if (!value->percent) {
      if (value->value <= 1) return;
      out.report(
          *field.value,
          [&] {
            return fmt::format(
                "{}/{}: updateStrategy.rollingUpdate.maxUnavailable is {}: a "
                "rollout takes up to {} pods down at once",
                object.kind, object.name, value->value, value->value);
          },
          remediation, fix);
      return;
    }
    if (value->value == 0) return;
    if (object.kind == "StatefulSet") {
      // The StatefulSet controller rounds a percentage up (and never below 1).
      const std::int64_t replicas = int_or(spec.get("replicas"), 1);
      const std::int64_t pods = scaled_pods(*value, replicas, true);
      if (pods <= 1) return;
      out.report(
          *field.value,
          [&] {
            return fmt::format(
                "{}/{}: updateStrategy.rollingUpdate.maxUnavailable {} is {} pods "
                "at {} replicas: a rollout takes that many pods down at once",
                object.kind, object.name, value->str(), pods, replicas);
          },
          remediation, fix);
      return;
    }
    // DaemonSet: the percentage is of the nodes it runs on, unknown here; rounded up, it is more
    // than one pod on every cluster larger than 100/p nodes.
    const std::int64_t nodes = 100 / value->value;
    out.report(
        *field.value,
        [&] {
          return fmt::format(
              "{}/{}: updateStrategy.rollingUpdate.maxUnavailable {} takes more "
              "than one node's pod down at once on clusters of more than {} {}",
              object.kind, object.name, value->str(), nodes, nodes == 1 ? "node" : "nodes");
        },
        remediation, fix);
  }
};

}  // namespace

RuleDefinition tl204_rollout_max_unavailable_not_zero() {
  RuleMeta m;
  m.code = "TL204";
  m.name = "rollout-max-unavailable-not-zero";
  m.severity = Severity::Error;
  m.kinds = {{"Deployment"}, {"StatefulSet"}, {"DaemonSet"}};
  m.offers_fix = true;
  m.summary =
      "Deployment strategy Recreate or maxUnavailable != 0 (including the 25% default); "
      "StatefulSet/DaemonSet maxUnavailable > 1";
  m.remediation = std::string(kDeploymentRemediation);
  m.doc.what = R"md(
    Reports a Deployment whose `strategy.type` is `Recreate` (at the type), or whose rolling update
    allows unavailable pods: `maxUnavailable` other than `0`, `"0"` or `0%` (at the value),
    including the API server's default of 25% when the field is absent (then at the `rollingUpdate`
    mapping, at `strategy` when it has no `rollingUpdate`, or at the spec when there is no
    `strategy`). A file without a strategy and the same object as the API server stores it
    (`strategy: {type: RollingUpdate, rollingUpdate: {maxSurge: 25%, maxUnavailable: 25%}}`) give
    the same finding. Any non-zero value is reported even when it rounds down to 0 pods at the
    current replica count (25% of 2 replicas is 0 pods): the count changes with `replicas` and the
    HPA, the intent should not. For a StatefulSet or DaemonSet with a RollingUpdate strategy it
    reports `rollingUpdate.maxUnavailable` above 1: an integer > 1; a StatefulSet percentage that
    rounds up to more than one of its `replicas` (default 1); any DaemonSet percentage above 0% (it
    is a share of the nodes, unknown to a linter, and more than one pod on every cluster of more
    than 100/p nodes). OnDelete strategies are not reported.
  )md";
  m.doc.why = R"md(
    With `maxUnavailable` above 0 the Deployment controller deletes old pods before their
    replacements are ready, so capacity drops during every rollout, and a new version that never
    becomes ready leaves the app under-provisioned. `Recreate` takes every pod down first: an outage
    per deploy. The production guide's rolling-update settings are `maxSurge: 1, maxUnavailable: 0`,
    which keep capacity at 100% throughout the rollout. StatefulSets and DaemonSets cannot surge;
    taking more than one pod down at once loses quorum members or whole nodes' agents at the same
    time.
  )md";
  m.doc.example = R"yaml(
apiVersion: apps/v1
kind: Deployment
metadata:
  name: webapp
spec:
  replicas: 2   # no strategy: RollingUpdate with maxUnavailable 25%
  template: ...
)yaml";
  m.doc.use_instead = R"yaml(
apiVersion: apps/v1
kind: Deployment
metadata:
  name: webapp
spec:
  replicas: 2
  strategy:
    type: RollingUpdate
    rollingUpdate:
      maxSurge: 1
      maxUnavailable: 0
  template: ...
)yaml";
  m.doc.fix = R"md(
    `titanlint fix` sets a Deployment's `strategy.rollingUpdate.maxUnavailable` to 0 (creating
    `strategy` and `rollingUpdate` when absent) and, where `maxSurge` is 0 too, `maxSurge` to 1 (the
    API server rejects both at 0). A StatefulSet's or DaemonSet's `maxUnavailable` becomes 1. A
    Deployment with `type: Recreate` gets no fix: it may be Recreate on purpose (a ReadWriteOnce
    volume that two pods cannot mount at once).
  )md";
  m.doc.references = {
      {"production guide (`seed/kubernetes-production-guide.txt`), section \"Rolling updates\"",
       ""},
      {"Kubernetes: Deployments, rolling update",
       "https://kubernetes.io/docs/concepts/workloads/controllers/deployment/"
       "#rolling-update-deployment"}};
  return define<RolloutMaxUnavailable>(std::move(m));
}

}  // namespace titanlint::rules
