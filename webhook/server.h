// `titanlint serve`: the HTTPS server around the admission handler (Boost.Beast, OpenSSL).
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "handler_provider.h"
#include "metrics.h"
#include "server_log.h"
#include "tls_context.h"

namespace boost::asio {
class thread_pool;
}

namespace titanlint::webhook {

class Drain;

// Admission reviews with a body of at least this many bytes are checked on the review threads
// rather than on the connection's thread: a worst-case 3 MiB review takes a few hundred
// milliseconds, which would otherwise stall every connection served by that thread. Typical
// reviews (a few KiB, tens of microseconds) stay on the connection's thread: a hand-off costs
// two thread switches.
inline constexpr std::size_t kOffloadReviewBytes = 64u << 10;

struct ServerOptions {
  std::string listen = ":8443";
  std::string metrics_listen;  // optional plain-HTTP listener for /metrics, /healthz, /readyz
  bool json_logs = false;
  std::size_t body_limit = 3u << 20;
  std::uint32_t header_limit = 16u << 10;
  std::chrono::milliseconds read_timeout{10'000};   // a whole request (and the TLS handshake)
  std::chrono::milliseconds write_timeout{10'000};  // a whole response
  std::chrono::milliseconds drain_timeout{20'000};  // below the pod's grace period
  std::chrono::milliseconds cert_poll{2'000};
  std::chrono::milliseconds config_poll{2'000};
  // Open connections (both listeners) above which new ones are closed at once; 0: derived from
  // the descriptor limit (see default_max_connections in fd_limits.h).
  std::size_t max_connections = 0;
  unsigned threads = 0;  // 0: one per core
};

// Everything the sessions share. Immutable after start except the atomics and the providers'
// atomically swapped handler and TLS context.
struct ServerState {
  ServerState(const HandlerProvider& h, TlsContextProvider& t, const ServerOptions& o,
              std::shared_ptr<ServerLog> l)
      : handlers(h), tls(t), options(o), log(std::move(l)) {}
  const HandlerProvider& handlers;
  TlsContextProvider& tls;
  const ServerOptions& options;
  std::shared_ptr<ServerLog> log;
  Metrics metrics;
  std::atomic<bool> ready{false};
  std::atomic<bool> draining{false};
  std::atomic<int> active_sessions{0};
  std::atomic<int> busy_sessions{0};
  std::size_t max_connections = 0;  // resolved from options.max_connections at start
  // Where reviews of kOffloadReviewBytes or more are checked (as many threads as connection
  // threads); set by run_server, outlives every session.
  boost::asio::thread_pool* review_threads = nullptr;
  // Set by run_server: told (from any thread) when the last open session closes while draining,
  // which ends the drain before its deadline (drain.h).
  std::atomic<Drain*> drain{nullptr};
};

// run_server's exit code when the drain deadline came with connections still open: requests
// partly received or still being answered were cut (the "stopped" log line counts them).
inline constexpr int kExitDrainCut = 1;

// Serves until SIGTERM/SIGINT, then drains (drain.h). Returns the process exit code:
// kExitDrainCut (1) when the drain deadline cut connections still open, 0 when every connection
// closed before it. Polls the certificate and config files for changes (reload_pollers.h).
// Throws std::runtime_error when a listener cannot be opened.
int run_server(HandlerProvider& handlers, TlsContextProvider& tls, const ServerOptions& options,
               std::shared_ptr<ServerLog> log);

}  // namespace titanlint::webhook
