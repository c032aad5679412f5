#include "report/spill_buffer.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <stdexcept>

namespace titanlint {
namespace {

// An unlinked temporary file: O_TMPFILE where the file system has it, else mkstemp + unlink.
int temporary_file() {
  const char* dir = std::getenv("TMPDIR");
  std::string directory = dir && *dir ? dir : "/tmp";
  int fd = ::open(directory.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
  if (fd >= 0) return fd;
  std::string path = directory + "/titanlint-report-XXXXXX";
  fd = ::mkostemp(path.data(), O_CLOEXEC);
  if (fd >= 0) ::unlink(path.c_str());
  return fd;
}

bool write_all(int fd, std::string_view data) {
  while (!data.empty()) {
    const ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    data.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

}  // namespace

SpillBuffer::SpillBuffer(std::size_t memory_limit) : memory_limit_(memory_limit) {}

SpillBuffer::~SpillBuffer() {
  if (fd_ >= 0) ::close(fd_);
}

void SpillBuffer::spill() {
  fd_ = temporary_file();
  if (fd_ >= 0 && write_all(fd_, memory_)) {
    memory_.clear();
    memory_.shrink_to_fit();
    return;
  }
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
  spill_failed_ = true;
}

SpillBuffer::Piece SpillBuffer::append(std::string_view text) {
  const Piece piece{size_, text.size()};
  size_ += text.size();
  if (fd_ < 0) {
    memory_ += text;
    if (!spill_failed_ && memory_.size() > memory_limit_) spill();
    return piece;
  }
  if (!write_all(fd_, text)) {
    // A full disk: read back what is in the file, and keep the rest in memory from here on.
    std::string all;
    read({0, piece.offset}, 0, piece.offset, all);
    ::close(fd_);
    fd_ = -1;
    spill_failed_ = true;
    memory_ = std::move(all);
    memory_ += text;
  }
  return piece;
}

void SpillBuffer::read(const Piece& piece, std::uint64_t from, std::uint64_t count,
                       std::string& out) const {
  const std::uint64_t start = piece.offset + from;
  if (fd_ < 0) {
    out.append(memory_, static_cast<std::size_t>(start), static_cast<std::size_t>(count));
    return;
  }
  const std::size_t old_size = out.size();
  out.resize(old_size + static_cast<std::size_t>(count));
  std::uint64_t done = 0;
  while (done < count) {
    const ssize_t n =
        ::pread(fd_, out.data() + old_size + done, count - done, static_cast<off_t>(start + done));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0)
      throw std::runtime_error(std::string("cannot read back the report's temporary file: ") +
                               (n < 0 ? std::strerror(errno) : "it is shorter than written"));
    done += static_cast<std::uint64_t>(n);
  }
}

}  // namespace titanlint
