#include "admission_policy.h"

#include <algorithm>

#include <fmt/format.h>

namespace titanlint::webhook {
namespace {

bool controller_owned(const Node& root) {
  const Node* owners = root.at({"metadata", "ownerReferences"});
  if (!owners || !owners->is_sequence()) return false;
  for (const Node* owner : owners->items()) {
    const Node* controller = owner->get("controller");
    if (controller && controller->as_bool().value_or(false)) return true;
  }
  return false;
}

Screening skip(std::string reason) {
  return {false, std::move(reason)};
}
Screening reject(std::string reason) {
  return {true, std::move(reason)};
}

}  // namespace

std::optional<Screening> screen_request(const Review& review, const WebhookConfig& config) {
  if (review.operation == "DELETE" || review.operation == "CONNECT")
    return skip(review.operation + " is not linted");
  if (review.operation != "CREATE" && review.operation != "UPDATE")
    return reject(fmt::format("request.operation \"{}\" is not CREATE, UPDATE, DELETE or CONNECT",
                              review.operation));
  if (!review.sub_resource.empty()) return skip("subresource " + review.sub_resource);
  const auto& excluded = config.excluded_namespaces;
  if (!review.namespace_.empty() &&
      std::find(excluded.begin(), excluded.end(), review.namespace_) != excluded.end())
    return skip("namespace " + review.namespace_ + " is excluded");
  if (!review.has_object) return reject("request.object is missing for " + review.operation);
  return std::nullopt;
}

std::optional<std::string> skip_object(const Review& review, const Node& root) {
  if (controller_owned(root)) return "owned by a controller";
  if (review.operation == "UPDATE" && root.at({"metadata", "deletionTimestamp"}))
    return "being deleted";
  return std::nullopt;
}

Verdict judge(const std::vector<Finding>& findings, WebhookMode mode) {
  Verdict verdict;
  std::vector<const Finding*> errors;
  std::vector<const Finding*> warnings;
  for (const Finding& f : findings) {
    if (f.suppressed()) {
      verdict.suppressed_codes.emplace_back(f.code);
      continue;
    }
    if (f.severity == Severity::Info) continue;
    verdict.codes.emplace_back(f.code);
    (f.severity == Severity::Error ? errors : warnings).push_back(&f);
  }
  std::sort(verdict.codes.begin(), verdict.codes.end());

  if (errors.empty())
    verdict.decision = Decision::Allowed;
  else if (mode == WebhookMode::Enforce)
    verdict.decision = Decision::Denied;
  else if (mode == WebhookMode::Warn)
    verdict.decision = Decision::Warned;
  else
    verdict.decision = Decision::Audited;

  // Enforce: errors deny, warnings warn. Warn: both warn. Audit: the response says nothing.
  if (mode == WebhookMode::Enforce) verdict.denying = errors;
  if (mode == WebhookMode::Warn) verdict.warning = std::move(errors);
  if (mode != WebhookMode::Audit)
    verdict.warning.insert(verdict.warning.end(), warnings.begin(), warnings.end());
  return verdict;
}

}  // namespace titanlint::webhook
