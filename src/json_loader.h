// JSON input (`.json` files, AdmissionReview bodies) through simdjson, into the same tree as YAML.
#pragma once

#include <memory>
#include <string>

#include "document.h"

namespace titanlint {

// Parses one JSON value as one document. A syntax error is a TL001 diagnostic; duplicate keys
// are TL003, as for YAML.
LoadedFile load_json(std::shared_ptr<const SourceFile> source, const LoadLimits& limits);

}  // namespace titanlint
