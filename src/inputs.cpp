#include "inputs.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <deque>
#include <iterator>
#include <set>
#include <tuple>

#include <fmt/format.h>

#include "json_loader.h"
#include "yaml_loader.h"

namespace titanlint {
namespace fs = std::filesystem;
namespace {

bool is_manifest_name(const fs::path& p) {
  const std::string ext = p.extension().string();
  return ext == ".yaml" || ext == ".yml" || ext == ".json";
}

bool is_hidden(const fs::path& p) {
  const std::string name = p.filename().string();
  return name.size() > 1 && name[0] == '.' && name != "..";
}

std::string display(const fs::path& p) {
  std::string s = p.lexically_normal().generic_string();
  if (s.starts_with("./")) s.erase(0, 2);
  return s;
}

bool excluded(const std::string& path, const std::vector<std::string>& exclude) {
  return std::any_of(exclude.begin(), exclude.end(),
                     [&](const std::string& g) { return glob_matches(g, path); });
}

bool glob_here(std::string_view p, std::string_view s) {
  while (!p.empty()) {
    if (p.starts_with("**")) {
      p.remove_prefix(2);
      if (p.starts_with("/")) p.remove_prefix(1);
      for (std::size_t i = 0; i <= s.size(); ++i)
        if (glob_here(p, s.substr(i))) return true;
      return false;
    }
    if (p.front() == '*') {
      p.remove_prefix(1);
      for (std::size_t i = 0; i <= s.size(); ++i) {
        if (glob_here(p, s.substr(i))) return true;
        if (i < s.size() && s[i] == '/') break;
      }
      return false;
    }
    if (s.empty()) return false;
    if (p.front() != '?' && p.front() != s.front()) return false;
    if (p.front() == '?' && s.front() == '/') return false;
    p.remove_prefix(1);
    s.remove_prefix(1);
  }
  return s.empty() || s.front() == '/';  // a directory pattern covers what is below it
}

std::string read_bounded(std::istream& in, std::size_t max_bytes) {
  std::string text;
  char buffer[64 * 1024];
  while (text.size() < max_bytes && in.read(buffer, sizeof buffer).gcount() > 0) {
    text.append(buffer, static_cast<std::size_t>(in.gcount()));
  }
  if (text.size() > max_bytes) text.resize(max_bytes);
  return text;
}

std::string over_limit(std::string_view what, std::uint64_t size, std::size_t limit) {
  return fmt::format(
      "{} is {} bytes, over the {}-byte limit; not linted (raise "
      "limits.maxFileBytes in .titanlint.yaml if this is intended)",
      what, size, limit);
}

// A file or directory by identity, so that one reached twice (through a symlink, a bind mount,
// or named twice) is read once, and a directory loop is entered once.
using FileId = std::pair<dev_t, ino_t>;
FileId file_id(const struct stat& st) {
  return {st.st_dev, st.st_ino};
}

std::string broken_symlink_message(const std::string& path, int err) {
  std::error_code ec;
  fs::path target = fs::read_symlink(path, ec);
  return fmt::format("broken symlink{}: {}", ec ? "" : " to " + target.generic_string(),
                     std::strerror(err));
}

struct FoundFile {
  std::string path;
  FileId id;
  bool via_symlink = false;  // the file, or a directory above it, is a symlink
};

struct PendingDirectory {
  fs::path path;
  bool via_symlink = false;
};

// Walks a directory tree for *.yaml, *.yml and *.json regular files (symlinks to them count),
// skipping hidden entries and excluded paths. Symlinked directories are followed, each directory
// (by device and inode) at most once, and only after the real tree: a link back into the tree
// (`a -> ..`) adds nothing, a link out of it adds the files there. A broken symlink with a
// manifest name is an input error; other entries that are not directories or regular files
// (pipes, sockets, devices) are skipped, since reading them could block.
std::vector<FoundFile> walk_directory(const std::string& root, const struct stat& root_stat,
                                      const std::vector<std::string>& exclude,
                                      std::vector<InputError>& errors) {
  std::vector<FoundFile> found;
  std::set<FileId> seen_directories = {file_id(root_stat)};
  std::vector<PendingDirectory> real_directories = {{root, false}};  // depth first
  std::deque<PendingDirectory> linked_directories;
  while (!real_directories.empty() || !linked_directories.empty()) {
    PendingDirectory directory;
    if (!real_directories.empty()) {
      directory = std::move(real_directories.back());
      real_directories.pop_back();
    } else {
      directory = std::move(linked_directories.front());
      linked_directories.pop_front();
      struct stat st {};
      if (::stat(directory.path.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) continue;
      if (!seen_directories.insert(file_id(st)).second) continue;  // a loop, or already walked
    }

    std::vector<std::string> names;
    std::error_code ec;
    fs::directory_iterator it(directory.path, ec);
    for (; !ec && it != fs::directory_iterator(); it.increment(ec))
      names.push_back(it->path().filename().string());
    if (ec) {
      errors.push_back(
          {display(directory.path), fmt::format("cannot read the directory: {}", ec.message())});
      continue;
    }
    std::sort(names.begin(), names.end());

    for (const std::string& name : names) {
      const fs::path path = directory.path / name;
      const std::string shown = display(path);
      if (is_hidden(path) || excluded(shown, exclude)) continue;
      struct stat link {};
      if (::lstat(path.c_str(), &link) != 0) continue;  // removed since it was listed
      const bool is_link = S_ISLNK(link.st_mode);
      struct stat st = link;
      if (is_link && ::stat(path.c_str(), &st) != 0) {
        if (is_manifest_name(path)) errors.push_back({shown, broken_symlink_message(path, errno)});
        continue;
      }
      if (S_ISDIR(st.st_mode)) {
        if (is_link)
          linked_directories.push_back({path, true});
        else if (seen_directories.insert(file_id(st)).second)
          real_directories.push_back({path, directory.via_symlink});
      } else if (S_ISREG(st.st_mode) && is_manifest_name(path)) {
        found.push_back({shown, file_id(st), directory.via_symlink || is_link});
      }
    }
  }
  return found;
}

}  // namespace

bool glob_matches(std::string_view pattern, std::string_view path) {
  if (pattern.starts_with("./")) pattern.remove_prefix(2);
  return glob_here(pattern, path);
}

std::vector<std::string> discover_files(const std::vector<std::string>& paths,
                                        const std::vector<std::string>& exclude,
                                        std::vector<InputError>& errors) {
  std::vector<std::string> files;
  std::set<FileId> seen_files;  // across all arguments: `k8s/ k8s/a.yaml` lints a.yaml once
  for (const std::string& arg : paths) {
    if (arg == "-") {
      files.push_back(arg);
      continue;
    }
    struct stat st {};
    if (::stat(arg.c_str(), &st) != 0) {
      const int err = errno;
      struct stat link {};
      if (::lstat(arg.c_str(), &link) == 0 && S_ISLNK(link.st_mode))
        errors.push_back({display(arg), broken_symlink_message(arg, err)});
      else if (err == ENOENT)
        errors.push_back({arg, "no such file or directory"});
      else
        errors.push_back({display(arg), fmt::format("cannot read: {}", std::strerror(err))});
      continue;
    }
    if (!S_ISDIR(st.st_mode)) {
      // Named explicitly: linted whatever its extension or type (`titanlint <(helm template .)`
      // names a pipe).
      if (seen_files.insert(file_id(st)).second) files.push_back(display(arg));
      continue;
    }
    std::vector<FoundFile> found = walk_directory(arg, st, exclude, errors);
    // Each file once, under its real path when the tree also reaches it through a symlink.
    std::sort(found.begin(), found.end(), [](const FoundFile& a, const FoundFile& b) {
      return std::tie(a.via_symlink, a.path) < std::tie(b.via_symlink, b.path);
    });
    std::vector<std::string> kept;
    for (const FoundFile& f : found)
      if (seen_files.insert(f.id).second) kept.push_back(f.path);
    std::sort(kept.begin(), kept.end());
    files.insert(files.end(), kept.begin(), kept.end());
  }
  return files;
}

FileRead read_whole_file(const std::string& path, std::size_t max_bytes) {
  FileRead r;
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) {
    r.error = errno;
    r.failed_to = "open";
    return r;
  }
  auto fail = [&](int err) {
    r.text.clear();
    r.error = err;
    r.failed_to = "read";
  };
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    fail(errno);
  } else if (S_ISDIR(st.st_mode)) {
    fail(EISDIR);
  } else if (const bool sized = S_ISREG(st.st_mode) && st.st_size > 0;
             sized && static_cast<std::uint64_t>(st.st_size) > max_bytes) {
    r.too_large = true;
    r.size = static_cast<std::uint64_t>(st.st_size);
  } else {
    // One read of the known size (plus one byte to see the end); pipes and files that grow are
    // read in growing chunks, never more than max_bytes + 1.
    std::size_t length = 0;
    r.text.resize(sized ? static_cast<std::size_t>(st.st_size) + 1
                        : std::min<std::size_t>(64 * 1024, max_bytes + 1));
    for (;;) {
      if (length == r.text.size()) {
        if (length > max_bytes) break;
        r.text.resize(std::min(max_bytes + 1, length * 2));
      }
      const ssize_t n = ::read(fd, r.text.data() + length, r.text.size() - length);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) {
        fail(errno);
        break;
      }
      if (n == 0) break;
      length += static_cast<std::size_t>(n);
    }
    if (r.error == 0) r.text.resize(length);
    if (length > max_bytes) {
      r.too_large = true;
      r.size = length;
      r.text.clear();
    }
  }
  ::close(fd);
  return r;
}

