// TL101-TL103 are one check with three probe kinds: a long-running app container without a
// liveness, readiness or startup probe. Each rule file holds its metadata and doc text and
// defines `ProbeMissing<its kind>`.
#pragma once

#include <fmt/format.h>

#include "common/define.h"
#include "common/probe.h"
#include "fix/fix_builder.h"

namespace titanlint::rules {

template <ProbeKind Kind>
class ProbeMissing final : public Rule {
 public:
  explicit ProbeMissing(const RuleOptions&) {}

  void check(const K8sObject& object, const LintSet&, Reporter& out) const override {
    for (const Container& c : probed_containers(object)) {
      if (has_probe(*c.node, Kind)) continue;
      // A startupProbe only holds a livenessProbe off while the app starts: without liveness
      // checks there is nothing to hold off (TL103).
      constexpr bool kStartup = Kind == ProbeKind::Startup;
      if (kStartup && !has_probe(*c.node, ProbeKind::Liveness)) continue;
      auto message = [&] {
        return fmt::format("{} of {} has {}no {}", container_label(c), object_label(object),
                           kStartup ? "a livenessProbe but " : "", probe_field(Kind));
      };
      // Only a startupProbe can be written without guessing: it repeats the liveness handler.
      // A liveness or readiness probe would need the app's health endpoint (TL101, TL102).
      std::optional<FixValue> startup;
      if constexpr (kStartup) {
        if (auto liveness = find_probe(*c.node, ProbeKind::Liveness))
          startup = startup_probe_from(*liveness);
      }
      if (!startup) {
        out.report_missing(*c.node, probe_field(Kind), message);
        continue;
      }
      out.report_missing(*c.node, probe_field(Kind), message, {}, [&](FixBuilder& edit) {
        edit.describe(fmt::format(
            "add a startupProbe to {} with the livenessProbe's handler and {} s to start",
            container_label(c), kDefaultStartupBudgetSeconds));
        edit.set(*c.node, {"startupProbe"}, std::move(*startup));
      });
    }
  }
};

}  // namespace titanlint::rules
