#include "file_watch.h"

#include <sys/stat.h>

#include <fmt/format.h>

namespace titanlint::webhook {

FileWatch::FileWatch(std::vector<std::string> paths)
    : paths_(std::move(paths)), loaded_(identity()) {}

std::string FileWatch::identity() const {
  std::string out;
  for (const std::string& path : paths_) {
    struct stat st {};
    if (path.empty() || ::stat(path.c_str(), &st) != 0) {
      out += "-;";  // absent: a change too (deleted, or mid-swap)
      continue;
    }
    out += fmt::format("{}:{}:{}:{}.{};", st.st_dev, st.st_ino, st.st_size, st.st_mtim.tv_sec,
                       st.st_mtim.tv_nsec);
  }
  return out;
}

std::optional<std::string> FileWatch::changed() const {
  std::string now = identity();
  if (now == loaded_ || now == failed_) return std::nullopt;
  return now;
}

void FileWatch::loaded(std::string identity) {
  loaded_ = std::move(identity);
  failed_.clear();
}

}  // namespace titanlint::webhook
