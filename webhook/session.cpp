#include "session.h"

#include "drain.h"
#include "request_log.h"
#include "routing.h"

#include <chrono>
#include <optional>
#include <type_traits>
#include <vector>

#include <fmt/format.h>
#include <openssl/ssl.h>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

namespace titanlint::webhook {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;
using Clock = std::chrono::steady_clock;

// How long, and how much of, an error response's unread request may keep coming before the
// connection is closed (an API server sends at most a few MiB).
constexpr std::chrono::seconds kLinger{2};
constexpr std::size_t kLingerBytes = 64u << 20;

template <bool Tls>
class Session : public std::enable_shared_from_this<Session<Tls>> {
  using Stream = std::conditional_t<Tls, beast::ssl_stream<beast::tcp_stream>, beast::tcp_stream>;

 public:
  Session(tcp::socket&& socket, ServerState& state, SessionTracker& tracker)
      : state_(state), tracker_(tracker) {
    if constexpr (Tls) {
      context_ = state.tls.current();
      stream_.emplace(std::move(socket), *context_);
    } else {
      stream_.emplace(std::move(socket));
    }
    ++state_.active_sessions;
  }
  ~Session() {
    tracker_.remove(id_);
    if (busy_) --state_.busy_sessions;
    // The last one out ends a drain: draining is set before the drain counts the open sessions,
    // so either this sees it or the drain sees the count at zero.
    if (--state_.active_sessions == 0 && state_.draining)
      if (Drain* drain = state_.drain.load()) drain->last_session_closed();
  }

  void run() {
    std::weak_ptr<Session> weak = this->shared_from_this();
    id_ = tracker_.add([weak] {
      if (auto self = weak.lock())
        net::post(self->lowest().get_executor(), [self] { self->close_if_idle(); });
    });
    net::dispatch(lowest().get_executor(), [self = this->shared_from_this()] { self->start(); });
    // Accepted as a drain began, after it closed the idle sessions: closed the same way (after
    // start(), so that a handshake is aborted rather than failed).
    if (state_.draining)
      net::post(lowest().get_executor(),
                [self = this->shared_from_this()] { self->close_if_idle(); });
  }

 private:
  beast::tcp_stream& lowest() { return beast::get_lowest_layer(*stream_); }

  void start() {
    if constexpr (Tls) {
      lowest().expires_after(state_.options.read_timeout);
      stream_->async_handshake(net::ssl::stream_base::server,
                               [self = this->shared_from_this()](beast::error_code ec) {
                                 if (ec) return self->on_handshake_error(ec);
                                 self->read();
                               });
    } else {
      read();
    }
  }

  // Garbage, plaintext HTTP, TLS 1.1, a refused client certificate, a client gone mid-way, or
  // nothing within the read deadline: counted, not logged (any scanner would flood the log).
  void on_handshake_error(beast::error_code ec) {
    if (ec != net::error::operation_aborted)  // operation_aborted: closed by a drain
      state_.metrics.connection_dropped(ec == beast::error::timeout ? Drop::HandshakeTimeout
                                                                    : Drop::HandshakeFailed);
    close_now();
  }

  void set_busy(bool busy) {
    if (busy == busy_) return;
    busy_ = busy;
    busy ? ++state_.busy_sessions : --state_.busy_sessions;
  }

  // Idle: between requests, nothing of the next one received yet. A request partly received
  // is in flight and may finish during a drain.
  void close_if_idle() {
    if (!busy_ && !(parser_ && parser_->got_some())) close_now();
  }

  void read() {
    if (state_.draining) return close();
    parser_.emplace();
    parser_->body_limit(state_.options.body_limit);
    parser_->header_limit(state_.options.header_limit);
    buffer_.max_size(state_.options.header_limit + state_.options.body_limit + 4096);
    lowest().expires_after(state_.options.read_timeout);
    http::async_read(*stream_, buffer_, *parser_,
                     [self = this->shared_from_this()](beast::error_code ec, std::size_t) {
                       self->on_read(ec);
                     });
  }

