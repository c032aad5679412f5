// Tells when files changed on disk, for the certificate and config reloaders. A file's identity
// is its device, inode, size and mtime, through symlinks (a mounted Secret or ConfigMap is
// updated by swapping a symlink, which changes the inode). The watch remembers both the state
// that was last loaded and the last one that failed to load, so a file that stays invalid is
// tried, and reported, once per change rather than at every poll.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace titanlint::webhook {

class FileWatch {
 public:
  // Takes the files' current identity as the loaded one.
  explicit FileWatch(std::vector<std::string> paths);

  // The files' identity now, when it differs from both the loaded and the failed one.
  std::optional<std::string> changed() const;
  // Record the outcome of loading the files in the state `changed()` returned.
  void loaded(std::string identity);
  void failed(std::string identity) { failed_ = std::move(identity); }

 private:
  std::string identity() const;

  std::vector<std::string> paths_;
  std::string loaded_;
  std::string failed_;
};

}  // namespace titanlint::webhook
