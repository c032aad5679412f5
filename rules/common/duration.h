// Durations as people write them in annotations and env vars: Go's time.ParseDuration syntax
// (`45s`, `1m30s`, `500ms`, `1.5h`) or a plain number of seconds (`45`, `2.5`).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace titanlint::rules {

// Seconds, or nullopt when `text` is not a non-negative duration. Surrounding spaces are ignored.
// Units: ns, us (µs), ms, s, m, h; a bare number means seconds.
std::optional<double> parse_duration_seconds(std::string_view text);

// `10s`, `2.5s`, `0.25s`: seconds for messages, without trailing zeros (millisecond precision).
std::string format_seconds(double seconds);

}  // namespace titanlint::rules