  void on_read(beast::error_code ec) {
    // Between requests (nothing of the next one received) a close or the read deadline is the
    // normal end of a keep-alive connection; within a request it is a dropped connection.
    const bool partial = parser_->got_some();
    if (ec == http::error::end_of_stream || ec == http::error::partial_message ||
        ec == net::error::eof || ec == net::ssl::error::stream_truncated ||
        ec == net::error::connection_reset || ec == net::error::broken_pipe) {
      if (partial) state_.metrics.connection_dropped(Drop::ClientClosed);
      return close_now();
    }
    if (ec == beast::error::timeout) {
      if (partial) state_.metrics.connection_dropped(Drop::ReadTimeout);
      return close_now();
    }
    if (ec == net::error::operation_aborted) return close_now();
    set_busy(true);
    if (ec == http::error::body_limit)
      return reply_error(
          http::status::payload_too_large,
          fmt::format("request body over the limit of {} bytes\n", state_.options.body_limit));
    if (ec == http::error::header_limit)
      return reply_error(http::status::request_header_fields_too_large,
                         "request header over the limit\n");
    if (ec && ec.category() == http::make_error_code(http::error::bad_target).category())
      return reply_error(http::status::bad_request,
                         fmt::format("malformed HTTP request: {}\n", ec.message()));
    if (ec) return close_now();
    handle(parser_->release());
  }

  // An answer to a request the server stopped reading (over a limit, or not HTTP).
  void reply_error(http::status status, std::string text) {
    unread_input_ = true;
    http::response<http::string_body> res{status, 11};
    res.set(http::field::content_type, "text/plain; charset=utf-8");
    res.body() = std::move(text);
    res.keep_alive(false);
    write(std::move(res));
  }

  void handle(http::request<http::string_body> req) {
    const auto started = Clock::now();
    const RouteDecision route = route_request(
        req.method(), std::string_view(req.target().data(), req.target().size()), Tls);
    http::response<http::string_body> res{http::status::ok, req.version()};
    res.set(http::field::server, "titanlint");
    auto plain = [&](http::status status, std::string body) {
      res.result(status);
      res.set(http::field::content_type, "text/plain; charset=utf-8");
      res.body() = std::move(body);
    };
    switch (route.route) {
      case Route::Validate:
        if (req.body().size() >= kOffloadReviewBytes && state_.review_threads)
          return review_on_review_threads(std::move(req), started);
        answer_review(res, review(req.body()), started);
        break;
      case Route::Healthz:
        plain(http::status::ok, "ok\n");
        break;
      case Route::Readyz:
        if (state_.ready && !state_.draining)
          plain(http::status::ok, "ready\n");
        else
          plain(http::status::service_unavailable, state_.draining ? "draining\n" : "not ready\n");
        break;
      case Route::Metrics:
        plain(http::status::ok,
              state_.metrics.render({state_.active_sessions.load(), state_.busy_sessions.load(),
                                     state_.max_connections}));
        res.set(http::field::content_type, "text/plain; version=0.0.4; charset=utf-8");
        break;
      case Route::MethodNotAllowed:
        plain(http::status::method_not_allowed,
              fmt::format("use {} {}\n", route.allow, route.path));
        res.set(http::field::allow, beast::string_view(route.allow.data(), route.allow.size()));
        break;
      case Route::NotFound:
        plain(http::status::not_found,
              Tls ? "not found; the admission endpoint is POST /validate\n"
                  : "not found; this plain-HTTP port serves /healthz, /readyz and /metrics only\n");
        break;
    }
    finish(req, std::move(res));
  }

  // Thread-safe: with the handler current when the review arrived, even if a config reload
  // swaps in another meanwhile.
  AdmissionOutcome review(std::string_view body) const {
    const std::shared_ptr<const AdmissionHandler> handler = state_.handlers.current();
    return handler->handle(body);
  }

  void answer_review(http::response<http::string_body>& res, AdmissionOutcome outcome,
                     Clock::time_point started) {
    const double seconds = std::chrono::duration<double>(Clock::now() - started).count();
    res.result(static_cast<http::status>(outcome.http_status));
    res.set(http::field::content_type, outcome.content_type);
    res.body() = std::move(outcome.body);
    state_.metrics.observe_admission(outcome, seconds);
    log_request(outcome, seconds);
  }

  // A large review is checked on the review threads; the answer is written from this
  // connection's strand. Meanwhile the connection has no operation pending (no deadline runs:
  // the review is bounded by the body limit) and stays busy, so a drain waits for it.
  void review_on_review_threads(http::request<http::string_body> req, Clock::time_point started) {
    state_.metrics.review_offloaded();
    net::post(*state_.review_threads,
              [self = this->shared_from_this(), strand = lowest().get_executor(),
               req = std::move(req), started]() mutable {
                AdmissionOutcome outcome = self->review(req.body());
                // The session moves along, so that it is never released on a review thread.
                net::post(strand, [self = std::move(self), req = std::move(req),
                                   outcome = std::move(outcome), started]() mutable {
                  http::response<http::string_body> res{http::status::ok, req.version()};
                  res.set(http::field::server, "titanlint");
                  self->answer_review(res, std::move(outcome), started);
                  self->finish(req, std::move(res));
                });
              });
  }

