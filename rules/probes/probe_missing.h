// TL101-TL103 are one check with three probe kinds: a long-running app container without a
// liveness, readiness or startup probe. Each rule file holds its metadata and doc text and
// defines `ProbeMissing<its kind>`.
#pragma once

#include <fmt/format.h>

#include "common/define.h"
#include "common/probe.h"

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
      out.report_missing(*c.node, probe_field(Kind), [&] {
        return fmt::format("{} of {} has {}no {}", container_label(c), object_label(object),
                           kStartup ? "a livenessProbe but " : "", probe_field(Kind));
      });
    }
  }
};

}  // namespace titanlint::rules
