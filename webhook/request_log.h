// The one log line per admission request (uid, kind, namespace/name, operation, decision, rule
// codes, microseconds), formatted straight into a string: it runs for every request, and
// building an intermediate JSON object for it cost more than the TLS record it describes.
#pragma once

#include <cstdint>
#include <string>

#include "admission_handler.h"

namespace titanlint::webhook {

// json: `"msg":"admission","uid":"1",...,"us":42}`; text: `admission uid=1 kind=Deployment ...
// us=42`, quoted as every log line is (log_line.h).
std::string request_log_line(const AdmissionOutcome& outcome, std::int64_t micros, bool json);

}  // namespace titanlint::webhook
