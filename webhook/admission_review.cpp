#include "admission_review.h"

#include <nlohmann/json.hpp>

#include <fmt/format.h>

#include "json_loader.h"

namespace titanlint::webhook {
namespace {

constexpr std::string_view kV1 = "admission.k8s.io/v1";
constexpr std::string_view kV1beta1 = "admission.k8s.io/v1beta1";

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

nlohmann::json response_json(const Review& review, bool allowed) {
  nlohmann::json out;
  out["apiVersion"] = review.api_version;
  out["kind"] = "AdmissionReview";
  out["response"] = {{"uid", review.uid}, {"allowed", allowed}};
  return out;
}

}  // namespace

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

std::optional<std::string> review_problem(const Review& review) {
  if (review.api_version != kV1 && review.api_version != kV1beta1)
    return fmt::format("apiVersion \"{}\" is not admission.k8s.io/v1 or admission.k8s.io/v1beta1",
                       review.api_version);
  if (review.kind != "AdmissionReview")
    return fmt::format("kind \"{}\" is not AdmissionReview", review.kind);
  if (!review.has_request) return "request is missing";
  if (review.uid.empty()) return "request.uid is missing";
  return std::nullopt;
}

void copy_request_fields(const Review& review, AdmissionOutcome& outcome) {
  outcome.uid = review.uid;
  outcome.operation = review.operation;
  outcome.kind = review.request_kind;
  outcome.namespace_ = review.namespace_;
  outcome.name = review.name;
  outcome.dry_run = review.dry_run;
}

std::string response_body(const Review& review, const ReviewResponse& response) {
  nlohmann::json out = response_json(review, response.allowed);
  if (response.deny_message)
    out["response"]["status"] = {
        {"code", 403}, {"reason", "Forbidden"}, {"message", *response.deny_message}};
  if (!response.warnings.empty()) out["response"]["warnings"] = response.warnings;
  return out.dump();
}

AdmissionOutcome rejected(AdmissionOutcome outcome, std::string message) {
  outcome.http_status = 400;
  outcome.content_type = "text/plain; charset=utf-8";
  outcome.decision = Decision::Rejected;
  outcome.body = fmt::format("titanlint: bad AdmissionReview: {}\n", message);
  outcome.skip_reason = std::move(message);
  return outcome;
}

AdmissionOutcome skipped(AdmissionOutcome outcome, const Review& review, std::string reason) {
  outcome.decision = Decision::Skipped;
  outcome.skip_reason = std::move(reason);
  outcome.body = response_json(review, true).dump();
  return outcome;
}

}  // namespace titanlint::webhook
