// Open-descriptor limits: raising the soft limit at start, and the connection limit derived
// from it, so that a flood of connections is refused by the listener rather than by EMFILE.
#pragma once

#include <cstddef>
#include <cstdint>

namespace titanlint::webhook {

// Raises the soft limit on open descriptors to the hard limit (as Go's runtime does): the default
// soft limit (often 1024) is meant for programs that do not expect many connections. Returns the
// soft limit now in force.
std::uint64_t raise_descriptor_limit();

// The default connection limit for a descriptor limit: all but a reserve (for listeners, the
// event loop, log and certificate/config files; min(64, half)), at most 10 000. Over-limit
// connections are then accepted and closed at once instead of failing accept with EMFILE.
std::size_t default_max_connections(std::uint64_t descriptor_limit);

}  // namespace titanlint::webhook
