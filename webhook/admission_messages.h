// The text of an admission response: the denial's message (every error finding, one a line) and
// the warnings (one per finding), each naming the rule, the field and its container, and kept
// within what Kubernetes shows (kWarning* in admission_handler.h, kMaxDenyMessage).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "finding.h"

namespace titanlint::webhook {

// Bytes of the denial's message, past which the remaining findings are counted, not listed.
inline constexpr std::size_t kMaxDenyMessage = 8192;

// `TL102 readiness-probe-missing: spec.template.spec.containers[0].readinessProbe (api): message`
std::string describe(const Finding& finding);

// "titanlint: Deployment/default/api has 2 error findings:" and one line per finding.
// `errors` is not empty.
std::string deny_message(const std::vector<const Finding*>& errors);

// Warnings in order, each bounded, all together under kWarningsTotalBytes.
std::vector<std::string> bounded_warnings(const std::vector<const Finding*>& findings);

}  // namespace titanlint::webhook
