// `titanlint serve`: config, certificate, logger, then the server until SIGTERM.
#include "serve_command.h"

#include <unistd.h>

#include <csignal>

#include <chrono>
#include <filesystem>
#include <iostream>

#include <fmt/format.h>

#include "builtin_rules.h"
#include "commands.h"
#include "config.h"
#include "handler_provider.h"
#include "server.h"
#include "tls_context.h"

namespace titanlint::cli {
namespace {

std::chrono::milliseconds millis(double seconds) {
  return std::chrono::milliseconds(static_cast<std::int64_t>(seconds * 1000));
}

}  // namespace

void add_serve_options(CLI::App& command, ServeArgs& args) {
  command.add_option("--listen", args.listen,
                     "HTTPS address for POST /validate (:8443, 0.0.0.0:8443, [::]:8443)");
  command.add_option("--tls-cert", args.tls_cert,
                     "Serving certificate chain (PEM); reloaded on change");
  command.add_option("--tls-key", args.tls_key, "Serving private key (PEM); reloaded on change");
  command.add_option("--client-ca", args.client_ca,
                     "Require client certificates signed by this CA (mTLS)");
  command.add_option("--config", args.config,
                     "Config file (default: .titanlint.yaml from the working directory upward); "
                     "reloaded on change");
  command.add_option(
      "--metrics-listen", args.metrics_listen,
      "Plain-HTTP address for /metrics, /healthz, /readyz (default: on the TLS port only)");
  command.add_option("--log-format", args.log_format, "One line per request as json or text")
      ->check(CLI::IsMember({"json", "text"}));
  command
      .add_option("--read-timeout", args.read_timeout,
                  "Seconds to receive a whole request (and the TLS handshake)")
      ->check(CLI::PositiveNumber);
  command
      .add_option("--write-timeout", args.write_timeout,
                  "Seconds to send a whole response (a client that stops reading is cut)")
      ->check(CLI::PositiveNumber);
  command
      .add_option("--drain-timeout", args.drain_timeout,
                  "Seconds in-flight requests get after SIGTERM (keep below the grace period)")
      ->check(CLI::NonNegativeNumber);
  command.add_option("--cert-poll", args.cert_poll, "Seconds between certificate file checks")
      ->check(CLI::PositiveNumber);
  command.add_option("--config-poll", args.config_poll, "Seconds between config file checks")
      ->check(CLI::PositiveNumber);
  command.add_option("--body-limit", args.body_limit, "Largest request body in bytes (413 above)")
      ->check(CLI::PositiveNumber);
  command
      .add_option("--header-limit", args.header_limit,
                  "Largest request line and headers in bytes (431 above)")
      ->check(CLI::Range(1024u, 1u << 20));
  command
      .add_option("--max-connections", args.max_connections,
                  "Open connections above which new ones are closed at once (default: the "
                  "descriptor limit minus a reserve, at most 10000)")
      ->check(CLI::PositiveNumber);
  command.add_option("--threads", args.threads, "Worker threads (default: one per core)");
}

int run_serve(const ServeArgs& args) {
  using namespace titanlint::webhook;
  // A log reader that goes away (a closed stderr pipe) must not kill the server: writes then fail
  // with EPIPE and the sink counts the loss. Sockets never raise SIGPIPE (Asio sends with
  // MSG_NOSIGNAL).
  ::signal(SIGPIPE, SIG_IGN);
  // One log line per request. Lines gather in memory and reach stderr in 64 KiB chunks, at least
  // every second, and at once for warnings, errors and lifecycle events (see BufferedLogSink).
  const bool json = args.log_format == "json";
  auto log = std::make_shared<ServerLog>(STDERR_FILENO, json);

  // The config file in use (explicit or found upward) is watched and reloaded on change; with
  // none, the embedded default serves until restart.
  std::unique_ptr<HandlerProvider> handlers;
  try {
    std::string config_path = args.config;
    if (config_path.empty())
      if (auto found = find_config_upward(std::filesystem::current_path()))
        config_path = found->string();
    handlers = std::make_unique<HandlerProvider>(builtin_registry(), config_path);
  } catch (const ConfigError& e) {
    std::cerr << "titanlint: config error: " << e.describe() << '\n';
    return kExitUsage;
  }
  const std::shared_ptr<const AdmissionHandler> initial = handlers->current();
  const Config& config = initial->config();

  CertificateSource source;
  if (args.tls_cert.empty() != args.tls_key.empty()) {
    std::cerr << "titanlint: --tls-cert and --tls-key go together\n";
    return kExitUsage;
  }
  if (args.tls_cert.empty()) {
    if (!isatty(STDIN_FILENO) && !isatty(STDERR_FILENO)) {
      std::cerr << "titanlint: serve needs --tls-cert and --tls-key (a self-signed certificate is "
                   "generated only in a terminal, for development)\n";
      return kExitUsage;
    }
    auto [cert, key] = make_self_signed_certificate();
    source.cert_pem = std::move(cert);
    source.key_pem = std::move(key);
    std::cerr << "titanlint: no --tls-cert/--tls-key: serving an in-memory self-signed certificate "
                 "for localhost (development only)\n";
  } else {
    source.cert_file = args.tls_cert;
    source.key_file = args.tls_key;
  }
  source.client_ca_file = args.client_ca;

  try {
    TlsContextProvider tls(source);
    ServerOptions options;
    options.listen = args.listen;
    options.metrics_listen = args.metrics_listen;
    options.json_logs = json;
    options.body_limit = args.body_limit;
    options.header_limit = args.header_limit;
    options.read_timeout = millis(args.read_timeout);
    options.write_timeout = millis(args.write_timeout);
    options.drain_timeout = millis(args.drain_timeout);
    options.cert_poll = millis(args.cert_poll);
    options.config_poll = millis(args.config_poll);
    options.max_connections = args.max_connections;
    options.threads = args.threads;
    log->event(LogLevel::info, "starting",
               {{"version", TITANLINT_VERSION},
                {"config", config.path.empty() ? "(default)" : config.path},
                {"mode", std::string(mode_name(config.webhook.mode))},
                {"allowAnnotationIgnores", config.webhook.allow_annotation_ignores},
                {"certNotAfter", tls.not_after()},
                {"mTLS", !args.client_ca.empty()}});
    const int code = run_server(*handlers, tls, options, log);
    log->flush();  // the last request lines reach stderr
    return code;
  } catch (const std::exception& e) {
    log->flush();
    std::cerr << "titanlint: serve: " << e.what() << '\n';
    return kExitUsage;
  }
}

}  // namespace titanlint::cli
