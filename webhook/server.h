// `titanlint serve`: the HTTPS server around the admission handler (Boost.Beast, OpenSSL).
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <memory>
#include <string>

#include <spdlog/logger.h>
#include <nlohmann/json.hpp>

#include "admission_handler.h"
#include "metrics.h"
#include "tls_context.h"

namespace titanlint::webhook {

struct ServerOptions {
  std::string listen = ":8443";
  std::string metrics_listen;  // optional plain-HTTP listener for /metrics, /healthz, /readyz
  bool json_logs = false;
  std::size_t body_limit = 3u << 20;
  std::uint32_t header_limit = 16u << 10;
  std::chrono::milliseconds read_timeout{10'000};  // a whole request (and the TLS handshake)
  std::chrono::milliseconds write_timeout{10'000};
  std::chrono::milliseconds drain_timeout{20'000};  // below the pod's grace period
  std::chrono::milliseconds cert_poll{2'000};
  unsigned threads = 0;  // 0: one per core
};

// Everything the sessions share. Immutable after start except the atomics.
struct ServerState {
  ServerState(const AdmissionHandler& h, TlsContextProvider& t, const ServerOptions& o,
              std::shared_ptr<spdlog::logger> l)
      : handler(h), tls(t), options(o), log(std::move(l)) {}
  const AdmissionHandler& handler;
  TlsContextProvider& tls;
  const ServerOptions& options;
  std::shared_ptr<spdlog::logger> log;
  Metrics metrics;
  std::atomic<bool> ready{false};
  std::atomic<bool> draining{false};
  std::atomic<int> active_sessions{0};
  std::atomic<int> busy_sessions{0};
};

// "host:port" / ":port" / "[v6]:port" -> (address, port). Throws std::invalid_argument.
std::pair<std::string, unsigned short> parse_listen(const std::string& text);

// Serves until SIGTERM/SIGINT, then drains. Returns the process exit code (0 after a clean
// drain). Throws std::runtime_error when a listener cannot be opened.
int run_server(const AdmissionHandler& handler, TlsContextProvider& tls,
               const ServerOptions& options, std::shared_ptr<spdlog::logger> log);

// One log line: a JSON object (json_logs) or `msg key=value ...`.
void log_event(spdlog::logger& log, bool json, spdlog::level::level_enum level,
               std::string_view msg, const nlohmann::json& fields);

}  // namespace titanlint::webhook
