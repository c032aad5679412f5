// The drain on SIGTERM/SIGINT: idle connections are closed at once, in-flight requests finish,
// and the server stops when the last connection closes (its session's destructor signals it)
// or at the drain deadline, whichever comes first. Nothing polls.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>

#include "server.h"
#include "session.h"

namespace titanlint::webhook {

class Drain {
 public:
  // Registers itself as state.drain, for the sessions to signal.
  Drain(boost::asio::io_context& ioc, ServerState& state, SessionTracker& tracker);
  ~Drain();
  Drain(const Drain&) = delete;
  Drain& operator=(const Drain&) = delete;

  // After state.draining is set: closes the idle sessions and starts the deadline.
  void start();
  // From any thread: the open-session count reached zero while draining.
  void last_session_closed();
  // Whether the deadline came with connections still open (read after the io_context stopped).
  bool cut_by_deadline() const { return cut_by_deadline_; }

 private:
  // On the strand: stops the io_context, with the "stopped" line, once.
  void finish(bool all_closed);
  bool all_closed() const;

  boost::asio::io_context& ioc_;
  ServerState& state_;
  SessionTracker& tracker_;
  boost::asio::strand<boost::asio::io_context::executor_type> strand_;
  boost::asio::steady_timer deadline_;
  bool finished_ = false;
  bool cut_by_deadline_ = false;
};

}  // namespace titanlint::webhook
