// The webhook's policy: which requests are answered without linting (skipped, allowed) or
// refused (400) before the object is linted, and, from an object's findings and the webhook
// mode (enforce, warn, audit), the decision and which findings deny and which warn.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "admission_handler.h"
#include "admission_review.h"
#include "config.h"
#include "finding.h"
#include "node.h"

namespace titanlint::webhook {

// A request answered without linting its object.
struct Screening {
  bool reject = false;  // 400; otherwise skipped (allowed)
  std::string reason;
};

// From the request alone: DELETE and CONNECT, subresources and excluded namespaces are skipped;
// an unknown operation or a missing object is rejected. Nullopt: the object is to be loaded.
std::optional<Screening> screen_request(const Review& review, const WebhookConfig& config);

// From the loaded object: skipped when a controller owns it (its owner's template was judged)
// or an UPDATE only marks it for deletion. Nullopt: lint it.
std::optional<std::string> skip_object(const Review& review, const Node& root);

struct Verdict {
  Decision decision = Decision::Allowed;
  std::vector<const Finding*> denying;  // the errors, in enforce mode; empty: allowed
  std::vector<const Finding*> warning;  // errors in warn mode, then warnings; none in audit mode
  // Unsuppressed error and warning findings' codes, sorted; codes suppressed by annotation.
  std::vector<std::string> codes;
  std::vector<std::string> suppressed_codes;
};

// The findings must outlive the verdict.
Verdict judge(const std::vector<Finding>& findings, WebhookMode mode);

}  // namespace titanlint::webhook
