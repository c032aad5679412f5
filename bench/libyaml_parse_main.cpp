// titanlint_libyaml_parse PATH...: the floor a YAML linter's whole process is compared with. It
// walks the same files titanlint walks (directories recursively, *.yaml *.yml *.json, hidden
// entries skipped, sorted), reads each one whole, and runs libyaml's event parser over it,
// discarding the events: no tree, no rules, no output but one line of counts (so the work cannot
// be optimised away). Built from bench/ with the same compiler and flags as titanlint, as a C++
// program linking only libyaml, so a ratio against it is process against process.
#include <fcntl.h>
#include <unistd.h>
#include <yaml.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;

bool is_manifest(const fs::path& path) {
  const std::string ext = path.extension().string();
  return ext == ".yaml" || ext == ".yml" || ext == ".json";
}

bool is_hidden(const fs::path& path) {
  const std::string name = path.filename().string();
  return name.size() > 1 && name[0] == '.';
}

void collect(const fs::path& root, std::vector<std::string>& out) {
  std::error_code ec;
  if (!fs::is_directory(root, ec)) {
    out.push_back(root.string());
    return;
  }
  std::vector<std::string> found;
  fs::recursive_directory_iterator it(root, fs::directory_options::follow_directory_symlink, ec);
  for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (is_hidden(it->path())) {
      if (it->is_directory()) it.disable_recursion_pending();
      continue;
    }
    if (it->is_regular_file() && is_manifest(it->path())) found.push_back(it->path().string());
  }
  std::sort(found.begin(), found.end());
  out.insert(out.end(), found.begin(), found.end());
}

bool read_file(const std::string& path, std::string& text) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  text.clear();
  char buffer[64 * 1024];
  for (;;) {
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n <= 0) break;
    text.append(buffer, static_cast<std::size_t>(n));
  }
  ::close(fd);
  return true;
}

struct Counts {
  unsigned long events = 0;
  unsigned long documents = 0;
  unsigned long errors = 0;
};

void parse(const std::string& text, Counts& counts) {
  yaml_parser_t parser;
  yaml_parser_initialize(&parser);
  yaml_parser_set_input_string(&parser, reinterpret_cast<const unsigned char*>(text.data()),
                               text.size());
  for (;;) {
    yaml_event_t event;
    if (!yaml_parser_parse(&parser, &event)) {
      ++counts.errors;
      break;
    }
    const yaml_event_type_t type = event.type;
    yaml_event_delete(&event);
    ++counts.events;
    if (type == YAML_DOCUMENT_START_EVENT) ++counts.documents;
    if (type == YAML_STREAM_END_EVENT) break;
  }
  yaml_parser_delete(&parser);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s PATH...\n", argv[0]);
    return 2;
  }
  std::vector<std::string> files;
  for (int i = 1; i < argc; ++i) collect(argv[i], files);
  Counts counts;
  std::string text;
  for (const std::string& file : files) {
    if (!read_file(file, text)) {
      std::fprintf(stderr, "%s: cannot read %s\n", argv[0], file.c_str());
      return 2;
    }
    parse(text, counts);
  }
  std::printf("%zu files, %lu documents, %lu events, %lu syntax errors\n", files.size(),
              counts.documents, counts.events, counts.errors);
  return 0;
}
