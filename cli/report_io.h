// Where reports are written: files replaced atomically, and stdout written with every error
// checked, so a full disk, a closed stdout or a reader that went away is never a silent loss.
#pragma once

#include <string>
#include <string_view>

namespace titanlint::cli {

// Makes the process safe to write reports from: a write to a closed pipe returns EPIPE instead of
// killing the process (SIGPIPE), a file over RLIMIT_FSIZE returns EFBIG instead of dumping core
// (SIGXFSZ), and a standard descriptor that was closed at start (`titanlint k8s >&-`) is held by
// /dev/null opened read-only, so writes to it fail with EBADF instead of landing in whatever file
// the process opens next on that number.
void prepare_standard_streams();

// Writes all of `data` to a descriptor, retrying short writes and EINTR. Returns 0 or the errno.
int write_all(int fd, std::string_view data);

// Replaces the file at `path` with `content`: written to a new temporary file in the same
// directory (mkstemp), synced, closed and renamed over `path`, every step checked. On failure the
// temporary file is removed and whatever was at `path` is left as it was. An existing file keeps
// its permissions; a symlink is followed (its target is replaced); a path that is not a regular
// file (/dev/stdout, a FIFO, `>(...)`) is written to directly. Returns an error message naming
// the file and the operating system's reason ("cannot write out.sarif: No space left on device"),
// or empty on success.
std::string replace_file(const std::string& path, std::string_view content);

// replace_file() written in pieces: open() makes the temporary file (or opens a special file to
// write in place), write() appends, commit() syncs, closes and renames it over the path. A
// failure at any step leaves the old file as it was; the destructor of an uncommitted file
// removes the temporary. Errors are messages as replace_file() gives them.
class ReplacementFile {
 public:
  ReplacementFile() = default;
  ~ReplacementFile();
  ReplacementFile(const ReplacementFile&) = delete;
  ReplacementFile& operator=(const ReplacementFile&) = delete;

  std::string open(const std::string& path);
  // False after a failed write (error() says why); later writes are ignored.
  bool write(std::string_view data);
  std::string commit();
  const std::string& error() const { return error_; }

 private:
  std::string path_;       // as given
  std::string target_;     // the file that is replaced (a symlink's target)
  std::string temporary_;  // empty when writing in place
  int fd_ = -1;
  std::string error_;
};

}  // namespace titanlint::cli
