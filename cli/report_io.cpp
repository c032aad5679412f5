#include "report_io.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <filesystem>

#include <fmt/format.h>

namespace titanlint::cli {
namespace {

namespace fs = std::filesystem;

std::string cannot_write(const std::string& path, int err) {
  return fmt::format("cannot write {}: {}", path, std::strerror(err));
}

mode_t default_file_mode() {
  const mode_t mask = ::umask(0);  // the only way to read it; single-threaded here
  ::umask(mask);
  return 0666 & ~mask;
}

}  // namespace

void prepare_standard_streams() {
  std::signal(SIGPIPE, SIG_IGN);
  std::signal(SIGXFSZ, SIG_IGN);
  for (int fd = 0; fd <= 2; ++fd) {
    if (::fcntl(fd, F_GETFD) != -1 || errno != EBADF) continue;
    const int held = ::open("/dev/null", O_RDONLY);  // takes the lowest free number: `fd`
    if (held >= 0 && held != fd) ::close(held);
  }
}

int write_all(int fd, std::string_view data) {
  while (!data.empty()) {
    const ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return errno;
    data.remove_prefix(static_cast<std::size_t>(n));
  }
  return 0;
}

ReplacementFile::~ReplacementFile() {
  if (fd_ >= 0) ::close(fd_);
  if (!temporary_.empty()) ::unlink(temporary_.c_str());
}

std::string ReplacementFile::open(const std::string& path) {
  path_ = target_ = path;
  mode_t mode = default_file_mode();
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0) {
    if (S_ISDIR(st.st_mode)) return error_ = cannot_write(path, EISDIR);
    if (!S_ISREG(st.st_mode)) {
      // A character device, a FIFO or a socket: there is nothing to replace, only to write to.
      fd_ = ::open(path.c_str(), O_WRONLY | O_CLOEXEC | O_NOCTTY);
      if (fd_ < 0) return error_ = cannot_write(path, errno);
      return {};
    }
    mode = st.st_mode & 07777;
    std::error_code ec;
    fs::path resolved = fs::canonical(path, ec);  // replace a symlink's target, not the link
    if (!ec) target_ = resolved.string();
  }
  const fs::path target_path(target_);
  const fs::path directory =
      target_path.has_parent_path() ? target_path.parent_path() : fs::path(".");
  // Hidden, so that a directory walk (titanlint's own included) never picks it up.
  std::string temporary =
      (directory / ("." + target_path.filename().string() + ".XXXXXX")).string();
  fd_ = ::mkostemp(temporary.data(), O_CLOEXEC);
  if (fd_ < 0) return error_ = cannot_write(path, errno);
  temporary_ = std::move(temporary);
  if (::fchmod(fd_, mode) != 0) return error_ = cannot_write(path, errno);
  return {};
}

bool ReplacementFile::write(std::string_view data) {
  if (!error_.empty() || fd_ < 0) return false;
  if (const int err = write_all(fd_, data); err != 0) {
    error_ = cannot_write(path_, err);
    return false;
  }
  return true;
}

std::string ReplacementFile::commit() {
  if (!error_.empty()) return error_;
  if (fd_ < 0) return error_ = cannot_write(path_, EBADF);
  int err = 0;
  // fsync before rename: otherwise a crash after the rename can leave an empty file at `path`.
  // Some file systems (and special files) do not sync: EINVAL is not a failure to write.
  if (!temporary_.empty() && ::fsync(fd_) != 0 && errno != EINVAL) err = errno;
  // close can report what the write could not yet (NFS, quotas).
  if (::close(fd_) != 0 && err == 0) err = errno;
  fd_ = -1;
  if (err == 0 && !temporary_.empty() && ::rename(temporary_.c_str(), target_.c_str()) != 0)
    err = errno;
  if (err != 0) return error_ = cannot_write(path_, err);
  temporary_.clear();  // renamed: nothing to remove
  return {};
}

std::string replace_file(const std::string& path, std::string_view content) {
  ReplacementFile file;
  if (std::string error = file.open(path); !error.empty()) return error;
  file.write(content);
  return file.commit();
}

}  // namespace titanlint::cli
