// An spdlog sink that collects formatted lines in memory and writes them to a file descriptor in
// large chunks: when 64 KiB have gathered, on flush() (spdlog's periodic flusher calls it every
// second, and the logger flushes at once for warnings and errors), and at shutdown.
//
// Why not spdlog's stderr sink: it calls fflush() after every line, one write(2) per admission
// request; and spdlog's async logger wakes its worker thread for every line. Together they were
// about a sixth of the server's CPU under load. Access logs of busy servers are buffered the same
// way (nginx `access_log ... buffer= flush=`); a crash can lose at most the last second of
// request lines, never a warning or an error.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <string>

#include <spdlog/sinks/base_sink.h>

namespace titanlint::webhook {

class BufferedLogSink final : public spdlog::sinks::base_sink<std::mutex> {
 public:
  explicit BufferedLogSink(int fd, std::size_t chunk_bytes = 64 * 1024);
  ~BufferedLogSink() override;

  // Bytes that could not be written (the descriptor was closed or broken), for diagnostics.
  std::uint64_t dropped_bytes() const { return dropped_bytes_; }

 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override;
  void flush_() override;

 private:
  void write_out();

  int fd_;
  std::size_t chunk_bytes_;
  std::string pending_;
  std::atomic<std::uint64_t> dropped_bytes_{0};
};

}  // namespace titanlint::webhook
