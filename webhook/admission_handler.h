// The admission handler: one AdmissionReview (JSON text) in, the HTTP status and the
// AdmissionReview response out. A pure function over an immutable engine and config, so one
// handler serves every thread of the server.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "config.h"
#include "engine.h"
#include "registry.h"

namespace titanlint::webhook {

// What was decided, for the response, the log line and the metrics.
enum class Decision : std::uint8_t {
  Allowed,   // linted, no error findings (maybe warnings)
  Denied,    // error findings in enforce mode
  Warned,    // error findings turned into warnings (mode warn)
  Audited,   // error findings, allowed because of mode audit
  Skipped,   // allowed without linting (DELETE, CONNECT, owned object, excluded namespace, ...)
  Rejected,  // the request itself was bad: HTTP 400
};
std::string_view to_string(Decision decision);

struct AdmissionOutcome {
  int http_status = 200;
  std::string content_type = "application/json";
  std::string body;
  Decision decision = Decision::Rejected;
  std::string skip_reason;  // for Skipped; the error text for Rejected
  // From the request, for the log line (empty when absent).
  std::string uid;
  std::string operation;
  std::string kind;
  std::string namespace_;
  std::string name;
  bool dry_run = false;
  // Unsuppressed error/warning findings' codes (one per finding, sorted), and the codes an
  // object annotation silenced (only when config.webhook.allow_annotation_ignores is set).
  std::vector<std::string> codes;
  std::vector<std::string> suppressed_codes;
};

class AdmissionHandler {
 public:
  AdmissionHandler(const Registry& registry, Config config);

  AdmissionOutcome handle(std::string_view body) const;

  const Config& config() const { return config_; }

 private:
  Config config_;
  std::unique_ptr<Engine> engine_;
};

// Limits of the response's warnings (Kubernetes truncates longer ones).
inline constexpr std::size_t kWarningPreferredChars = 120;
inline constexpr std::size_t kWarningMaxChars = 256;
inline constexpr std::size_t kWarningsTotalBytes = 4096;

}  // namespace titanlint::webhook
