// JSON input (`.json` files, AdmissionReview bodies) through simdjson, into the same tree as YAML.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "document.h"

namespace titanlint {

// Parses one JSON value as one document. A syntax error is a TL001 diagnostic; duplicate keys
// are TL003, as for YAML.
LoadedFile load_json(std::shared_ptr<const SourceFile> source, const LoadLimits& limits);

// The same tree without source positions, through simdjson's DOM front end, which picks the
// fastest kernel for the running CPU (On Demand, used above for its positions, is compiled for
// the build's baseline CPU only). For bodies no one sees as text: AdmissionReview objects, whose
// findings carry field paths. Errors and duplicate keys are reported as by load_json, at 0:0.
// `json_pointer` (RFC 6901, e.g. "/request/object") selects the value to build; "" is the whole.
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
