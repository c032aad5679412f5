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

// A character device, a FIFO or a socket: there is nothing to replace, only to write to.
std::string write_in_place(const std::string& path, std::string_view content) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) return cannot_write(path, errno);
  int err = write_all(fd, content);
  if (::close(fd) != 0 && err == 0) err = errno;
  return err == 0 ? std::string() : cannot_write(path, err);
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

std::string replace_file(const std::string& path, std::string_view content) {
  std::string target = path;
  mode_t mode = default_file_mode();
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0) {
    if (S_ISDIR(st.st_mode)) return cannot_write(path, EISDIR);
    if (!S_ISREG(st.st_mode)) return write_in_place(path, content);
    mode = st.st_mode & 07777;
    std::error_code ec;
    fs::path resolved = fs::canonical(path, ec);  // replace a symlink's target, not the link
    if (!ec) target = resolved.string();
  }

  const fs::path target_path(target);
  const fs::path directory =
      target_path.has_parent_path() ? target_path.parent_path() : fs::path(".");
  // Hidden, so that a directory walk (titanlint's own included) never picks it up.
  std::string temporary =
      (directory / ("." + target_path.filename().string() + ".XXXXXX")).string();
  const int fd = ::mkostemp(temporary.data(), O_CLOEXEC);
  if (fd < 0) return cannot_write(path, errno);

  int err = 0;
  if (::fchmod(fd, mode) != 0) err = errno;
  if (err == 0) err = write_all(fd, content);
  // fsync before rename: otherwise a crash after the rename can leave an empty file at `path`.
  // Some file systems (and special files) do not sync: EINVAL is not a failure to write.
  if (err == 0 && ::fsync(fd) != 0 && errno != EINVAL) err = errno;
  // close can report what the write could not yet (NFS, quotas).
  if (::close(fd) != 0 && err == 0) err = errno;
  if (err == 0 && ::rename(temporary.c_str(), target.c_str()) != 0) err = errno;
  if (err != 0) {
    ::unlink(temporary.c_str());
    return cannot_write(path, err);
  }
  return {};
}

}  // namespace titanlint::cli
