#include "reload_pollers.h"

#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>
#include <nlohmann/json.hpp>

namespace titanlint::webhook {

namespace net = boost::asio;

Poller::Poller(net::io_context& ioc, std::chrono::milliseconds interval, std::function<void()> poll)
    : timer_(net::make_strand(ioc)), interval_(interval), poll_(std::move(poll)) {
  net::post(timer_.get_executor(), [this] { schedule(); });
}

void Poller::cancel() {
  net::post(timer_.get_executor(), [this] {
    cancelled_ = true;
    timer_.cancel();
  });
}

void Poller::schedule() {
  if (cancelled_) return;
  timer_.expires_after(interval_);
  timer_.async_wait([this](boost::system::error_code ec) {
    if (ec || cancelled_) return;
    poll_();
    schedule();
  });
}

ReloadPollers::ReloadPollers(net::io_context& ioc, ServerState& state, HandlerProvider& handlers,
                             TlsContextProvider& tls)
    : state_(state),
      handlers_(handlers),
      tls_(tls),
      cert_(ioc, state.options.cert_poll, [this] { reload_certificate(); }),
      config_(ioc, state.options.config_poll, [this] { reload_config(); }) {}

void ReloadPollers::cancel() {
  cert_.cancel();
  config_.cancel();
}

void ReloadPollers::reload_certificate() {
  try {
    if (tls_.reload_if_changed()) {
      state_.metrics.set_cert_not_after(tls_.not_after());
      state_.metrics.set_cert_reloads(tls_.reloads());
      state_.log->event(LogLevel::info, "certificate reloaded", {{"notAfter", tls_.not_after()}});
    }
  } catch (const std::exception& e) {
    state_.metrics.cert_reload_failed();
    state_.log->event(LogLevel::error, "certificate reload failed; keeping the previous one",
                      {{"error", e.what()}});
  }
}

void ReloadPollers::reload_config() {
  std::string error;
  try {
    if (handlers_.reload_if_changed()) {
      state_.metrics.config_reloaded();
      state_.log->event(
          LogLevel::info, "config reloaded",
          {{"config", handlers_.config_path()},
           {"mode", std::string(mode_name(handlers_.current()->config().webhook.mode))}});
    }
    return;
  } catch (const ConfigError& e) {
    error = e.describe();
  } catch (const std::exception& e) {
    error = e.what();
  }
  state_.metrics.config_reload_failed();
  state_.log->event(LogLevel::error, "config reload failed; keeping the previous one",
                    {{"error", error}});
}

}  // namespace titanlint::webhook
