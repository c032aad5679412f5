#include "drain.h"

#include <boost/asio/post.hpp>
#include <nlohmann/json.hpp>

namespace titanlint::webhook {

namespace net = boost::asio;

Drain::Drain(net::io_context& ioc, ServerState& state, SessionTracker& tracker)
    : ioc_(ioc),
      state_(state),
      tracker_(tracker),
      strand_(net::make_strand(ioc)),
      deadline_(strand_) {
  state_.drain = this;
}

// Sessions still held by handlers queued when the io_context stopped are destroyed after this
// (with the io_context and the review threads, no other thread running): they find no drain.
Drain::~Drain() {
  state_.drain = nullptr;
}

void Drain::start() {
  tracker_.drain_all();
  net::post(strand_, [this] {
    if (finished_) return;
    deadline_.expires_after(state_.options.drain_timeout);
    deadline_.async_wait([this](boost::system::error_code ec) {
      if (!ec) finish(all_closed());
    });
    // No connection open, or the last one closed before the deadline was set.
    if (all_closed()) finish(true);
  });
}

void Drain::last_session_closed() {
  // Checked again on the strand, so a signal before start() has set the deadline is not lost.
  net::post(strand_, [this] {
    if (all_closed()) finish(true);
  });
}

bool Drain::all_closed() const {
  return state_.busy_sessions == 0 && state_.active_sessions == 0;
}

void Drain::finish(bool all_closed) {
  if (finished_) return;
  finished_ = true;
  cut_by_deadline_ = !all_closed;
  deadline_.cancel();
  state_.log->event(all_closed ? LogLevel::info : LogLevel::warn, "stopped",
                    {{"openConnections", state_.active_sessions.load()},
                     {"inFlight", state_.busy_sessions.load()}});
  ioc_.stop();
}

}  // namespace titanlint::webhook
