// Fuzz target: the AdmissionReview handler, the bytes as a request body. It must answer 200 or 400
// (413 is the server's, before the handler), never crash. A 200 is a JSON AdmissionReview in the
// request's apiVersion, whose response.uid is the request's uid, and whose warnings respect
// Kubernetes' limits; a 400 is a plain-text explanation. Both enforce and warn mode run (warn
// turns every error finding into a bounded warning).
#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "admission_handler.h"
#include "builtin_rules.h"
#include "fuzz_support.h"

using namespace titanlint;
using webhook::AdmissionHandler;
using webhook::AdmissionOutcome;
using webhook::Decision;

namespace {

const AdmissionHandler& handler(WebhookMode mode) {
  auto make = [](WebhookMode m) {
    Config config;
    config.webhook.mode = m;
    config.webhook.allow_annotation_ignores = m == WebhookMode::Warn;
    return AdmissionHandler(builtin_registry(), std::move(config));
  };
  static const AdmissionHandler enforce = make(WebhookMode::Enforce);
  static const AdmissionHandler warn = make(WebhookMode::Warn);
  return mode == WebhookMode::Warn ? warn : enforce;
}

// The request's uid as a JSON parser other than the handler's reads it; empty when unreadable.
std::string request_uid(std::string_view body) {
  auto json = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded() || !json.is_object()) return {};
  auto request = json.find("request");
  if (request == json.end() || !request->is_object()) return {};
  auto uid = request->find("uid");
  return uid != request->end() && uid->is_string() ? uid->get<std::string>() : std::string{};
}

void check(const AdmissionOutcome& outcome, std::string_view body) {
  TITANLINT_FUZZ_CHECK(outcome.http_status == 200 || outcome.http_status == 400, "HTTP {}",
                       outcome.http_status);
  if (outcome.http_status == 400) {
    TITANLINT_FUZZ_CHECK(outcome.decision == Decision::Rejected, "400 but {}",
                         to_string(outcome.decision));
    TITANLINT_FUZZ_CHECK(outcome.body.starts_with("titanlint: bad AdmissionReview: "), "400: {}",
                         outcome.body);
    return;
  }
  TITANLINT_FUZZ_CHECK(outcome.decision != Decision::Rejected, "200 but rejected");
  TITANLINT_FUZZ_CHECK(outcome.content_type == "application/json", "200 as {}",
                       outcome.content_type);
  auto response = nlohmann::json::parse(outcome.body, nullptr, /*allow_exceptions=*/false);
  TITANLINT_FUZZ_CHECK(!response.is_discarded(), "200 with a body that is not JSON: {}",
                       outcome.body);
  const std::string api_version = response.value("apiVersion", "");
  TITANLINT_FUZZ_CHECK(
      api_version == "admission.k8s.io/v1" || api_version == "admission.k8s.io/v1beta1",
      "response apiVersion {}", api_version);
  TITANLINT_FUZZ_CHECK(response.value("kind", "") == "AdmissionReview", "response kind");
  const auto& r = response.at("response");
  TITANLINT_FUZZ_CHECK(
      r.at("uid").is_string() && r.at("uid") == outcome.uid && !outcome.uid.empty(),
      "response uid {} for request uid {}", r.at("uid").dump(), outcome.uid);
  const std::string parsed_uid = request_uid(body);
  if (!parsed_uid.empty())
    TITANLINT_FUZZ_CHECK(parsed_uid == outcome.uid, "request uid {} answered as {}", parsed_uid,
                         outcome.uid);
  TITANLINT_FUZZ_CHECK(r.at("allowed").is_boolean(), "allowed is not a boolean");
  const bool allowed = r.at("allowed").get<bool>();
  TITANLINT_FUZZ_CHECK(allowed == (outcome.decision != Decision::Denied), "allowed {} but {}",
                       allowed, to_string(outcome.decision));
  if (!allowed) {
    TITANLINT_FUZZ_CHECK(r.at("status").at("code") == 403, "a denial without status 403");
    TITANLINT_FUZZ_CHECK(!r.at("status").at("message").get<std::string>().empty(),
                         "a denial without a message");
  }
  if (r.contains("warnings")) {
    std::size_t total = 0;
    for (const auto& w : r.at("warnings")) {
      const std::size_t bytes = w.get<std::string>().size();
      TITANLINT_FUZZ_CHECK(bytes <= webhook::kWarningMaxChars, "a warning of {} bytes", bytes);
      total += bytes;
    }
    TITANLINT_FUZZ_CHECK(total < webhook::kWarningsTotalBytes, "warnings of {} bytes in all",
                         total);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  check(handler(WebhookMode::Enforce).handle(body), body);
  check(handler(WebhookMode::Warn).handle(body), body);
  return 0;
}
