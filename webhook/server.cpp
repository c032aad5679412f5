#include "server.h"

#include <sys/resource.h>

#include <algorithm>
#include <csignal>
#include <thread>
#include <vector>

#include <fmt/format.h>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ip/v6_only.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>

#include "session.h"

namespace titanlint::webhook {
namespace {

namespace net = boost::asio;
using tcp = net::ip::tcp;

// Accepts connections; on EMFILE/ENFILE waits (doubling up to 1 s) instead of failing. Over the
// connection limit it accepts and closes at once (a reset, no TLS handshake spent on it), so a
// flood of connections costs a descriptor for a moment, not one each until a deadline.
class Listener : public std::enable_shared_from_this<Listener> {
 public:
  Listener(net::io_context& ioc, tcp::endpoint endpoint, bool tls, ServerState& state,
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

  tcp::endpoint local_endpoint() const { return acceptor_.local_endpoint(); }

  void start() { accept(); }

  void stop() {
    net::post(acceptor_.get_executor(), [self = shared_from_this()] {
      boost::system::error_code ec;
      self->stopped_ = true;
      self->acceptor_.close(ec);
      self->backoff_.cancel();
    });
  }

 private:
  void accept() {
    if (stopped_) return;
    acceptor_.async_accept(
        net::make_strand(ioc_),
        [self = shared_from_this()](boost::system::error_code ec, tcp::socket s) {
          self->on_accept(ec, std::move(s));
        });
  }

  void on_accept(boost::system::error_code ec, tcp::socket socket) {
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

  net::io_context& ioc_;
  tcp::acceptor acceptor_;
  net::steady_timer backoff_;
  bool tls_;
  ServerState& state_;
  SessionTracker& tracker_;
  bool stopped_ = false;
  bool at_limit_ = false;
  std::chrono::milliseconds delay_{0};
};

tcp::endpoint endpoint_of(const std::string& listen) {
  auto [host, port] = parse_listen(listen);
  if (host.empty()) return {tcp::v6(), port};
  return {net::ip::make_address(host), port};
}

std::shared_ptr<Listener> open_listener(net::io_context& ioc, const std::string& listen, bool tls,
                                        ServerState& state, SessionTracker& tracker) {
  tcp::endpoint endpoint;
  try {
    endpoint = endpoint_of(listen);
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

// Runs `poll` every `interval` on its own strand until cancelled (the drain cancels it).
class Poller {
 public:
  Poller(net::io_context& ioc, std::chrono::milliseconds interval, std::function<void()> poll)
      : timer_(net::make_strand(ioc)), interval_(interval), poll_(std::move(poll)) {
    net::post(timer_.get_executor(), [this] { schedule(); });
  }
  // From any thread.
  void cancel() {
    net::post(timer_.get_executor(), [this] {
      cancelled_ = true;
      timer_.cancel();
    });
  }

 private:
  void schedule() {
    if (cancelled_) return;
    timer_.expires_after(interval_);
    timer_.async_wait([this](boost::system::error_code ec) {
      if (ec || cancelled_) return;
      poll_();
      schedule();
    });
  }

  net::steady_timer timer_;
  std::chrono::milliseconds interval_;
  std::function<void()> poll_;
  bool cancelled_ = false;
};

}  // namespace

std::uint64_t raise_descriptor_limit() {
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) != 0) return 1024;
  if (limit.rlim_cur < limit.rlim_max) {
    rlimit raised = limit;
    raised.rlim_cur = limit.rlim_max;
    if (::setrlimit(RLIMIT_NOFILE, &raised) == 0) limit = raised;
  }
  return limit.rlim_cur == RLIM_INFINITY ? std::uint64_t{1} << 20 : limit.rlim_cur;
}

std::size_t default_max_connections(std::uint64_t descriptor_limit) {
  const std::uint64_t reserve = std::min<std::uint64_t>(64, descriptor_limit / 2);
  return static_cast<std::size_t>(std::clamp<std::uint64_t>(descriptor_limit - reserve, 1, 10'000));
}

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

int run_server(HandlerProvider& handlers, TlsContextProvider& tls, const ServerOptions& options,
               std::shared_ptr<ServerLog> log) {
  const unsigned threads =
      options.threads ? options.threads : std::max(1u, std::thread::hardware_concurrency());
  // The state and the tracker outlive the io_context and the review threads: handlers still
  // queued in either when the drain deadline stops the server hold sessions, and a session
  // destroyed with them unregisters itself from both.
  ServerState state{handlers, tls, options, log};
  const std::uint64_t descriptor_limit = raise_descriptor_limit();
  state.max_connections =
      options.max_connections ? options.max_connections : default_max_connections(descriptor_limit);
  state.metrics.set_cert_not_after(tls.not_after());
  SessionTracker tracker;
  net::io_context ioc(static_cast<int>(threads));
  net::thread_pool review_threads(threads);
  state.review_threads = &review_threads;

  std::vector<std::shared_ptr<Listener>> listeners;
  listeners.push_back(open_listener(ioc, options.listen, true, state, tracker));
  if (!options.metrics_listen.empty())
    listeners.push_back(open_listener(ioc, options.metrics_listen, false, state, tracker));
  for (auto& l : listeners) {
    auto endpoint = l->local_endpoint();
    log->event(LogLevel::info, "listening",
               {{"address",
                 fmt::format("{}:{}",
                             endpoint.address().is_v6() ? "[" + endpoint.address().to_string() + "]"
                                                        : endpoint.address().to_string(),
                             endpoint.port())},
                {"port", endpoint.port()},
                {"tls", l == listeners.front()},
                {"threads", threads},
                {"maxConnections", state.max_connections}});
    l->start();
  }

  // Certificate and config reload: poll the files' identity. A file that does not load is
  // reported once per change and the previous certificate or config keeps serving; readiness is
  // unaffected (the pod still answers correctly with what it has).
  Poller cert_poller(ioc, options.cert_poll, [&] {
    try {
      if (tls.reload_if_changed()) {
        state.metrics.set_cert_not_after(tls.not_after());
        state.metrics.set_cert_reloads(tls.reloads());
        log->event(LogLevel::info, "certificate reloaded", {{"notAfter", tls.not_after()}});
      }
    } catch (const std::exception& e) {
      state.metrics.cert_reload_failed();
      log->event(LogLevel::error, "certificate reload failed; keeping the previous one",
                 {{"error", e.what()}});
    }
  });
  Poller config_poller(ioc, options.config_poll, [&] {
    std::string error;
    try {
      if (handlers.reload_if_changed()) {
        state.metrics.config_reloaded();
        log->event(LogLevel::info, "config reloaded",
                   {{"config", handlers.config_path()},
                    {"mode", std::string(mode_name(handlers.current()->config().webhook.mode))}});
      }
      return;
    } catch (const ConfigError& e) {
      error = e.describe();
    } catch (const std::exception& e) {
      error = e.what();
    }
    state.metrics.config_reload_failed();
    log->event(LogLevel::error, "config reload failed; keeping the previous one",
               {{"error", error}});
  });

  // SIGTERM/SIGINT: not ready at once, stop accepting, close idle connections, let in-flight
  // requests finish until the drain deadline, then stop.
  net::signal_set signals(ioc, SIGINT, SIGTERM);
  net::steady_timer drain_timer(ioc);
  auto drain_deadline = std::chrono::steady_clock::now();
  bool cut_by_deadline = false;  // connections were still open when the drain deadline came
  std::function<void()> wait_drained = [&] {
    drain_timer.expires_after(std::chrono::milliseconds(20));
    drain_timer.async_wait([&](boost::system::error_code) {
      tracker.drain_all();
      const bool done = state.busy_sessions == 0 && state.active_sessions == 0;
      if (done || std::chrono::steady_clock::now() >= drain_deadline) {
        cut_by_deadline = !done;
        log->event(done ? LogLevel::info : LogLevel::warn, "stopped",
                   {{"openConnections", state.active_sessions.load()},
                    {"inFlight", state.busy_sessions.load()}});
        ioc.stop();
        return;
      }
      wait_drained();
    });
  };
  signals.async_wait([&](boost::system::error_code ec, int signal) {
    if (ec) return;
    state.ready = false;
    state.draining = true;
    log->event(LogLevel::info, "draining",
               {{"signal", signal == SIGTERM ? "SIGTERM" : "SIGINT"},
                {"inFlight", state.busy_sessions.load()},
                {"deadlineMs", options.drain_timeout.count()}});
    for (auto& l : listeners) l->stop();
    cert_poller.cancel();
    config_poller.cancel();
    drain_deadline = std::chrono::steady_clock::now() + options.drain_timeout;
    tracker.drain_all();
    wait_drained();
  });

  state.ready = true;
  std::vector<std::thread> pool;
  for (unsigned i = 1; i < threads; ++i) pool.emplace_back([&] { ioc.run(); });
  ioc.run();
  for (auto& t : pool) t.join();
  review_threads.stop();
  review_threads.join();
  return cut_by_deadline ? kExitDrainCut : 0;
}

}  // namespace titanlint::webhook
