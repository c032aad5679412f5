#include "listen_address.h"

#include <stdexcept>

#include <fmt/format.h>
#include <boost/asio/ip/address.hpp>

namespace titanlint::webhook {

namespace net = boost::asio;
using tcp = net::ip::tcp;

std::pair<std::string, unsigned short> parse_listen(const std::string& text) {
  std::size_t colon = text.rfind(':');
  if (colon == std::string::npos) throw std::invalid_argument("expected HOST:PORT or :PORT");
  std::string host = text.substr(0, colon);
  std::string port_text = text.substr(colon + 1);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);
  if (port_text.empty() || port_text.size() > 5 ||
      port_text.find_first_not_of("0123456789") != std::string::npos)
    throw std::invalid_argument("the port must be a number");
  unsigned long port = std::stoul(port_text);
  if (port > 65535) throw std::invalid_argument("the port must be at most 65535");
  if (!host.empty()) {
    boost::system::error_code ec;
    net::ip::make_address(host, ec);
    if (ec) throw std::invalid_argument(fmt::format("\"{}\" is not an IP address", host));
  }
  return {host, static_cast<unsigned short>(port)};
}

tcp::endpoint listen_endpoint(const std::string& text) {
  auto [host, port] = parse_listen(text);
  if (host.empty()) return {tcp::v6(), port};
  return {net::ip::make_address(host), port};
}

}  // namespace titanlint::webhook
