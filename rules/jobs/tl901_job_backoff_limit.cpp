// TL901 job-backoff-limit: a Job without an explicit backoffLimit, or one above `max`.
#include <fmt/format.h>

#include "common/define.h"
#include "common/workload.h"

namespace titanlint::rules {
namespace {

class JobBackoffLimit final : public Rule {
 public:
  explicit JobBackoffLimit(const RuleOptions& options) : max_(options.integer("max")) {}

  void check(const K8sObject& object, const LintSet&, Reporter& out) const override {
    const Node* spec = job_spec(object);
    if (!spec) return;
    const std::string where = object.kind == "CronJob" ? "spec.jobTemplate.spec" : "spec";
    // With backoffLimitPerIndex (Indexed Jobs) the per-index limit is the retry budget and
    // backoffLimit defaults to 2^31-1.
    std::string_view field = "backoffLimit";
    const Node* per_index = spec->get("backoffLimitPerIndex");
    if (per_index && !per_index->is_null()) field = "backoffLimitPerIndex";
    const Node* value = spec->get(field);
    if (!value || value->is_null()) {
      out.report_missing(
          *spec, field,
          [&] {
            return fmt::format(
                "{} has no {}.{}: a failing Job is retried 6 times (the default), with "
                "exponential back-off of up to 6 minutes between attempts",
                object_label(object), where, field);
          },
          [&] { return fmt::format("set {}.{} explicitly (at most {})", where, field, max_); });
      return;
    }
    auto limit = value->as_int();
    if (!limit || *limit <= max_) return;
    out.report(
        *value,
        [&] {
          return fmt::format("{}: {}.{} is {}, above the maximum of {}", object_label(object),
                             where, field, *limit, max_);
        },
        [&] {
          return fmt::format(
              "lower {} to at most {}; a task that fails that often will not "
              "succeed on a later try",
              field, max_);
        });
  }

 private:
  std::int64_t max_;
};

std::string validate_max(const OptionValue& value) {
  const auto* v = std::get_if<std::int64_t>(&value);
  if (v && *v < 0) return "must be 0 or more";
  return {};
}

}  // namespace

RuleDefinition tl901_job_backoff_limit() {
  RuleMeta m;
  m.code = "TL901";
  m.name = "job-backoff-limit";
  m.severity = Severity::Warning;
  m.kinds = batch_kinds();
  m.summary = "A Job has no explicit backoffLimit, or one above the maximum";
  m.remediation = "set spec.backoffLimit explicitly (e.g. 1 for a migration)";
  m.options = {
      {"max", OptionType::Int, std::int64_t{3}, "The largest backoffLimit accepted.", validate_max},
  };
  m.doc.what = R"md(
    Reports a Job, or a CronJob's `jobTemplate`, without an explicit `backoffLimit` (at its job
    spec; the API server defaults it to 6), or with one above `max` (at the value). For an Indexed
    Job with `backoffLimitPerIndex`, that per-index limit is checked instead (the API server then
    defaults `backoffLimit` to 2147483647).
  )md";
  m.doc.why = R"md(
    The default of 6 retries with exponential back-off (10 s, 20 s, 40 s ... up to 6 minutes) keeps
    a broken Job running for many minutes, re-running a non-idempotent task (a migration, an e-mail
    batch) again and again, and delays the failure signal of a deploy pipeline. The production
    guide's migration Job sets `backoffLimit: 1`.
  )md";
  m.doc.example = R"yaml(
apiVersion: batch/v1
kind: Job
metadata:
  name: migrate
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: migrate
          image: registry.example.com/platform-api:v1.4.2
)yaml";
  m.doc.use_instead = R"yaml(
apiVersion: batch/v1
kind: Job
metadata:
  name: migrate
spec:
  backoffLimit: 1
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: migrate
          image: registry.example.com/platform-api:v1.4.2
)yaml";
  m.doc.references = {
      {"production guide (`seed/kubernetes-production-guide.txt`), section \"Database migrations\"",
       ""},
      {"Kubernetes: Jobs", "https://kubernetes.io/docs/concepts/workloads/controllers/job/"}};
  return define<JobBackoffLimit>(std::move(m));
}

}  // namespace titanlint::rules
