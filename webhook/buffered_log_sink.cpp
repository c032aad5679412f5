#include "buffered_log_sink.h"

#include <unistd.h>

#include <cerrno>

namespace titanlint::webhook {

BufferedLogSink::BufferedLogSink(int fd, std::size_t chunk_bytes)
    : fd_(fd), chunk_bytes_(chunk_bytes) {
  pending_.reserve(chunk_bytes_ * 2);
}

BufferedLogSink::~BufferedLogSink() {
  std::lock_guard lock(mutex_);
  write_out();
}

void BufferedLogSink::sink_it_(const spdlog::details::log_msg& msg) {
  spdlog::memory_buf_t formatted;
  formatter_->format(msg, formatted);
  pending_.append(formatted.data(), formatted.size());
  if (pending_.size() >= chunk_bytes_) write_out();
}

void BufferedLogSink::flush_() {
  write_out();
}

// Called with the sink's mutex held: lines from all threads leave in the order they came.
void BufferedLogSink::write_out() {
  std::size_t done = 0;
  while (done < pending_.size()) {
    const ssize_t n = ::write(fd_, pending_.data() + done, pending_.size() - done);
    if (n > 0) {
      done += static_cast<std::size_t>(n);
    } else if (n < 0 && errno == EINTR) {
      continue;
    } else {
      // A closed or broken descriptor (EPIPE, EBADF, a full disk): the server goes on serving;
      // the loss is counted rather than retried forever with the lock held.
      dropped_bytes_ += pending_.size() - done;
      break;
    }
  }
  pending_.clear();
}

}  // namespace titanlint::webhook
