// The listeners of `titanlint serve` (the TLS admission port and the optional plain metrics
// port): accepting under the connection limit, backing off when descriptors run out, and
// handing each connection to a session.
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>

#include "server.h"
#include "session.h"

namespace titanlint::webhook {

// Accepts connections; on EMFILE/ENFILE waits (doubling up to 1 s) instead of failing. Over the
// connection limit it accepts and closes at once (a reset, no TLS handshake spent on it), so a
// flood of connections costs a descriptor for a moment, not one each until a deadline.
class Listener : public std::enable_shared_from_this<Listener> {
 public:
  // Binds and listens; throws boost::system::system_error.
  Listener(boost::asio::io_context& ioc, boost::asio::ip::tcp::endpoint endpoint, bool tls,
           ServerState& state, SessionTracker& tracker);

  boost::asio::ip::tcp::endpoint local_endpoint() const { return acceptor_.local_endpoint(); }
  bool tls() const { return tls_; }

  void start() { accept(); }
  // From any thread: closes the acceptor (the drain).
  void stop();

 private:
  void accept();
  void on_accept(boost::system::error_code ec, boost::asio::ip::tcp::socket socket);

  boost::asio::io_context& ioc_;
  boost::asio::ip::tcp::acceptor acceptor_;
  boost::asio::steady_timer backoff_;
  bool tls_;
  ServerState& state_;
  SessionTracker& tracker_;
  bool stopped_ = false;
  bool at_limit_ = false;
  std::chrono::milliseconds delay_{0};
};

// A listener on a --listen address; ":port" falls back to IPv4 on a host without IPv6. Throws
// std::runtime_error naming the address.
std::shared_ptr<Listener> open_listener(boost::asio::io_context& ioc, const std::string& listen,
                                        bool tls, ServerState& state, SessionTracker& tracker);

// The "listening" line: the bound address and port, TLS or not, threads and connection limit.
void log_listening(ServerLog& log, const Listener& listener, unsigned threads,
                   std::size_t max_connections);

}  // namespace titanlint::webhook
