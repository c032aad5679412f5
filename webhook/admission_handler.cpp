#include "admission_handler.h"

#include <simdjson.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include <fmt/format.h>

#include "container_ref.h"
#include "json_loader.h"
#include "node.h"

namespace titanlint::webhook {
namespace {

constexpr std::string_view kV1 = "admission.k8s.io/v1";
constexpr std::string_view kV1beta1 = "admission.k8s.io/v1beta1";

// A request the API server would never send: answered with 400 and this text.
struct BadRequest {
  std::string message;
};

// The fields of an AdmissionReview the handler reads.
struct Review {
  std::string api_version;
  std::string kind;
  bool has_request = false;
  std::string uid;
  std::string operation;
  std::string request_kind;  // request.kind.kind
  std::string namespace_;
  std::string name;
  std::string sub_resource;
  bool dry_run = false;
  bool has_object = false;  // present and not null
  // request.object in the parsed DOM; valid until the thread's next parse (within one handle()).
  simdjson::dom::element object;
};

std::string_view type_name(simdjson::dom::element_type type) {
  using T = simdjson::dom::element_type;
  switch (type) {
    case T::OBJECT:
      return "an object";
    case T::ARRAY:
      return "an array";
    case T::STRING:
      return "a string";
    case T::INT64:
    case T::UINT64:
    case T::DOUBLE:
      return "a number";
    case T::BOOL:
      return "a boolean";
    case T::NULL_VALUE:
      return "null";
  }
  return "a value";
}

std::string string_field(simdjson::dom::element value, std::string_view what) {
  if (value.is_null()) return {};
  if (!value.is_string())
    throw BadRequest{fmt::format("{} must be a string, not {}", what, type_name(value.type()))};
  return std::string(value.get_string().value_unsafe());
}

void parse_request(simdjson::dom::element value, Review& review) {
  using T = simdjson::dom::element_type;
  if (value.is_null()) return;
  if (!value.is_object())
    throw BadRequest{fmt::format("request must be an object, not {}", type_name(value.type()))};
  review.has_request = true;
  for (auto [key, v] : simdjson::dom::object(value)) {
    if (key == "uid") {
      review.uid = string_field(v, "request.uid");
    } else if (key == "operation") {
      review.operation = string_field(v, "request.operation");
    } else if (key == "namespace") {
      review.namespace_ = string_field(v, "request.namespace");
    } else if (key == "name") {
      review.name = string_field(v, "request.name");
    } else if (key == "subResource") {
      review.sub_resource = string_field(v, "request.subResource");
    } else if (key == "dryRun") {
      if (v.is_bool()) review.dry_run = v.get_bool().value_unsafe();
    } else if (key == "kind") {
      if (!v.is_object()) continue;
      for (auto [k, kv] : simdjson::dom::object(v))
        if (k == "kind") review.request_kind = string_field(kv, "request.kind.kind");
    } else if (key == "object") {
      if (v.type() == T::NULL_VALUE) continue;
      if (!v.is_object())
        throw BadRequest{
            fmt::format("request.object must be an object, not {}", type_name(v.type()))};
      review.has_object = true;
      review.object = v;
    }
  }
}

// The review's fields, through simdjson's DOM (the fastest kernel for the running CPU); the
// object itself is built into the lint tree afterwards, from the same DOM (the body is parsed
// once).
Review parse_review(std::string_view body) {
  thread_local simdjson::dom::parser parser;
  simdjson::dom::element doc;
  simdjson::error_code error = parser.parse(body.data(), body.size()).get(doc);
  // A float64 of 2^64 or more, as Go prints it (`18446744073709551616`), is valid JSON too.
  std::optional<std::string> widened;
  if (error == simdjson::NUMBER_ERROR && (widened = big_integers_as_floats(body)))
    error = parser.parse(*widened).get(doc);
  if (error) throw BadRequest{fmt::format("malformed JSON: {}", simdjson::error_message(error))};
  if (!doc.is_object())
    throw BadRequest{fmt::format("the body must be a JSON object, not {}", type_name(doc.type()))};
  Review review;
  for (auto [key, value] : simdjson::dom::object(doc)) {
    if (key == "apiVersion")
      review.api_version = string_field(value, "apiVersion");
    else if (key == "kind")
      review.kind = string_field(value, "kind");
    else if (key == "request")
      parse_request(value, review);
  }
  return review;
}

// `TL102 readiness-probe-missing: spec.template.spec.containers[0].readinessProbe (api): message`
std::string describe(const Finding& f) {
  std::string where = f.field_path();
  if (auto container = finding_container(f); container && !container->name.empty())
    where += fmt::format(" ({})", container->name);
  if (where.empty()) return fmt::format("{} {}: {}", f.code, f.name, f.message);
  return fmt::format("{} {}: {}: {}", f.code, f.name, where, f.message);
}

// Cuts at a UTF-8 character boundary so that the result plus "..." fits in `max` bytes.
std::string truncate(std::string text, std::size_t max) {
  if (text.size() <= max) return text;
  std::size_t cut = max - 3;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  text.resize(cut);
  return text + "...";
}

std::string warning_text(const Finding& f) {
  std::string text = describe(f);
  if (text.size() > kWarningPreferredChars)
    text = fmt::format("{} {}: {}", f.code, f.name, f.message);
  if (text.size() > kWarningPreferredChars) text = fmt::format("{}: {}", f.code, f.message);
  return truncate(std::move(text), kWarningMaxChars);
}

// Warnings in order, each bounded, all together under kWarningsTotalBytes.
std::vector<std::string> bounded_warnings(const std::vector<const Finding*>& findings) {
  constexpr std::size_t kSummaryReserve = 64;
  std::vector<std::string> out;
  std::size_t total = 0;
  for (std::size_t i = 0; i < findings.size(); ++i) {
    std::string text = warning_text(*findings[i]);
    const bool last = i + 1 == findings.size();
    const std::size_t budget = kWarningsTotalBytes - (last ? 1 : kSummaryReserve);
    if (total + text.size() > budget) {
      out.push_back(
          fmt::format("... and {} more (run titanlint lint on the manifest)", findings.size() - i));
      break;
    }
    total += text.size();
    out.push_back(std::move(text));
  }
  return out;
}

bool controller_owned(const Node& root) {
  const Node* owners = root.at({"metadata", "ownerReferences"});
  if (!owners || !owners->is_sequence()) return false;
  for (const Node* owner : owners->items()) {
    const Node* controller = owner->get("controller");
    if (controller && controller->as_bool().value_or(false)) return true;
  }
  return false;
}

AdmissionOutcome rejected(AdmissionOutcome outcome, std::string message) {
  outcome.http_status = 400;
  outcome.content_type = "text/plain; charset=utf-8";
  outcome.decision = Decision::Rejected;
  outcome.body = fmt::format("titanlint: bad AdmissionReview: {}\n", message);
  outcome.skip_reason = std::move(message);
  return outcome;
}

nlohmann::json response_json(const Review& review, bool allowed) {
  nlohmann::json out;
  out["apiVersion"] = review.api_version;
  out["kind"] = "AdmissionReview";
  out["response"] = {{"uid", review.uid}, {"allowed", allowed}};
  return out;
}

AdmissionOutcome skipped(AdmissionOutcome outcome, const Review& review, std::string reason) {
  outcome.decision = Decision::Skipped;
  outcome.skip_reason = std::move(reason);
  outcome.body = response_json(review, true).dump();
  return outcome;
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
  outcome.uid = review.uid;
  outcome.operation = review.operation;
  outcome.kind = review.request_kind;
  outcome.namespace_ = review.namespace_;
  outcome.name = review.name;
  outcome.dry_run = review.dry_run;

  if (review.api_version != kV1 && review.api_version != kV1beta1) {
    return rejected(std::move(outcome),
                    fmt::format("apiVersion \"{}\" is not admission.k8s.io/v1 or "
                                "admission.k8s.io/v1beta1",
                                review.api_version));
  }
  if (review.kind != "AdmissionReview")
    return rejected(std::move(outcome),
                    fmt::format("kind \"{}\" is not AdmissionReview", review.kind));
  if (!review.has_request) return rejected(std::move(outcome), "request is missing");
  if (review.uid.empty()) return rejected(std::move(outcome), "request.uid is missing");

  if (review.operation == "DELETE" || review.operation == "CONNECT")
    return skipped(std::move(outcome), review, review.operation + " is not linted");
  if (review.operation != "CREATE" && review.operation != "UPDATE")
    return rejected(std::move(outcome),
                    fmt::format("request.operation \"{}\" is not CREATE, UPDATE, DELETE or "
                                "CONNECT",
                                review.operation));
  if (!review.sub_resource.empty())
    return skipped(std::move(outcome), review, "subresource " + review.sub_resource);
  const auto& excluded = config_.webhook.excluded_namespaces;
  if (!review.namespace_.empty() &&
      std::find(excluded.begin(), excluded.end(), review.namespace_) != excluded.end())
    return skipped(std::move(outcome), review, "namespace " + review.namespace_ + " is excluded");
  if (!review.has_object)
    return rejected(std::move(outcome), "request.object is missing for " + review.operation);

  // The object's findings carry field paths, never source positions or code frames, so the
  // source holds no copy of the body.
  auto source = std::make_shared<const SourceFile>("<request>", std::string());
  std::vector<LoadedFile> files;
  files.push_back(load_json_element(source, review.object, config_.limits, body.size()));
  const LoadedFile& file = files.front();
  for (const LoadDiagnostic& d : file.diagnostics)
    if (d.code == "TL001") return rejected(std::move(outcome), "request.object: " + d.message);
  const Node* root = file.documents.empty() ? nullptr : file.documents.front().root;
  if (root) {
    if (outcome.name.empty()) {
      const Node* name = root->at({"metadata", "name"});
      if (!name) name = root->at({"metadata", "generateName"});
      if (name) outcome.name = std::string(name->str());
    }
    if (outcome.kind.empty())
      if (const Node* kind = root->get("kind")) outcome.kind = std::string(kind->str());
    if (controller_owned(*root))
      return skipped(std::move(outcome), review, "owned by a controller");
    if (review.operation == "UPDATE" && root->at({"metadata", "deletionTimestamp"}))
      return skipped(std::move(outcome), review, "being deleted");
  }

  LintResult result = engine_->lint(std::move(files));
  std::vector<const Finding*> errors;
  std::vector<const Finding*> warnings;
  for (const Finding& f : result.findings) {
    if (f.suppressed()) {
      outcome.suppressed_codes.emplace_back(f.code);
      continue;
    }
    if (f.severity == Severity::Info) continue;
    outcome.codes.emplace_back(f.code);
    (f.severity == Severity::Error ? errors : warnings).push_back(&f);
  }
  std::sort(outcome.codes.begin(), outcome.codes.end());

  const WebhookMode mode = config_.webhook.mode;
  const bool deny = !errors.empty() && mode == WebhookMode::Enforce;
  nlohmann::json out = response_json(review, !deny);
  if (errors.empty())
    outcome.decision = Decision::Allowed;
  else if (mode == WebhookMode::Enforce)
    outcome.decision = Decision::Denied;
  else if (mode == WebhookMode::Warn)
    outcome.decision = Decision::Warned;
  else
    outcome.decision = Decision::Audited;

  if (deny) {
    const std::string object = errors.front()->object.display();
    std::string message = fmt::format("titanlint: {} has {} error finding{}:", object,
                                      errors.size(), errors.size() == 1 ? "" : "s");
    constexpr std::size_t kMaxMessage = 8192;
    for (std::size_t i = 0; i < errors.size(); ++i) {
      std::string line = "\n" + describe(*errors[i]);
      if (message.size() + line.size() > kMaxMessage) {
        message += fmt::format("\n... and {} more", errors.size() - i);
        break;
      }
      message += line;
    }
    out["response"]["status"] = {{"code", 403}, {"reason", "Forbidden"}, {"message", message}};
  }
  if (mode != WebhookMode::Audit) {
    std::vector<const Finding*> as_warnings;
    if (mode == WebhookMode::Warn) as_warnings = errors;
    as_warnings.insert(as_warnings.end(), warnings.begin(), warnings.end());
    if (!as_warnings.empty()) out["response"]["warnings"] = bounded_warnings(as_warnings);
  }
  outcome.body = out.dump();
  return outcome;
}

}  // namespace titanlint::webhook
