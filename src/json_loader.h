// JSON input (`.json` files, AdmissionReview bodies) through simdjson, into the same tree as YAML.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

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

// The same tree from JSON text through the DOM front end (parse, then load_json_element on the
// value at `json_pointer`, RFC 6901, "" for the whole): what the webhook builds, for tests and
// the fuzzer that checks both front ends agree. A syntax error is TL001 at 0:0.
LoadedFile load_json_unpositioned(std::shared_ptr<const SourceFile> source,
                                  const LoadLimits& limits, std::string_view json_pointer = "");

// Go's encoding/json prints a float64 of 2^64 or more (below 1e21) as a plain integer
// (`18446744073709551616`), so an API server can send integers that simdjson's DOM rejects: it
// reads only integers that fit 64 bits. This copy of `json` appends `.0` to every such integer
// outside strings, which the DOM then reads as the double it is; nullopt when there is none.
std::optional<std::string> big_integers_as_floats(std::string_view json);

// Whether an integer token (`-?[0-9]+`) fits int64 or uint64, i.e. is read as an integer.
bool integer_fits_64_bits(std::string_view token);

}  // namespace titanlint
