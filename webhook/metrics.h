// Prometheus text metrics of the webhook: requests by operation/kind/decision, a latency
// histogram, findings by rule, the certificate's not-after time, reloads, connections (open,
// rejected over the limit, dropped by reason), the process's descriptors and memory, build info.
// Thread-safe.
//
// Every label value comes from a closed set, so that no client can grow the series without
// bound (a series lives for the process's life and is rendered at every scrape): operations are
// the four the API server sends or `invalid`; kinds are the first kMaxKindLabels distinct ones
// that look like a Kubernetes kind, then `other` (counted); decisions, rule codes, HTTP statuses
// and drop reasons are the server's own.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <string_view>
#include <tuple>

#include "admission_handler.h"

namespace titanlint::webhook {

// Why a connection ended before a complete exchange (idle keep-alive connections closed at the
// read deadline, and clients that close between requests, are normal and not counted).
enum class Drop : std::uint8_t {
  HandshakeFailed,   // not TLS, an unacceptable version or client certificate, closed mid-way
  HandshakeTimeout,  // no complete TLS handshake within the read deadline
  ReadTimeout,       // part of a request arrived, not all of it within the read deadline
  WriteTimeout,      // the client stopped reading its response
  ClientClosed,      // the client closed with a request partly sent or its response unread
};
inline constexpr std::size_t kDropKinds = 5;

// Gauges the server owns, sampled at each scrape.
struct LiveCounts {
  int open_connections = 0;
  int in_flight = 0;
  std::size_t max_connections = 0;
};

class Metrics {
 public:
  void observe_admission(const AdmissionOutcome& outcome, double seconds);
  void observe_http(int status);
  void set_cert_not_after(std::int64_t unix_seconds) { cert_not_after_ = unix_seconds; }
  void set_cert_reloads(std::uint64_t n) { cert_reloads_ = n; }
  void cert_reload_failed() { ++cert_reload_failures_; }
  void connection_opened() { ++connections_total_; }
  void accept_error() { ++accept_errors_; }
  void connection_rejected() { ++connections_rejected_; }
  void connection_dropped(Drop why) { ++dropped_[static_cast<std::size_t>(why)]; }
  void config_reloaded() { ++config_reloads_; }
  void config_reload_failed() { ++config_reload_failures_; }
  void review_offloaded() { ++reviews_offloaded_; }
  std::string render(const LiveCounts& live) const;

  // Distinct `kind` label values kept; later kinds are counted as `other`.
  static constexpr std::size_t kMaxKindLabels = 256;
  // The longest kind kept as a label (Kubernetes kinds are CamelCase words, far shorter).
  static constexpr std::size_t kMaxKindLabelChars = 63;

  static constexpr std::array<double, 12> kBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                      0.05,   0.1,   0.25,   0.5,   1.0,  2.5};

 private:
  // The label for this request's kind (under mutex_); may remember it.
  std::string_view kind_label(const std::string& kind);

  mutable std::mutex mutex_;
  std::map<std::tuple<std::string_view, std::string_view, std::string_view>, std::uint64_t>
      requests_;
  std::set<std::string, std::less<>> kinds_;  // the kind labels kept (owns their text)
  std::uint64_t kinds_over_cap_ = 0;          // reviews whose kind was counted as `other`
  std::map<std::string, std::uint64_t> findings_;
  std::map<int, std::uint64_t> http_;
  std::array<std::uint64_t, kBuckets.size()> bucket_counts_{};
  std::uint64_t latency_count_ = 0;
  double latency_sum_ = 0;
  std::atomic<std::int64_t> cert_not_after_{0};
  std::atomic<std::uint64_t> cert_reloads_{0};
  std::atomic<std::uint64_t> cert_reload_failures_{0};
  std::atomic<std::uint64_t> connections_total_{0};
  std::atomic<std::uint64_t> accept_errors_{0};
  std::atomic<std::uint64_t> connections_rejected_{0};
  std::array<std::atomic<std::uint64_t>, kDropKinds> dropped_{};
  std::atomic<std::uint64_t> config_reloads_{0};
  std::atomic<std::uint64_t> config_reload_failures_{0};
  std::atomic<std::uint64_t> reviews_offloaded_{0};
};

}  // namespace titanlint::webhook
