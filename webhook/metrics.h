// Prometheus text metrics of the webhook: requests by operation/kind/decision, a latency
// histogram, findings by rule, the certificate's not-after time, build info. Thread-safe.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <tuple>

#include "admission_handler.h"

namespace titanlint::webhook {

class Metrics {
 public:
  void observe_admission(const AdmissionOutcome& outcome, double seconds);
  void observe_http(int status);
  void set_cert_not_after(std::int64_t unix_seconds) { cert_not_after_ = unix_seconds; }
  void set_cert_reloads(std::uint64_t n) { cert_reloads_ = n; }
  void cert_reload_failed() { ++cert_reload_failures_; }
  void connection_opened() { ++connections_total_; }
  void accept_error() { ++accept_errors_; }
  std::string render() const;

  static constexpr std::array<double, 12> kBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                      0.05,   0.1,   0.25,   0.5,   1.0,  2.5};

 private:
  mutable std::mutex mutex_;
  std::map<std::tuple<std::string, std::string, std::string>, std::uint64_t> requests_;
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
};

}  // namespace titanlint::webhook
