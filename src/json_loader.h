// JSON input (`.json` files, AdmissionReview bodies) through simdjson, into the same tree as YAML.
#pragma once

#include <memory>
#include <string>

#include "document.h"

namespace simdjson::dom {
class element;
}

namespace titanlint {

// Parses one JSON value as one document. A syntax error is a TL001 diagnostic; duplicate keys
// are TL003, as for YAML.
LoadedFile load_json(std::shared_ptr<const SourceFile> source, const LoadLimits& limits);

// The tree of one value of a document that simdjson's DOM front end has already parsed, without
// source positions: the webhook parses an AdmissionReview once, reads its fields, and builds
// request.object from the same DOM (whose front end picks the fastest kernel for the running CPU;
// On Demand, used above for its positions, is compiled for the build's baseline CPU only).
// Findings on such a tree carry field paths. Duplicate keys are TL003 and nesting deeper than
// limits.maxDepth is TL001, both at 0:0. `size_hint` (the body's size) sizes the arena.
LoadedFile load_json_element(std::shared_ptr<const SourceFile> source,
                             const simdjson::dom::element& value, const LoadLimits& limits,
                             std::size_t size_hint);

}  // namespace titanlint