  void finish(const http::request<http::string_body>& req, http::response<http::string_body> res) {
    res.keep_alive(req.keep_alive() && !state_.draining);
    if (req.method() == http::verb::head) {
      res.prepare_payload();
      res.body().clear();
    }
    write(std::move(res));
  }

  void log_request(const AdmissionOutcome& o, double seconds) {
    // Request lines are buffered (BufferedLogSink); a rejected request is a warning, which the
    // logger writes out at once.
    state_.log->line(
        o.decision == Decision::Rejected ? LogLevel::warn : LogLevel::info,
        request_log_line(o, static_cast<std::int64_t>(seconds * 1e6), state_.options.json_logs));
  }

  void write(http::response<http::string_body> res) {
    state_.metrics.observe_http(static_cast<int>(res.result_int()));
    res.prepare_payload();
    response_.emplace(std::move(res));
    lowest().expires_after(state_.options.write_timeout);
    http::async_write(
        *stream_, *response_, [self = this->shared_from_this()](beast::error_code ec, std::size_t) {
          const bool keep = self->response_->keep_alive();
          self->response_.reset();
          self->set_busy(false);
          if (ec) {
            if (ec != net::error::operation_aborted)
              self->state_.metrics.connection_dropped(
                  ec == beast::error::timeout ? Drop::WriteTimeout : Drop::ClientClosed);
            return self->close_now();
          }
          if (!keep) return self->unread_input_ ? self->discard_then_close() : self->close();
          self->read();
        });
  }

  // After an error response to a request the server stopped reading (413, 431, 400), the
  // client may still be sending it. Closing with unread input makes the kernel send a reset,
  // which can destroy the response before the client has read it (RFC 9112, section 9.6), so
  // what still comes is read and discarded, bounded in bytes and in time, before the close.
  void discard_then_close() {
    lowest().expires_after(std::min<Clock::duration>(state_.options.read_timeout, kLinger));
    discard_.resize(16u << 10);
    discard_some();
  }
  void discard_some() {
    if (discarded_ > kLingerBytes) return close_now();
    stream_->async_read_some(net::buffer(discard_), [self = this->shared_from_this()](
                                                        beast::error_code ec, std::size_t n) {
      if (ec) return self->close_now();
      self->discarded_ += n;
      self->discard_some();
    });
  }

  // Graceful. TLS: our close_notify, one way, its write bounded by --write-timeout, then the
  // socket. The peer's close_notify is not awaited (RFC 8446, section 6.1, does not require it):
  // a keep-alive client that never answers one would hold the connection, and a drain, until that
  // deadline. Plain HTTP: a FIN; with no operation pending the session is then released,
  // which closes the socket.
  void close() {
    if constexpr (Tls) {
      // OpenSSL then sends its alert and reports the shutdown complete without reading.
      ::SSL_set_shutdown(stream_->native_handle(), SSL_RECEIVED_SHUTDOWN);
      lowest().expires_after(state_.options.write_timeout);
      stream_->async_shutdown(
          [self = this->shared_from_this()](beast::error_code) { self->close_now(); });
    } else {
      beast::error_code ec;
      lowest().socket().shutdown(tcp::socket::shutdown_send, ec);
    }
  }

  void close_now() {
    beast::error_code ec;
    lowest().socket().shutdown(tcp::socket::shutdown_both, ec);
    lowest().close();
  }

  ServerState& state_;
  SessionTracker& tracker_;
  std::uint64_t id_ = 0;
  std::shared_ptr<net::ssl::context> context_;  // keeps this connection's certificate alive
  std::optional<Stream> stream_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  std::optional<http::response<http::string_body>> response_;
  bool busy_ = false;
  bool unread_input_ = false;
  std::vector<char> discard_;
  std::size_t discarded_ = 0;
};

}  // namespace

std::uint64_t SessionTracker::add(std::function<void()> close_if_idle) {
  std::lock_guard lock(mutex_);
  sessions_.emplace(++next_, std::move(close_if_idle));
  return next_;
}

void SessionTracker::remove(std::uint64_t id) {
  std::lock_guard lock(mutex_);
  sessions_.erase(id);
}

void SessionTracker::drain_all() {
  std::vector<std::function<void()>> closers;
  {
    std::lock_guard lock(mutex_);
    for (auto& [id, f] : sessions_) closers.push_back(f);
  }
  for (auto& f : closers) f();
}

void start_session(tcp::socket socket, bool tls, ServerState& state, SessionTracker& tracker) {
  if (tls)
    std::make_shared<Session<true>>(std::move(socket), state, tracker)->run();
  else
    std::make_shared<Session<false>>(std::move(socket), state, tracker)->run();
}

}  // namespace titanlint::webhook
