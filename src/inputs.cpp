#include "inputs.h"

#include <algorithm>
#include <fstream>
#include <iterator>

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

}  // namespace

bool glob_matches(std::string_view pattern, std::string_view path) {
  if (pattern.starts_with("./")) pattern.remove_prefix(2);
  return glob_here(pattern, path);
}

std::vector<std::string> discover_files(const std::vector<std::string>& paths,
                                        const std::vector<std::string>& exclude,
                                        std::vector<InputError>& errors) {
  std::vector<std::string> files;
  for (const std::string& arg : paths) {
    if (arg == "-") {
      files.push_back(arg);
      continue;
    }
    std::error_code ec;
    fs::file_status status = fs::status(arg, ec);
    if (ec || !fs::exists(status)) {
      errors.push_back({arg, "no such file or directory"});
      continue;
    }
    if (!fs::is_directory(status)) {
      files.push_back(display(arg));  // named explicitly: linted whatever its extension
      continue;
    }
    std::vector<std::string> found;
    fs::recursive_directory_iterator it(arg, fs::directory_options::skip_permission_denied, ec);
    if (ec) {
      errors.push_back({arg, fmt::format("cannot read directory: {}", ec.message())});
      continue;
    }
    for (; it != fs::recursive_directory_iterator(); it.increment(ec)) {
      if (ec) {
        errors.push_back({display(it->path()), fmt::format("cannot read: {}", ec.message())});
        ec.clear();
        continue;
      }
      const fs::path& p = it->path();
      std::string shown = display(p);
      if (is_hidden(p) || excluded(shown, exclude)) {
        if (it->is_directory(ec)) it.disable_recursion_pending();
        continue;
      }
      if (it->is_regular_file(ec) && is_manifest_name(p)) found.push_back(shown);
    }
    std::sort(found.begin(), found.end());
    files.insert(files.end(), found.begin(), found.end());
  }
  return files;
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

Inputs load_inputs(const std::vector<std::string>& paths, const std::vector<std::string>& exclude,
                   const LoadLimits& limits, std::istream& stdin_stream) {
  Inputs inputs;
  for (const std::string& path : discover_files(paths, exclude, inputs.errors)) {
    std::string text;
    std::string shown = path == "-" ? std::string(kStdinPath) : path;
    if (path == "-") {
      // Read at most one byte past the limit: a huge stream is refused without being held.
      text = read_bounded(stdin_stream, limits.max_file_bytes + 1);
    } else {
      std::error_code ec;
      auto size = fs::file_size(path, ec);
      if (!ec && size > limits.max_file_bytes) {
        inputs.errors.push_back(
            {shown, fmt::format("file is {} bytes, over the {}-byte limit; not linted (raise "
                                "limits.maxFileBytes in .titanlint.yaml if this is intended)",
                                size, limits.max_file_bytes)});
        continue;
      }
      std::ifstream in(path, std::ios::binary);
      if (!in) {
        inputs.errors.push_back({shown, "cannot open the file for reading"});
        continue;
      }
      // One read of the known size; the bounded loop covers files that grow or lie about it.
      if (!ec) {
        text.resize(size);
        in.read(text.data(), static_cast<std::streamsize>(size));
        text.resize(static_cast<std::size_t>(in.gcount()));
        if (in) text += read_bounded(in, limits.max_file_bytes + 1 - text.size());
      } else {
        text = read_bounded(in, limits.max_file_bytes + 1);
      }
      if (in.bad()) {
        inputs.errors.push_back({shown, "read error"});
        continue;
      }
    }
    if (text.size() > limits.max_file_bytes) {
      inputs.errors.push_back(
          {shown, fmt::format("input is {} bytes, over the {}-byte limit; not linted (raise "
                              "limits.maxFileBytes in .titanlint.yaml if this is intended)",
                              text.size(), limits.max_file_bytes)});
      continue;
    }
    inputs.files.push_back(load_text(shown, std::move(text), limits));
  }
  return inputs;
}

}  // namespace titanlint
