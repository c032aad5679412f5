// An AdmissionReview on the wire: the request fields the handler reads, parsed from the body
// once with simdjson, and the HTTP answers written back (the response review, a 400, a skip).
// admission.k8s.io/v1 and v1beta1 alike: the response echoes the request's apiVersion.
#pragma once

#include <simdjson.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "admission_handler.h"

namespace titanlint::webhook {

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

// Throws BadRequest for a body that is no JSON object or whose fields have the wrong types.
Review parse_review(std::string_view body);

// Why a well-formed review is still not one the API server sends (apiVersion, kind, request,
// uid); nullopt when it is.
std::optional<std::string> review_problem(const Review& review);

// The request's uid, operation, kind, namespace, name and dryRun, for the log line.
void copy_request_fields(const Review& review, AdmissionOutcome& outcome);

// What the response review says besides the uid.
struct ReviewResponse {
  bool allowed = true;
  std::optional<std::string> deny_message;  // status 403 Forbidden with this message
  std::vector<std::string> warnings;        // omitted when empty
};

// The response AdmissionReview, as JSON text.
std::string response_body(const Review& review, const ReviewResponse& response);

// Answered 400 in plain text ("titanlint: bad AdmissionReview: ..."); `message` is also the
// log line's reason.
AdmissionOutcome rejected(AdmissionOutcome outcome, std::string message);

// Allowed without linting, for `reason` (the log line's).
AdmissionOutcome skipped(AdmissionOutcome outcome, const Review& review, std::string reason);

}  // namespace titanlint::webhook
