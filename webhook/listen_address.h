// The --listen / --metrics-listen address: "host:port", ":port" (every address, IPv6 and IPv4)
// or "[v6]:port", checked and turned into the endpoint a listener binds.
#pragma once

#include <string>
#include <utility>

#include <boost/asio/ip/tcp.hpp>

namespace titanlint::webhook {

// "host:port" / ":port" / "[v6]:port" -> (address, port); the address is empty for ":port".
// Throws std::invalid_argument.
std::pair<std::string, unsigned short> parse_listen(const std::string& text);

// The endpoint to bind: the unspecified IPv6 address for ":port" (dual-stack where the host has
// IPv6; see open_listener for the IPv4 fallback). Throws std::invalid_argument.
boost::asio::ip::tcp::endpoint listen_endpoint(const std::string& text);

}  // namespace titanlint::webhook
