// Certificate and config hot reload: each file's identity (file_watch.h) is polled on a timer,
// the drain cancels the polls. A file that does not load is
// reported once per change and the previous certificate or config keeps serving; readiness is
// unaffected (the pod still answers correctly with what it has).
#pragma once

#include <chrono>
#include <functional>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include "server.h"

namespace titanlint::webhook {

// Runs `poll` every `interval` on its own strand until cancelled (the drain cancels it).
class Poller {
 public:
  Poller(boost::asio::io_context& ioc, std::chrono::milliseconds interval,
         std::function<void()> poll);
  // From any thread.
  void cancel();

 private:
  void schedule();

  boost::asio::steady_timer timer_;
  std::chrono::milliseconds interval_;
  std::function<void()> poll_;
  bool cancelled_ = false;
};

// The certificate poller (--cert-poll) and the config poller (--config-poll), with their metrics
// and log lines.
class ReloadPollers {
 public:
  ReloadPollers(boost::asio::io_context& ioc, ServerState& state, HandlerProvider& handlers,
                TlsContextProvider& tls);
  // From any thread: no reload after the drain has begun.
  void cancel();

 private:
  void reload_certificate();
  void reload_config();

  ServerState& state_;
  HandlerProvider& handlers_;
  TlsContextProvider& tls_;
  Poller cert_;
  Poller config_;
};

}  // namespace titanlint::webhook
