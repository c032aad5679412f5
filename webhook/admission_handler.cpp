// The handler's sequence: parse the review (admission_review), screen the request and the object
// (admission_policy), lint, judge the findings (admission_policy) and answer with their text
// (admission_messages).
#include "admission_handler.h"

#include "admission_messages.h"
#include "admission_policy.h"
#include "admission_review.h"
#include "json_loader.h"

namespace titanlint::webhook {
namespace {

// request.object as the lint tree, built from the review's DOM. Its findings carry field paths,
// never source positions or code frames, so the source holds no copy of the body. Returns the
// reason to reject when the object is beyond the limits.
std::optional<std::string> load_object(const Review& review, const LoadLimits& limits,
                                       std::size_t body_bytes, std::vector<LoadedFile>& files) {
  auto source = std::make_shared<const SourceFile>("<request>", std::string());
  files.push_back(load_json_element(source, review.object, limits, body_bytes));
  for (const LoadDiagnostic& d : files.front().diagnostics)
    if (d.problem == LoadProblem::Syntax) return "request.object: " + d.message;
  return std::nullopt;
}

// The object's name (or generateName) and kind, for the log line, when the request lacks them.
void fill_from_object(const Node& root, AdmissionOutcome& outcome) {
  if (outcome.name.empty()) {
    const Node* name = root.at({"metadata", "name"});
    if (!name) name = root.at({"metadata", "generateName"});
    if (name) outcome.name = std::string(name->str());
  }
  if (outcome.kind.empty())
    if (const Node* kind = root.get("kind")) outcome.kind = std::string(kind->str());
}

ReviewResponse response_for(const Verdict& verdict) {
  ReviewResponse response;
  response.allowed = verdict.denying.empty();
  if (!verdict.denying.empty()) response.deny_message = deny_message(verdict.denying);
  if (!verdict.warning.empty()) response.warnings = bounded_warnings(verdict.warning);
  return response;
}

}  // namespace

std::string_view to_string(Decision decision) {
  switch (decision) {
    case Decision::Allowed:
      return "allowed";
    case Decision::Denied:
      return "denied";
    case Decision::Warned:
      return "warned";
    case Decision::Audited:
      return "audited";
    case Decision::Skipped:
      return "skipped";
    case Decision::Rejected:
      return "rejected";
  }
  return "unknown";
}

AdmissionHandler::AdmissionHandler(const Registry& registry, Config config)
    : config_(std::move(config)) {
  LintOptions options;
  options.partial = true;  // one object: rules that need another object stay silent
  options.allow_annotation_ignores = config_.webhook.allow_annotation_ignores;
  options.map_helm_sources = false;
  // Rules off in the webhook (RuleMeta::in_webhook false, e.g. TL301) run only when the config
  // names them with a severity.
  for (const RuleDefinition& rule : registry.rules()) {
    if (rule.meta.in_webhook) continue;
    auto it = config_.rules.find(rule.meta.code);
    const bool named = it != config_.rules.end() && !it->second.off && it->second.severity;
    if (!named) options.ignore.push_back(rule.meta.code);
  }
  engine_ = std::make_unique<Engine>(registry, config_, std::move(options));
}

AdmissionOutcome AdmissionHandler::handle(std::string_view body) const {
  AdmissionOutcome outcome;
  Review review;
  try {
    review = parse_review(body);
  } catch (const BadRequest& e) {
    return rejected(std::move(outcome), e.message);
  }
  copy_request_fields(review, outcome);
  if (auto problem = review_problem(review)) return rejected(std::move(outcome), *problem);
  if (auto screening = screen_request(review, config_.webhook))
    return screening->reject ? rejected(std::move(outcome), std::move(screening->reason))
                             : skipped(std::move(outcome), review, std::move(screening->reason));

  std::vector<LoadedFile> files;
  if (auto error = load_object(review, config_.limits, body.size(), files))
    return rejected(std::move(outcome), std::move(*error));
  const std::vector<Document>& documents = files.front().documents;
  if (const Node* root = documents.empty() ? nullptr : documents.front().root) {
    fill_from_object(*root, outcome);
    if (auto reason = skip_object(review, *root))
      return skipped(std::move(outcome), review, std::move(*reason));
  }

  const LintResult result = engine_->lint(std::move(files));
  Verdict verdict = judge(result.findings, config_.webhook.mode);
  outcome.decision = verdict.decision;
  outcome.codes = std::move(verdict.codes);
  outcome.suppressed_codes = std::move(verdict.suppressed_codes);
  outcome.body = response_body(review, response_for(verdict));
  return outcome;
}

}  // namespace titanlint::webhook
