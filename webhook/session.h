// One HTTP(S) connection: TLS handshake, keep-alive request loop, deadlines, and the answers to
// the routes routing.h decides.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>

#include <boost/asio/ip/tcp.hpp>

#include "server.h"

namespace titanlint::webhook {

// Open sessions, so that a drain can close the idle ones.
class SessionTracker {
 public:
  std::uint64_t add(std::function<void()> close_if_idle);
  void remove(std::uint64_t id);
  void drain_all();

 private:
  std::mutex mutex_;
  std::uint64_t next_ = 0;
  std::map<std::uint64_t, std::function<void()>> sessions_;
};

// Starts a session on an accepted socket. `tls`: the admission port; otherwise the plain
// metrics/health port (no /validate).
void start_session(boost::asio::ip::tcp::socket socket, bool tls, ServerState& state,
                   SessionTracker& tracker);

}  // namespace titanlint::webhook
