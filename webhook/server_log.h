// The server's log: one logger writing to a file descriptor through BufferedLogSink, behind a
// small interface so that only server_log.cpp and buffered_log_sink.cpp include spdlog. spdlog is
// used header-only (see webhook/CMakeLists.txt), so every file that includes it compiles its
// implementation again: about 13 s of CPU per file and build preset.
#pragma once

#include <memory>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

namespace spdlog {
class logger;
}

namespace titanlint::webhook {

enum class LogLevel { info, warn, error };

class ServerLog {
 public:
  // Lines are JSON objects (`json`) or `time level text`, in UTC. They gather in memory and reach
  // `fd` in 64 KiB chunks, at least every second, and at once from warnings up.
  ServerLog(int fd, bool json);
  // Flushes and stops the periodic flusher.
  ~ServerLog();
  ServerLog(const ServerLog&) = delete;
  ServerLog& operator=(const ServerLog&) = delete;

  // One request line, already formatted (request_log_line); buffered unless `level` is warn or up.
  void line(LogLevel level, std::string_view text);
  // One lifecycle event, `msg key=value ...` or a JSON object with "msg" and the fields
  // (event_line, quoted as request lines are: log_line.h); written out at once (events are rare and
  // wanted without delay).
  void event(LogLevel level, std::string_view msg, const nlohmann::json& fields);
  void flush();

 private:
  std::shared_ptr<spdlog::logger> logger_;
  bool json_;
};

}  // namespace titanlint::webhook
