#include "metrics.h"

#include <sys/resource.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include <fmt/format.h>

namespace titanlint::webhook {
namespace {

// Label values are escaped as the exposition format requires.
std::string label(std::string_view value) {
  std::string out;
  for (char c : value) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

// The operations an AdmissionReview can carry; anything else is a bad review.
std::string_view operation_label(std::string_view operation) {
  for (std::string_view known : {"CREATE", "UPDATE", "DELETE", "CONNECT"})
    if (operation == known) return known;
  return operation.empty() ? std::string_view("") : std::string_view("invalid");
}

// A kind as the API server names them: a letter, then letters and digits.
bool looks_like_kind(std::string_view kind) {
  if (kind.empty() || kind.size() > Metrics::kMaxKindLabelChars) return false;
  auto letter = [](char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); };
  if (!letter(kind.front())) return false;
  for (char c : kind)
    if (!letter(c) && !(c >= '0' && c <= '9')) return false;
  return true;
}

constexpr std::array<const char*, kDropKinds> kDropReasons = {
    "handshake_failed", "handshake_timeout", "read_timeout", "write_timeout", "client_closed"};

// Open descriptors of this process (the directory's own descriptor not counted).
std::size_t open_fds() {
  std::error_code ec;
  std::size_t n = 0;
  for (std::filesystem::directory_iterator it("/proc/self/fd", ec), end; !ec && it != end;
       it.increment(ec))
    ++n;
  return n > 0 ? n - 1 : 0;
}

std::uint64_t resident_bytes() {
  std::ifstream statm("/proc/self/statm");
  std::uint64_t size = 0, resident = 0;
  statm >> size >> resident;
  return resident * static_cast<std::uint64_t>(::sysconf(_SC_PAGESIZE));
}

}  // namespace

std::string_view Metrics::kind_label(const std::string& kind) {
  if (kind.empty()) return "";
  if (!looks_like_kind(kind)) return "invalid";
  if (auto it = kinds_.find(kind); it != kinds_.end()) return *it;
  if (kinds_.size() < kMaxKindLabels) return *kinds_.insert(kind).first;
  ++kinds_over_cap_;
  return "other";
}

void Metrics::observe_admission(const AdmissionOutcome& outcome, double seconds) {
  std::lock_guard lock(mutex_);
  ++requests_[{operation_label(outcome.operation), kind_label(outcome.kind),
               to_string(outcome.decision)}];
  for (const std::string& code : outcome.codes) ++findings_[code];
  for (std::size_t i = 0; i < kBuckets.size(); ++i)
    if (seconds <= kBuckets[i]) ++bucket_counts_[i];
  ++latency_count_;
  latency_sum_ += seconds;
}

void Metrics::observe_http(int status) {
  std::lock_guard lock(mutex_);
  ++http_[status];
}

std::string Metrics::render(const LiveCounts& live) const {
  std::string out;
  std::lock_guard lock(mutex_);
  out += "# HELP titanlint_admission_requests_total Admission reviews answered.\n";
  out += "# TYPE titanlint_admission_requests_total counter\n";
  for (const auto& [key, n] : requests_) {
    const auto& [operation, kind, decision] = key;
    out += fmt::format(
        "titanlint_admission_requests_total{{operation=\"{}\",kind=\"{}\",decision=\"{}\"}} {}\n",
        label(operation), label(kind), decision, n);
  }
  out +=
      "# HELP titanlint_admission_kinds_over_cap_total Reviews counted under kind=\"other\" "
      "because " +
      std::to_string(kMaxKindLabels) + " distinct kinds were already labelled.\n";
  out += "# TYPE titanlint_admission_kinds_over_cap_total counter\n";
  out += fmt::format("titanlint_admission_kinds_over_cap_total {}\n", kinds_over_cap_);
  out += "# HELP titanlint_admission_duration_seconds Time to answer an admission review.\n";
  out += "# TYPE titanlint_admission_duration_seconds histogram\n";
  for (std::size_t i = 0; i < kBuckets.size(); ++i)
    out += fmt::format("titanlint_admission_duration_seconds_bucket{{le=\"{}\"}} {}\n", kBuckets[i],
                       bucket_counts_[i]);
  out += fmt::format("titanlint_admission_duration_seconds_bucket{{le=\"+Inf\"}} {}\n",
                     latency_count_);
  out += fmt::format("titanlint_admission_duration_seconds_sum {}\n", latency_sum_);
  out += fmt::format("titanlint_admission_duration_seconds_count {}\n", latency_count_);
  out +=
      "# HELP titanlint_findings_total Unsuppressed findings reported by the webhook, by rule.\n";
  out += "# TYPE titanlint_findings_total counter\n";
  for (const auto& [code, n] : findings_)
    out += fmt::format("titanlint_findings_total{{rule=\"{}\"}} {}\n", label(code), n);
  out += "# HELP titanlint_http_responses_total HTTP responses by status code.\n";
  out += "# TYPE titanlint_http_responses_total counter\n";
  for (const auto& [status, n] : http_)
    out += fmt::format("titanlint_http_responses_total{{code=\"{}\"}} {}\n", status, n);
  out += "# HELP titanlint_certificate_not_after_seconds Serving certificate expiry (Unix time).\n";
  out += "# TYPE titanlint_certificate_not_after_seconds gauge\n";
  out += fmt::format("titanlint_certificate_not_after_seconds {}\n", cert_not_after_.load());
  out += "# HELP titanlint_certificate_reloads_total Certificate reloads after a change on disk.\n";
  out += "# TYPE titanlint_certificate_reloads_total counter\n";
  out += fmt::format("titanlint_certificate_reloads_total {}\n", cert_reloads_.load());
  out +=
      "# HELP titanlint_certificate_reload_failures_total Certificate files that changed on disk "
      "but "
      "did not load (the previous certificate stays).\n";
  out += "# TYPE titanlint_certificate_reload_failures_total counter\n";
  out +=
      fmt::format("titanlint_certificate_reload_failures_total {}\n", cert_reload_failures_.load());
  out += "# HELP titanlint_connections_total Connections accepted.\n";
  out += "# TYPE titanlint_connections_total counter\n";
  out += fmt::format("titanlint_connections_total {}\n", connections_total_.load());
  out += "# HELP titanlint_accept_errors_total Accept failures (e.g. out of file descriptors).\n";
  out += "# TYPE titanlint_accept_errors_total counter\n";
  out += fmt::format("titanlint_accept_errors_total {}\n", accept_errors_.load());
  out += "# HELP titanlint_connections_open Connections open now (both listeners).\n";
  out += "# TYPE titanlint_connections_open gauge\n";
  out += fmt::format("titanlint_connections_open {}\n", live.open_connections);
  out += "# HELP titanlint_connections_max Open connections above which new ones are closed.\n";
  out += "# TYPE titanlint_connections_max gauge\n";
  out += fmt::format("titanlint_connections_max {}\n", live.max_connections);
  out +=
      "# HELP titanlint_connections_rejected_total Connections closed at once because "
      "titanlint_connections_max were open.\n";
  out += "# TYPE titanlint_connections_rejected_total counter\n";
  out += fmt::format("titanlint_connections_rejected_total {}\n", connections_rejected_.load());
  out +=
      "# HELP titanlint_connections_dropped_total Connections that ended before a complete "
      "exchange, by reason.\n";
  out += "# TYPE titanlint_connections_dropped_total counter\n";
  for (std::size_t i = 0; i < kDropKinds; ++i)
    out += fmt::format("titanlint_connections_dropped_total{{reason=\"{}\"}} {}\n", kDropReasons[i],
                       dropped_[i].load());
  out += "# HELP titanlint_requests_in_flight Requests received and not yet fully answered.\n";
  out += "# TYPE titanlint_requests_in_flight gauge\n";
  out += fmt::format("titanlint_requests_in_flight {}\n", live.in_flight);
  out +=
      "# HELP titanlint_admission_offloaded_total Admission reviews large enough to be checked on "
      "the review threads instead of a connection thread.\n";
  out += "# TYPE titanlint_admission_offloaded_total counter\n";
  out += fmt::format("titanlint_admission_offloaded_total {}\n", reviews_offloaded_.load());
  out += "# HELP titanlint_config_reloads_total Config reloads after a change on disk.\n";
  out += "# TYPE titanlint_config_reloads_total counter\n";
  out += fmt::format("titanlint_config_reloads_total {}\n", config_reloads_.load());
  out +=
      "# HELP titanlint_config_reload_failures_total Config files that changed on disk but did "
      "not load (the previous config stays).\n";
  out += "# TYPE titanlint_config_reload_failures_total counter\n";
  out += fmt::format("titanlint_config_reload_failures_total {}\n", config_reload_failures_.load());
  rlimit nofile{};
  ::getrlimit(RLIMIT_NOFILE, &nofile);
  out += "# HELP process_open_fds Open file descriptors.\n";
  out += "# TYPE process_open_fds gauge\n";
  out += fmt::format("process_open_fds {}\n", open_fds());
  out += "# HELP process_max_fds Maximum number of open file descriptors (soft limit).\n";
  out += "# TYPE process_max_fds gauge\n";
  out += fmt::format("process_max_fds {}\n", static_cast<std::uint64_t>(nofile.rlim_cur));
  out += "# HELP process_resident_memory_bytes Resident memory size in bytes.\n";
  out += "# TYPE process_resident_memory_bytes gauge\n";
  out += fmt::format("process_resident_memory_bytes {}\n", resident_bytes());
  out += "# HELP titanlint_build_info Build information.\n";
  out += "# TYPE titanlint_build_info gauge\n";
  out += fmt::format("titanlint_build_info{{version=\"{}\"}} 1\n", TITANLINT_VERSION);
  return out;
}

}  // namespace titanlint::webhook
