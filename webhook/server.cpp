// run_server: the io_context and its threads, the review threads, the listeners, the reload
// pollers and the drain on SIGTERM/SIGINT, put together. What each part does is in its own file:
// listener.cpp, reload_pollers.cpp, drain.cpp, fd_limits.cpp, listen_address.cpp, session.cpp.
#include "server.h"

#include <algorithm>
#include <csignal>
#include <thread>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/thread_pool.hpp>
#include <nlohmann/json.hpp>

#include "drain.h"
#include "fd_limits.h"
#include "listener.h"
#include "reload_pollers.h"
#include "session.h"

namespace titanlint::webhook {

namespace net = boost::asio;

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
    log_listening(*log, *l, threads, state.max_connections);
    l->start();
  }
  ReloadPollers pollers(ioc, state, handlers, tls);

  // SIGTERM/SIGINT: not ready at once, stop accepting, close idle connections, let in-flight
  // requests finish until the drain deadline, then stop.
  net::signal_set signals(ioc, SIGINT, SIGTERM);
  Drain drain(ioc, state, tracker);
  signals.async_wait([&](boost::system::error_code ec, int signal) {
    if (ec) return;
    state.ready = false;
    state.draining = true;
    log->event(LogLevel::info, "draining",
               {{"signal", signal == SIGTERM ? "SIGTERM" : "SIGINT"},
                {"inFlight", state.busy_sessions.load()},
                {"deadlineMs", options.drain_timeout.count()}});
    for (auto& l : listeners) l->stop();
    pollers.cancel();
    drain.start();
  });

  state.ready = true;
  std::vector<std::thread> pool;
  for (unsigned i = 1; i < threads; ++i) pool.emplace_back([&] { ioc.run(); });
  ioc.run();
  for (auto& t : pool) t.join();
  review_threads.stop();
  review_threads.join();
  return drain.cut_by_deadline() ? kExitDrainCut : 0;
}

}  // namespace titanlint::webhook
