// `titanlint serve`: the admission webhook over HTTPS.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include <CLI/CLI.hpp>

namespace titanlint::cli {

struct ServeArgs {
  std::string listen = ":8443";
  std::string tls_cert;
  std::string tls_key;
  std::string client_ca;
  std::string config;
  std::string metrics_listen;
  std::string log_format = "text";
  double read_timeout = 10;
  double write_timeout = 10;
  double drain_timeout = 20;
  double cert_poll = 2;
  double config_poll = 2;
  std::size_t body_limit = 3u << 20;
  std::uint32_t header_limit = 16u << 10;
  std::size_t max_connections = 0;  // 0: derived from the descriptor limit
  unsigned threads = 0;
};

void add_serve_options(CLI::App& command, ServeArgs& args);
int run_serve(const ServeArgs& args);

}  // namespace titanlint::cli
