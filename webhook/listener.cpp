#include "listener.h"

#include <algorithm>

#include <fmt/format.h>
#include <boost/asio/ip/v6_only.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>
#include <nlohmann/json.hpp>

#include "listen_address.h"

namespace titanlint::webhook {

namespace net = boost::asio;
using tcp = net::ip::tcp;

Listener::Listener(net::io_context& ioc, tcp::endpoint endpoint, bool tls, ServerState& state,
                   SessionTracker& tracker)
    : ioc_(ioc),
      acceptor_(net::make_strand(ioc)),
      backoff_(acceptor_.get_executor()),
      tls_(tls),
      state_(state),
      tracker_(tracker) {
  acceptor_.open(endpoint.protocol());
  acceptor_.set_option(net::socket_base::reuse_address(true));
  if (endpoint.address().is_v6() && endpoint.address().is_unspecified()) {
    boost::system::error_code ignored;
    acceptor_.set_option(net::ip::v6_only(false), ignored);
  }
  acceptor_.bind(endpoint);
  acceptor_.listen(net::socket_base::max_listen_connections);
}

void Listener::stop() {
  net::post(acceptor_.get_executor(), [self = shared_from_this()] {
    boost::system::error_code ec;
    self->stopped_ = true;
    self->acceptor_.close(ec);
    self->backoff_.cancel();
  });
}

void Listener::accept() {
  if (stopped_) return;
  acceptor_.async_accept(net::make_strand(ioc_),
                         [self = shared_from_this()](boost::system::error_code ec, tcp::socket s) {
                           self->on_accept(ec, std::move(s));
                         });
}

void Listener::on_accept(boost::system::error_code ec, tcp::socket socket) {
  if (stopped_) return;
  if (ec) {
    state_.metrics.accept_error();
    if (ec == net::error::no_descriptors || ec == net::error::no_buffer_space ||
        ec == net::error::no_memory || ec.value() == ENFILE) {
      delay_ = std::min(std::max(delay_ * 2, std::chrono::milliseconds(50)),
                        std::chrono::milliseconds(1000));
      state_.log->event(LogLevel::warn, "accept failed",
                        {{"error", ec.message()}, {"retryMs", delay_.count()}});
      backoff_.expires_after(delay_);
      backoff_.async_wait(
          [self = shared_from_this()](boost::system::error_code) { self->accept(); });
      return;
    }
    return accept();
  }
  delay_ = std::chrono::milliseconds(0);
  const auto open = static_cast<std::size_t>(state_.active_sessions.load());
  if (open >= state_.max_connections) {
    state_.metrics.connection_rejected();
    if (!at_limit_)  // once per episode, not once per connection
      state_.log->event(LogLevel::warn, "connection limit reached; closing new connections",
                        {{"maxConnections", state_.max_connections}});
    at_limit_ = true;
    boost::system::error_code ignored;
    socket.set_option(net::socket_base::linger(true, 0), ignored);
    socket.close(ignored);
    return accept();
  }
  // Cleared 10% below the limit: a load hovering at the limit logs one line, not one per
  // connection.
  if (at_limit_ && open < state_.max_connections - state_.max_connections / 10) {
    at_limit_ = false;
    state_.log->event(LogLevel::info, "accepting connections again",
                      {{"maxConnections", state_.max_connections}});
  }
  state_.metrics.connection_opened();
  boost::system::error_code ignored;
  socket.set_option(tcp::no_delay(true), ignored);
  start_session(std::move(socket), tls_, state_, tracker_);
  accept();
}

std::shared_ptr<Listener> open_listener(net::io_context& ioc, const std::string& listen, bool tls,
                                        ServerState& state, SessionTracker& tracker) {
  tcp::endpoint endpoint;
  try {
    endpoint = listen_endpoint(listen);
  } catch (const std::exception& e) {
    throw std::runtime_error(fmt::format("--listen {}: {}", listen, e.what()));
  }
  try {
    return std::make_shared<Listener>(ioc, endpoint, tls, state, tracker);
  } catch (const boost::system::system_error& e) {
    // ":8443" on a host without IPv6: fall back to IPv4.
    if (endpoint.address().is_v6() && endpoint.address().is_unspecified() &&
        parse_listen(listen).first.empty())
      return std::make_shared<Listener>(ioc, tcp::endpoint(tcp::v4(), endpoint.port()), tls, state,
                                        tracker);
    throw std::runtime_error(fmt::format("cannot listen on {}: {}", listen, e.code().message()));
  }
}

void log_listening(ServerLog& log, const Listener& listener, unsigned threads,
                   std::size_t max_connections) {
  const tcp::endpoint endpoint = listener.local_endpoint();
  const std::string address = endpoint.address().to_string();
  log.event(
      LogLevel::info, "listening",
      {{"address", fmt::format("{}:{}", endpoint.address().is_v6() ? "[" + address + "]" : address,
                               endpoint.port())},
       {"port", endpoint.port()},
       {"tls", listener.tls()},
       {"threads", threads},
       {"maxConnections", max_connections}});
}

}  // namespace titanlint::webhook