LoadedFile load_text(std::string path, std::string text, const LoadLimits& limits) {
  bool json = path.ends_with(".json");
  if (path == kStdinPath) {
    auto first = text.find_first_not_of(" \t\r\n");
    json = first != std::string::npos && text[first] == '{';
  }
  auto source = std::make_shared<SourceFile>(std::move(path), std::move(text));
  return json ? load_json(source, limits) : load_yaml(source, limits);
}

std::string read_stdin(std::istream& in, const LoadLimits& limits) {
  // Read at most one byte past the limit: a huge stream is refused without being held.
  return read_bounded(in, limits.max_file_bytes + 1);
}

std::optional<LoadedFile> read_input(const std::string& path, std::string stdin_text,
                                     const LoadLimits& limits, InputError& error) {
  std::optional<std::string> text = read_input_text(path, std::move(stdin_text), limits, error);
  if (!text) return std::nullopt;
  return load_text(path == "-" ? std::string(kStdinPath) : path, std::move(*text), limits);
}

std::optional<std::string> read_input_text(const std::string& path, std::string stdin_text,
                                           const LoadLimits& limits, InputError& error) {
  const bool from_stdin = path == "-";
  std::string shown = from_stdin ? std::string(kStdinPath) : path;
  std::string text;
  if (from_stdin) {
    text = std::move(stdin_text);
  } else {
    FileRead r = read_whole_file(path, limits.max_file_bytes);
    if (r.error != 0) {
      error = {shown, fmt::format("cannot {}: {}", r.failed_to, std::strerror(r.error))};
      return std::nullopt;
    }
    if (r.too_large) {
      error = {shown, over_limit("file", r.size, limits.max_file_bytes)};
      return std::nullopt;
    }
    text = std::move(r.text);
  }
  if (text.size() > limits.max_file_bytes) {
    error = {shown, over_limit("input", text.size(), limits.max_file_bytes)};
    return std::nullopt;
  }
  return text;
}

Inputs load_inputs(const std::vector<std::string>& paths, const std::vector<std::string>& exclude,
                   const LoadLimits& limits, std::istream& stdin_stream) {
  Inputs inputs;
  for (const std::string& path : discover_files(paths, exclude, inputs.errors)) {
    InputError error;
    std::string text = path == "-" ? read_stdin(stdin_stream, limits) : std::string();
    if (auto file = read_input(path, std::move(text), limits, error))
      inputs.files.push_back(std::move(*file));
    else
      inputs.errors.push_back(std::move(error));
  }
  return inputs;
}

}  // namespace titanlint
