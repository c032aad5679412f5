#include "lsp_server.h"

#include <poll.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <set>

#include <fmt/format.h>

#include "builtin_rules.h"
#include "config.h"
#include "engine.h"
#include "inputs.h"
#include "lsp_framing.h"
#include "report/formats.h"
#include "rule_doc.h"

namespace titanlint::lsp {

using nlohmann::json;
namespace fs = std::filesystem;

namespace {

// JSON-RPC and LSP error codes.
constexpr int kParseError = -32700;
constexpr int kInvalidRequest = -32600;
constexpr int kMethodNotFound = -32601;
constexpr int kInvalidParams = -32602;
constexpr int kInternalError = -32603;
constexpr int kServerNotInitialized = -32002;

// Client messages are nested a few levels; a body nested deeper than this is refused before
// nlohmann builds (and later destroys) the tree.
constexpr int kMaxJsonDepth = 128;

constexpr std::string_view kConfigName = ".titanlint.yaml";

// ---- reading client JSON: never operator[] on what the client sent ----

const json* member(const json& j, const char* key) {
  if (!j.is_object()) return nullptr;
  const auto it = j.find(key);
  return it == j.end() ? nullptr : &*it;
}
const json* object_member(const json& j, const char* key) {
  const json* m = member(j, key);
  return m && m->is_object() ? m : nullptr;
}
const json* array_member(const json& j, const char* key) {
  const json* m = member(j, key);
  return m && m->is_array() ? m : nullptr;
}
std::optional<std::string> string_member(const json& j, const char* key) {
  const json* m = member(j, key);
  if (!m || !m->is_string()) return std::nullopt;
  return m->get<std::string>();
}
std::optional<std::int64_t> int_member(const json& j, const char* key) {
  const json* m = member(j, key);
  if (!m || !m->is_number_integer()) return std::nullopt;
  return m->get<std::int64_t>();
}

class ParamsError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

std::optional<Position> parse_position(const json& j) {
  const auto line = int_member(j, "line");
  const auto character = int_member(j, "character");
  if (!line || !character || *line < 0 || *character < 0 || *line > UINT32_MAX ||
      *character > UINT32_MAX)
    return std::nullopt;
  return Position{static_cast<std::uint32_t>(*line), static_cast<std::uint32_t>(*character)};
}
std::optional<Range> parse_range(const json& j) {
  const json* start = object_member(j, "start");
  const json* end = object_member(j, "end");
  if (!start || !end) return std::nullopt;
  auto s = parse_position(*start);
  auto e = parse_position(*end);
  if (!s || !e) return std::nullopt;
  return Range{*s, *e};
}

bool before(Position a, Position b) {
  return a.line < b.line || (a.line == b.line && a.character < b.character);
}
bool before_or_at(Position a, Position b) {
  return !before(b, a);
}

json to_json(Position p) {
  return {{"line", p.line}, {"character", p.character}};
}
json to_json(Range r) {
  return {{"start", to_json(r.start)}, {"end", to_json(r.end)}};
}

// Depth of JSON nesting, outside strings; stops counting at `limit`.
bool nesting_within(std::string_view body, int limit) {
  int depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < body.size(); ++i) {
    const char c = body[i];
    if (in_string) {
      if (c == '\\')
        ++i;
      else if (c == '"')
        in_string = false;
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > limit) return false;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return true;
}

// Units of one code point starting at byte `i` (advancing `i`) in an encoding. Invalid UTF-8:
// one unit per byte.
std::uint32_t next_units(std::string_view s, std::size_t& i, Encoding encoding) {
  const unsigned char b = static_cast<unsigned char>(s[i]);
  std::size_t length = 1;
  if (b >= 0xF0 && b < 0xF8)
    length = 4;
  else if (b >= 0xE0)
    length = b < 0xF0 ? 3 : 1;
  else if (b >= 0xC0)
    length = 2;
  if (length > 1) {
    if (i + length > s.size()) {
      length = 1;
    } else {
      for (std::size_t k = 1; k < length; ++k)
        if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) length = 1;
    }
  }
  i += length;
  switch (encoding) {
    case Encoding::Utf8:
      return static_cast<std::uint32_t>(length);
    case Encoding::Utf16:
      return length == 4 ? 2 : 1;
    case Encoding::Utf32:
      return 1;
  }
  return 1;
}

std::string_view encoding_name(Encoding e) {
  switch (e) {
    case Encoding::Utf8:
      return "utf-8";
    case Encoding::Utf16:
      return "utf-16";
    case Encoding::Utf32:
      return "utf-32";
  }
  return "utf-16";
}

// Byte offset of a 1-based character column in a line (the line's size when past its end).
std::size_t byte_of_column(std::string_view line, std::uint32_t column) {
  std::uint32_t chars = 0;
  for (std::size_t i = 0; i < line.size(); ++i) {
    if ((static_cast<unsigned char>(line[i]) & 0xC0) == 0x80) continue;
    if (++chars == column) return i;
  }
  return line.size();
}
// Bytes of `chars` characters starting at `begin`.
std::size_t bytes_of_chars(std::string_view line, std::size_t begin, std::uint32_t chars) {
  std::size_t i = begin;
  std::uint32_t seen = 0;
  while (i < line.size()) {
    if ((static_cast<unsigned char>(line[i]) & 0xC0) != 0x80) {
      if (seen == chars) break;
      ++seen;
    }
    ++i;
  }
  return i - begin;
}

bool has_manifest_extension(std::string_view path) {
  return path.ends_with(".yaml") || path.ends_with(".yml") || path.ends_with(".json");
}

std::string rule_doc_url(std::string_view code) {
  return fmt::format("{}/blob/main/docs/rules/{}.md", TITANLINT_HOMEPAGE_URL, code);
}

int severity_number(Severity s) {
  switch (s) {
    case Severity::Error:
      return 1;
    case Severity::Warning:
      return 2;
    case Severity::Info:
      return 3;
  }
  return 1;
}

}  // namespace

// ---- LineIndex, URIs ----

LineIndex::LineIndex(std::string_view text) : text_(text) {
  starts_.push_back(0);
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n') {
      starts_.push_back(i + 1);
    } else if (text[i] == '\r') {
      if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
      starts_.push_back(i + 1);
    }
  }
}

Position LineIndex::position(std::size_t byte_offset, Encoding encoding) const {
  byte_offset = std::min(byte_offset, text_.size());
  const auto it = std::upper_bound(starts_.begin(), starts_.end(), byte_offset);
  const std::size_t line = static_cast<std::size_t>(it - starts_.begin()) - 1;
  std::size_t i = starts_[line];
  std::uint32_t units = 0;
  while (i < byte_offset) units += next_units(text_, i, encoding);
  return {static_cast<std::uint32_t>(line), units};
}

std::size_t LineIndex::offset(Position position, Encoding encoding) const {
  if (position.line >= starts_.size()) return text_.size();
  std::size_t i = starts_[position.line];
  std::size_t end = position.line + 1 < starts_.size() ? starts_[position.line + 1] : text_.size();
  // The line's end is before its line break.
  while (end > i && (text_[end - 1] == '\n' || text_[end - 1] == '\r')) --end;
  std::uint32_t units = 0;
  while (i < end && units < position.character) {
    std::size_t j = i;
    const std::uint32_t u = next_units(text_, j, encoding);
    if (units + u > position.character) break;  // inside a character: its start
    units += u;
    i = j;
  }
  return i;
}

std::optional<std::string> uri_to_path(std::string_view uri) {
  constexpr std::string_view kScheme = "file://";
  if (uri.size() < kScheme.size()) return std::nullopt;
  for (std::size_t i = 0; i < kScheme.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(uri[i])) != kScheme[i]) return std::nullopt;
  uri.remove_prefix(kScheme.size());
  const std::size_t slash = uri.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  const std::string_view authority = uri.substr(0, slash);
  if (!authority.empty() && authority != "localhost") return std::nullopt;
  uri.remove_prefix(slash);
  uri = uri.substr(0, uri.find_first_of("?#"));
  std::string out;
  out.reserve(uri.size());
  const auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  for (std::size_t i = 0; i < uri.size(); ++i) {
    if (uri[i] == '%' && i + 2 < uri.size() && hex(uri[i + 1]) >= 0 && hex(uri[i + 2]) >= 0) {
      const char c = static_cast<char>(hex(uri[i + 1]) * 16 + hex(uri[i + 2]));
      if (c == '\0') return std::nullopt;
      out.push_back(c);
      i += 2;
    } else {
      out.push_back(uri[i]);
    }
  }
  return out;
}

std::string path_to_uri(std::string_view path) {
  std::string out = "file://";
  for (const char c : path) {
    const unsigned char u = static_cast<unsigned char>(c);
    if (std::isalnum(u) || c == '/' || c == '-' || c == '.' || c == '_' || c == '~') {
      out.push_back(c);
    } else {
      out += fmt::format("%{:02X}", u);
    }
  }
  return out;
}

// ---- the server's state ----

namespace {

struct FindingInfo {
  std::string code;  // empty for a diagnostic that is no rule's (a file over the size limit)
  Range range;
  json diagnostic;
  json fix_edit;  // a WorkspaceEdit, or null
  std::string fix_title;
};

struct FileEntry {
  std::string text;
  bool open = false;
  bool on_disk = false;  // listed by the workspace walk
  std::optional<std::int64_t> version;
  // The parsed file and its objects, until the text changes.
  std::shared_ptr<const LoadedFile> loaded;
  std::optional<LoadedInput> input;
  std::string too_large;  // the message for a text over limits.maxFileBytes
  // Bumped whenever the text (or the config it is linted with) changes.
  std::uint64_t generation = 1;
  // What the last lint found in this file, and for which generation and findings: a file whose
  // text and findings are as before keeps its diagnostics without converting or comparing them.
  std::vector<FindingInfo> infos;
  std::uint64_t infos_generation = 0;
  std::string signature;
  bool changed = false;  // infos were rebuilt by this lint: compare with what was published
};

}  // namespace

struct Server::State {
  bool read_workspace = true;
  Encoding encoding = Encoding::Utf16;
  bool offset_encoding_reply = false;  // Neovim 0.7 (clangd's extension): answer offsetEncoding
  bool watch_files = false;            // the client registers file watchers dynamically
  bool related_information = false;    // the client shows diagnostics' relatedInformation
  std::vector<std::string> roots;
  Config config;
  std::unique_ptr<Engine> engine;
  std::string config_path;  // the .titanlint.yaml in force (or the one that failed)
  json config_diagnostics = json::array();
  std::map<std::string, FileEntry> files;
  std::map<std::string, std::string> published;  // uri -> diagnostics sent
  std::optional<Clock::time_point> due;

  void make_engine() {
    LintOptions options;
    options.build_fixes = true;
    options.render_suppressed = false;
    options.partial = config.partial;
    engine = std::make_unique<Engine>(config.rules_of(builtin_registry()), config, options);
  }

  std::vector<std::string> excludes() const {
    std::vector<std::string> out;
    for (const std::string& glob : config.exclude) {
      if (glob.starts_with("/")) {
        out.push_back(glob);
        continue;
      }
      for (const std::string& root : roots) out.push_back(root + "/" + glob);
    }
    return out;
  }

  // Whether a path is linted when opened: a manifest name, and inside a root only what the
  // workspace walk would list (no hidden component, not excluded).
  bool tracks(const std::string& path) const {
    if (!has_manifest_extension(path)) return false;
    if (fs::path(path).filename() == kConfigName) return false;
    for (const std::string& root : roots) {
      if (!path.starts_with(root + "/")) continue;
      const fs::path relative = fs::path(path).lexically_relative(root);
      for (const fs::path& part : relative) {
        const std::string name = part.string();
        if (name.size() > 1 && name[0] == '.' && name != "..") return false;
      }
      for (const std::string& glob : excludes())
        if (glob_matches(glob, path)) return false;
    }
    return true;
  }

  void set_text(FileEntry& entry, std::string text) {
    entry.text = std::move(text);
    ++entry.generation;
    entry.loaded.reset();
    entry.input.reset();
    entry.too_large.clear();
  }

  // (Re)reads the workspace from disk; open buffers stay as they are.
  void scan() {
    std::vector<InputError> errors;
    std::set<std::string> listed;
    const std::vector<std::string> listing =
        roots.empty() ? std::vector<std::string>{} : discover_files(roots, excludes(), errors);
    for (const std::string& path : listing) {
      listed.insert(path);
      FileEntry& entry = files[path];
      entry.on_disk = true;
      if (entry.open) continue;
      FileRead read = read_whole_file(path, config.limits.max_file_bytes);
      if (read.error != 0) {
        std::cerr << fmt::format("titanlint lsp: {}: cannot {}: {}\n", path, read.failed_to,
                                 std::strerror(read.error));
        files.erase(path);
        continue;
      }
      // Unchanged on disk: keep the parsed file (a watched-files event re-reads every file).
      if (read.too_large) {
        set_text(entry, std::string());
        entry.too_large = over_limit(path, read.size);
      } else if (read.text != entry.text || !entry.too_large.empty() || entry.generation == 1) {
        set_text(entry, std::move(read.text));
      }
    }
    for (auto it = files.begin(); it != files.end();) {
      FileEntry& entry = it->second;
      if (!listed.count(it->first)) entry.on_disk = false;
      if (!entry.on_disk && !entry.open) {
        it = files.erase(it);
        continue;
      }
      if (entry.open && !tracks(it->first)) {
        it = files.erase(it);
        continue;
      }
      ++it;
    }
  }

  std::string over_limit(std::string_view path, std::uint64_t size) const {
    return fmt::format(
        "{} is {} bytes, over the {}-byte limit; not linted (raise limits.maxFileBytes in "
        ".titanlint.yaml if this is intended)",
        fs::path(path).filename().string(), size, config.limits.max_file_bytes);
  }

  // Finds and reads .titanlint.yaml; returns false (keeping the config in force) when it is bad.
  bool load_config(bool initial) {
    std::optional<fs::path> found;
    if (!roots.empty() && read_workspace) found = find_config_upward(roots.front());
    config_diagnostics = json::array();
    if (!found) {
      config_path.clear();
      config = Config{};
      make_engine();
      return true;
    }
    config_path = fs::absolute(*found).lexically_normal().string();
    try {
      config = load_config_file(config_path, builtin_registry());
      make_engine();
      // Limits and options changed: every file is parsed again.
      for (auto& [path, entry] : files) {
        ++entry.generation;
        entry.loaded.reset();
        entry.input.reset();
        if (entry.open) entry.too_large.clear();
      }
      return true;
    } catch (const ConfigError& e) {
      std::string text;
      FileRead read = read_whole_file(config_path, kMaxConfigBytes);
      if (read.error == 0) text = std::move(read.text);
      Position at;
      if (e.position().line > 0) {
        const SourceFile source(config_path, text);
        const std::size_t start = source.line_start(e.position().line);
        const std::size_t byte =
            start + byte_of_column(source.line(e.position().line), e.position().column);
        at = LineIndex(text).position(byte, encoding);
      }
      config_diagnostics.push_back({{"range", to_json(Range{at, at})},
                                    {"severity", 1},
                                    {"source", "titanlint"},
                                    {"message", fmt::format("config error: {}{}", e.what(),
                                                            initial ? ""
                                                                    : " (the last good config "
                                                                      "stays in force)")}});
      if (initial || !engine) {
        config = Config{};
        make_engine();
      }
      return false;
    }
  }
};

Server::Server(Sink sink, ServerOptions options)
    : sink_(std::move(sink)), options_(options), state_(std::make_unique<State>()) {
  state_->read_workspace = options.read_workspace;
  state_->make_engine();
}

Server::~Server() = default;

void Server::send(const json& message) {
  sink_(message.dump(-1, ' ', false, json::error_handler_t::replace));
}

void Server::respond(const json& id, json result) {
  send({{"jsonrpc", "2.0"}, {"id", id}, {"result", std::move(result)}});
}

void Server::respond_error(const json& id, int code, std::string_view message) {
  send({{"jsonrpc", "2.0"}, {"id", id}, {"error", {{"code", code}, {"message", message}}}});
}

void Server::framing_error(int code, std::string_view message) {
  respond_error(nullptr, code, message);
}

std::optional<Server::Clock::time_point> Server::deadline() const {
  return state_->due;
}

namespace {

// The LSP diagnostics, fixes and ranges of one lint of the workspace.
struct LintOutcome {
  std::map<std::string, std::vector<FindingInfo>> findings;
};

// The range of the node at `at` in `source` that a report region of `region_chars` characters
// covers, in the client's encoding.
Range node_range(const SourceFile& source, titanlint::Position at, std::uint32_t region_chars,
                 const LineIndex& index, Encoding encoding) {
  const std::string_view line = source.line(at.line);
  const std::size_t line_start = source.line_start(at.line);
  const std::size_t begin = byte_of_column(line, std::max(1u, at.column));
  const std::size_t length = bytes_of_chars(line, begin, region_chars);
  return Range{index.position(line_start + begin, encoding),
               index.position(line_start + begin + length, encoding)};
}

// The line index of another file of the workspace, built once per lint.
const LineIndex& index_of(const SourceFile& source, const SourceFile* own, const LineIndex& index,
                          std::map<std::string, LineIndex>& other_indexes) {
  if (&source == own) return index;
  auto it = other_indexes.find(source.path());
  if (it == other_indexes.end())
    it = other_indexes.emplace(source.path(), LineIndex(source.text())).first;
  return it->second;
}

FindingInfo convert(const Finding& f, const LineIndex& index, Encoding encoding,
                    bool related_information, std::map<std::string, LineIndex>& other_indexes) {
  FindingInfo info;
  info.code = std::string(f.code);
  if (f.source && f.source_position.line > 0) {
    const auto region = source_region(f);
    info.range =
        node_range(*f.source, f.source_position,
                   region ? region->end_column - region->start_column : 0, index, encoding);
  }
  std::string message = f.message;
  if (!f.remediation().empty()) message += fmt::format("\nhelp: {}", f.remediation());
  info.diagnostic = {{"range", to_json(info.range)},
                     {"severity", severity_number(f.severity)},
                     {"code", info.code},
                     {"codeDescription", {{"href", rule_doc_url(f.code)}}},
                     {"source", "titanlint"},
                     {"message", std::move(message)}};
  if (related_information && !f.related.empty()) {
    json related = json::array();
    for (const RelatedLocation& r : f.related) {
      if (!r.source || r.source_position.line == 0) continue;
      const auto region = source_region(r);
      const Range range = node_range(*r.source, r.source_position,
                                     region ? region->end_column - region->start_column : 0,
                                     index_of(*r.source, f.source, index, other_indexes), encoding);
      related.push_back(
          {{"location", {{"uri", path_to_uri(r.source->path())}, {"range", to_json(range)}}},
           {"message", r.message()}});
    }
    if (!related.empty()) info.diagnostic["relatedInformation"] = std::move(related);
  }
  if (f.fix && !f.fix->files.empty()) {
    json changes = json::object();
    for (const FileEdits& file : f.fix->files) {
      if (!file.source) continue;
      const std::string& path = file.source->path();
      const LineIndex* idx = &index_of(*file.source, f.source, index, other_indexes);
      json edits = json::array();
      for (const TextEdit& e : file.edits)
        edits.push_back({{"range", to_json(Range{idx->position(e.offset, encoding),
                                                 idx->position(e.end(), encoding)})},
                         {"newText", e.text}});
      changes[path_to_uri(path)] = std::move(edits);
    }
    info.fix_edit = {{"changes", std::move(changes)}};
    info.fix_title = fmt::format("Fix {}: {}", f.code, f.fix->description);
  }
  return info;
}

}  // namespace

void Server::run_pending(Clock::time_point now) {
  State& s = *state_;
  if (!s.due || *s.due > now) return;
  s.due.reset();
  ++lint_count_;

  // Parse what changed, then check every input against the whole set.
  std::vector<FileEntry*> linted;
  for (auto& [path, entry] : s.files) {
    if (!entry.too_large.empty()) continue;
    if (!entry.input) {
      if (entry.text.size() > s.config.limits.max_file_bytes) {
        entry.too_large = s.over_limit(path, entry.text.size());
        continue;
      }
      entry.loaded =
          std::make_shared<const LoadedFile>(load_text(path, entry.text, s.config.limits));
      entry.input = s.engine->prepare(entry.loaded);
    }
    linted.push_back(&entry);
  }
  LintSet set = s.engine->make_set();
  for (const FileEntry* entry : linted)
    for (const K8sObject& object : entry->input->objects) set.add(object);
  std::vector<InputFindings> checked;
  checked.reserve(linted.size());
  for (std::size_t i = 0; i < linted.size(); ++i)
    checked.push_back(s.engine->check(*linted[i]->input, i, set));

  std::map<std::string_view, std::vector<FileFindings*>> contributions;
  for (InputFindings& input : checked)
    for (FileFindings& file : input.files) contributions[file.file()].push_back(&file);
  std::map<std::string, LineIndex> other_indexes;
  for (FileEntry* entry : linted) {
    const std::string& path = entry->loaded->source->path();
    FileResult result;
    if (auto it = contributions.find(path); it != contributions.end())
      result = s.engine->finish_file(it->second);
    // What the diagnostics are made of, to see whether they changed.
    std::string signature;
    for (const Finding& f : result.findings) {
      if (f.suppressed()) continue;
      signature += fmt::format("{}\x1f{}\x1f{}\x1f{}\x1f{}\x1f{}\x1f", f.code,
                               f.source_position.line, f.source_position.column,
                               static_cast<int>(f.severity), f.message, f.remediation());
      if (f.fix)
        for (const FileEdits& file : f.fix->files)
          for (const TextEdit& e : file.edits)
            signature += fmt::format("{}:{}:{}:{}\x1f", static_cast<const void*>(file.source),
                                     e.offset, e.length, e.text);
      // A related object that moved (or was renamed) in another file changes the diagnostic.
      for (const RelatedLocation& r : f.related)
        signature += fmt::format("{}:{}:{}:{}\x1f", r.source ? r.source->path() : "",
                                 r.source_position.line, r.source_position.column, r.message());
      signature += '\x1e';
    }
    if (entry->infos_generation == entry->generation && entry->signature == signature) continue;
    entry->signature = std::move(signature);
    entry->infos_generation = entry->generation;
    entry->changed = true;
    entry->infos.clear();
    const LineIndex index(entry->text);
    for (const Finding& f : result.findings)
      if (!f.suppressed())
        entry->infos.push_back(convert(f, index, s.encoding, s.related_information, other_indexes));
  }
  for (auto& [path, entry] : s.files) {
    if (entry.too_large.empty() || entry.infos_generation == entry.generation) continue;
    FindingInfo info;
    info.diagnostic = {{"range", to_json(Range{})},
                       {"severity", 1},
                       {"source", "titanlint"},
                       {"message", entry.too_large}};
    entry.infos.assign(1, std::move(info));
    entry.infos_generation = entry.generation;
    entry.signature.clear();
    entry.changed = true;
  }

  // Publish what changed since the last time.
  const auto publish = [&](const std::string& uri, json diagnostics,
                           std::optional<std::int64_t> version) {
    std::string text = diagnostics.dump();
    const auto it = s.published.find(uri);
    if (it != s.published.end() ? it->second == text : diagnostics.empty()) return;
    json params = {{"uri", uri}, {"diagnostics", std::move(diagnostics)}};
    if (version) params["version"] = *version;
    send({{"jsonrpc", "2.0"},
          {"method", "textDocument/publishDiagnostics"},
          {"params", std::move(params)}});
    if (text == "[]")
      s.published.erase(uri);
    else
      s.published[uri] = std::move(text);
  };
  for (auto& [path, entry] : s.files) {
    if (!entry.changed) continue;
    entry.changed = false;
    json list = json::array();
    for (const FindingInfo& info : entry.infos) list.push_back(info.diagnostic);
    publish(path_to_uri(path), std::move(list), entry.version);
  }
  if (!s.config_path.empty() || !s.config_diagnostics.empty())
    publish(path_to_uri(s.config_path), s.config_diagnostics, std::nullopt);
  // Files that left the set (closed, deleted, excluded): their diagnostics are withdrawn.
  std::vector<std::string> gone;
  for (const auto& [uri, sent] : s.published) {
    const auto path = uri_to_path(uri);
    if (!path || (!s.files.count(*path) && *path != s.config_path)) gone.push_back(uri);
  }
  for (const std::string& uri : gone) publish(uri, json::array(), std::nullopt);
}

void Server::handle(std::string_view body) {
  if (!nesting_within(body, kMaxJsonDepth)) {
    respond_error(nullptr, kInvalidRequest,
                  fmt::format("the message is nested deeper than {} levels", kMaxJsonDepth));
    return;
  }
  json message = json::parse(body, nullptr, false);
  if (message.is_discarded()) {
    respond_error(nullptr, kParseError, "the message is not valid JSON");
    return;
  }
  dispatch(message);
}

void Server::dispatch(const json& message) {
  State& s = *state_;
  if (!message.is_object()) {
    respond_error(nullptr, kInvalidRequest, "a message must be a JSON object");
    return;
  }
  const json* id = member(message, "id");
  const std::optional<std::string> method = string_member(message, "method");
  if (id && !id->is_string() && !id->is_number_integer() && !id->is_null()) {
    respond_error(nullptr, kInvalidRequest, "a request id must be a string or an integer");
    return;
  }
  if (!method) {
    if (id) return;  // a response to a request of ours (we send none that need an answer)
    respond_error(nullptr, kInvalidRequest, "a message without a method");
    return;
  }
  const bool request = id != nullptr;
  static const json kNoParams = json::object();
  const json* params_ptr = member(message, "params");
  const json& params = params_ptr ? *params_ptr : kNoParams;

  if (*method == "exit") {
    exit_requested_ = true;
    return;
  }
  if (!initialized_ && *method != "initialize") {
    if (request) respond_error(*id, kServerNotInitialized, "the server is not initialized");
    return;
  }
  if (shutdown_) {
    if (request) respond_error(*id, kInvalidRequest, "the server is shut down");
    return;
  }
  try {
    if (*method == "initialize") {
      if (!request) return;
      if (initialized_) {
        respond_error(*id, kInvalidRequest, "initialize was already received");
        return;
      }
      // Position encoding: LSP 3.17's general.positionEncodings, or clangd's offsetEncoding
      // (Neovim 0.7). utf-8 costs least; utf-16 is every client's default.
      std::vector<std::string> offered;
      bool via_offset_encoding = false;
      if (const json* caps = object_member(params, "capabilities")) {
        if (const json* general = object_member(*caps, "general"))
          if (const json* list = array_member(*general, "positionEncodings"))
            for (const json& e : *list)
              if (e.is_string()) offered.push_back(e.get<std::string>());
        if (offered.empty())
          if (const json* list = array_member(*caps, "offsetEncoding")) {
            via_offset_encoding = true;
            for (const json& e : *list)
              if (e.is_string()) offered.push_back(e.get<std::string>());
          }
      }
      const auto has = [&](std::string_view e) {
        return std::find(offered.begin(), offered.end(), e) != offered.end();
      };
      s.encoding = has("utf-8")    ? Encoding::Utf8
                   : has("utf-32") ? Encoding::Utf32
                                   : Encoding::Utf16;
      s.offset_encoding_reply = via_offset_encoding;
      if (const json* caps = object_member(params, "capabilities"))
        if (const json* workspace = object_member(*caps, "workspace"))
          if (const json* watched = object_member(*workspace, "didChangeWatchedFiles"))
            if (const json* dynamic = member(*watched, "dynamicRegistration"))
              s.watch_files = dynamic->is_boolean() && dynamic->get<bool>();
      if (const json* caps = object_member(params, "capabilities"))
        if (const json* text = object_member(*caps, "textDocument"))
          if (const json* publish = object_member(*text, "publishDiagnostics"))
            if (const json* related = member(*publish, "relatedInformation"))
              s.related_information = related->is_boolean() && related->get<bool>();

      std::vector<std::string> roots;
      if (const json* folders = array_member(params, "workspaceFolders"))
        for (const json& folder : *folders)
          if (auto uri = string_member(folder, "uri"))
            if (auto path = uri_to_path(*uri)) roots.push_back(*path);
      if (roots.empty())
        if (auto uri = string_member(params, "rootUri"))
          if (auto path = uri_to_path(*uri)) roots.push_back(*path);
      if (roots.empty())
        if (auto path = string_member(params, "rootPath")) roots.push_back(*path);
      for (std::string& root : roots) {
        std::error_code ec;
        fs::path p = fs::weakly_canonical(fs::path(root), ec);
        if (ec || !p.is_absolute()) p = fs::absolute(root, ec);
        root = p.lexically_normal().string();
        while (root.size() > 1 && root.back() == '/') root.pop_back();
      }
      s.roots = std::move(roots);
      s.load_config(true);
      s.scan();
      initialized_ = true;

      json capabilities = {
          {"positionEncoding", encoding_name(s.encoding)},
          {"textDocumentSync",
           {{"openClose", true}, {"change", 2}, {"save", {{"includeText", false}}}}},
          {"hoverProvider", true},
          {"codeActionProvider", {{"codeActionKinds", {"quickfix"}}}},
      };
      json result = {{"capabilities", std::move(capabilities)},
                     {"serverInfo", {{"name", "titanlint"}, {"version", TITANLINT_VERSION}}}};
      if (s.offset_encoding_reply) result["offsetEncoding"] = encoding_name(s.encoding);
      respond(*id, std::move(result));
      s.due = Clock::now();
      return;
    }
    if (*method == "initialized") {
      // Config and manifest changes on disk (a git checkout, another tool) reach us as
      // workspace/didChangeWatchedFiles when the client watches for us. Its answer is ignored.
      if (s.watch_files && !request)
        send({{"jsonrpc", "2.0"},
              {"id", "titanlint-watch"},
              {"method", "client/registerCapability"},
              {"params",
               {{"registrations",
                 json::array({{{"id", "titanlint-watch"},
                               {"method", "workspace/didChangeWatchedFiles"},
                               {"registerOptions",
                                {{"watchers", json::array({{{"globPattern", "**/.titanlint.yaml"}},
                                                           {{"globPattern",
                                                             "**/*.{yaml,yml,json}"}}})}}}}})}}}});
      s.watch_files = false;  // once
      return;
    }
    if (*method == "shutdown") {
      if (!request) return;
      shutdown_ = true;
      respond(*id, nullptr);
      return;
    }

    // Text synchronisation.
    const auto document_path = [&](const json& p) -> std::optional<std::string> {
      const json* doc = object_member(p, "textDocument");
      if (!doc) return std::nullopt;
      auto uri = string_member(*doc, "uri");
      if (!uri) return std::nullopt;
      return uri_to_path(*uri);
    };
    const auto schedule = [&](std::chrono::milliseconds delay) {
      const auto at = Clock::now() + delay;
      s.due = at;
    };
    const auto is_config = [&](const std::string& path) {
      return fs::path(path).filename() == kConfigName;
    };

    if (*method == "textDocument/didOpen") {
      auto path = document_path(params);
      const json* doc = object_member(params, "textDocument");
      auto text = doc ? string_member(*doc, "text") : std::nullopt;
      if (!path || !text || !s.tracks(*path)) return;
      FileEntry& entry = s.files[*path];
      entry.open = true;
      entry.version = int_member(*doc, "version");
      s.set_text(entry, std::move(*text));
      if (entry.text.size() > s.config.limits.max_file_bytes)
        entry.too_large = s.over_limit(*path, entry.text.size());
      schedule(std::chrono::milliseconds(0));
      return;
    }
    if (*method == "textDocument/didChange") {
      auto path = document_path(params);
      if (!path) return;
      const auto it = s.files.find(*path);
      if (it == s.files.end() || !it->second.open) return;
      FileEntry& entry = it->second;
      const json* changes = array_member(params, "contentChanges");
      if (!changes) return;
      std::string text = entry.text;
      for (const json& change : *changes) {
        auto new_text = string_member(change, "text");
        if (!new_text) continue;
        const json* range_json = object_member(change, "range");
        if (!range_json) {
          text = std::move(*new_text);
          continue;
        }
        auto range = parse_range(*range_json);
        if (!range) continue;
        const LineIndex index(text);
        std::size_t from = index.offset(range->start, s.encoding);
        std::size_t to = index.offset(range->end, s.encoding);
        if (to < from) std::swap(from, to);
        text.replace(from, to - from, *new_text);
      }
      if (const json* doc = object_member(params, "textDocument"))
        entry.version = int_member(*doc, "version");
      s.set_text(entry, std::move(text));
      if (entry.text.size() > s.config.limits.max_file_bytes)
        entry.too_large = s.over_limit(*path, entry.text.size());
      schedule(options_.debounce);
      return;
    }
    if (*method == "textDocument/didSave") {
      auto path = document_path(params);
      if (path && is_config(*path)) {
        s.load_config(false);
        s.scan();
        schedule(std::chrono::milliseconds(0));
      }
      return;
    }
    if (*method == "textDocument/didClose") {
      auto path = document_path(params);
      if (!path) return;
      const auto it = s.files.find(*path);
      if (it == s.files.end()) return;
      it->second.open = false;
      it->second.version.reset();
      if (it->second.on_disk && s.read_workspace) {
        FileRead read = read_whole_file(*path, s.config.limits.max_file_bytes);
        if (read.error != 0) {
          s.files.erase(it);
        } else {
          s.set_text(it->second, std::move(read.text));
          if (read.too_large) it->second.too_large = s.over_limit(*path, read.size);
        }
      } else {
        s.files.erase(it);
      }
      schedule(std::chrono::milliseconds(0));
      return;
    }
    if (*method == "workspace/didChangeWatchedFiles") {
      bool config_changed = false;
      bool files_changed = false;
      if (const json* changes = array_member(params, "changes"))
        for (const json& change : *changes) {
          auto uri = string_member(change, "uri");
          auto path = uri ? uri_to_path(*uri) : std::nullopt;
          if (!path) continue;
          if (is_config(*path))
            config_changed = true;
          else if (has_manifest_extension(*path))
            files_changed = true;
        }
      if (config_changed) s.load_config(false);
      if (config_changed || files_changed) {
        s.scan();
        schedule(std::chrono::milliseconds(0));
      }
      return;
    }

    // Requests about what the last lint found: bring it up to date first.
    if (*method == "textDocument/hover" || *method == "textDocument/codeAction") {
      if (!request) return;
      run_pending();
      auto path = document_path(params);
      if (!path) throw ParamsError("textDocument.uri is missing or not a file URI");
      const std::vector<FindingInfo>* found = nullptr;
      if (auto it = s.files.find(*path); it != s.files.end()) found = &it->second.infos;

      if (*method == "textDocument/hover") {
        const json* pos_json = object_member(params, "position");
        auto pos = pos_json ? parse_position(*pos_json) : std::nullopt;
        if (!pos) throw ParamsError("position is missing or malformed");
        std::vector<std::string> docs;
        std::set<std::string> codes;
        std::optional<Range> range;
        for (const FindingInfo& info : found ? *found : std::vector<FindingInfo>{}) {
          if (info.code.empty()) continue;
          if (!before_or_at(info.range.start, *pos) || !before_or_at(*pos, info.range.end))
            continue;
          if (!codes.insert(info.code).second) continue;
          const RuleDefinition* rule = s.config.rules_of(builtin_registry()).find(info.code);
          if (!rule) continue;
          docs.push_back(render_rule_doc(*rule, s.config.options_for(*rule)));
          if (!range) range = info.range;
        }
        if (docs.empty()) {
          respond(*id, nullptr);
          return;
        }
        std::string value;
        for (const std::string& doc : docs) {
          if (!value.empty()) value += "\n\n---\n\n";
          value += doc;
        }
        respond(*id, {{"contents", {{"kind", "markdown"}, {"value", std::move(value)}}},
                      {"range", to_json(*range)}});
        return;
      }

      // textDocument/codeAction
      const json* range_json = object_member(params, "range");
      auto range = range_json ? parse_range(*range_json) : std::nullopt;
      if (!range) throw ParamsError("range is missing or malformed");
      bool quickfix_wanted = true;
      if (const json* context = object_member(params, "context"))
        if (const json* only = array_member(*context, "only")) {
          quickfix_wanted = false;
          for (const json& kind : *only)
            if (kind.is_string() && (kind == "quickfix" || kind == "")) quickfix_wanted = true;
        }
      json actions = json::array();
      const auto entry_it = s.files.find(*path);
      if (!quickfix_wanted || !found || entry_it == s.files.end()) {
        respond(*id, std::move(actions));
        return;
      }
      const std::string& text = entry_it->second.text;
      const bool json_file = path->ends_with(".json");
      const LineIndex index(text);
      const std::string uri = path_to_uri(*path);
      std::set<std::string> line_ignores, file_ignores;
      for (const FindingInfo& info : *found) {
        if (info.code.empty()) continue;
        if (!before_or_at(info.range.start, range->end) ||
            !before_or_at(range->start, info.range.end))
          continue;
        if (!info.fix_edit.is_null())
          actions.push_back({{"title", info.fix_title},
                             {"kind", "quickfix"},
                             {"diagnostics", json::array({info.diagnostic})},
                             {"isPreferred", true},
                             {"edit", info.fix_edit}});
        if (json_file) continue;  // JSON has no comments
        const std::uint32_t line = info.range.start.line;
        if (line_ignores.insert(fmt::format("{}:{}", info.code, line)).second) {
          // `# titanlint:ignore CODE` on its own line above the node, at the line's indentation;
          // when a directive is already there, the code joins it.
          const std::size_t line_start = index.offset({line, 0}, Encoding::Utf8);
          std::size_t indent_end = line_start;
          while (indent_end < text.size() && (text[indent_end] == ' ' || text[indent_end] == '\t'))
            ++indent_end;
          const std::string indent = text.substr(line_start, indent_end - line_start);
          std::size_t eol = text.find_first_of("\r\n", line_start);
          const std::string line_break =
              eol != std::string::npos && text.compare(eol, 2, "\r\n") == 0 ? "\r\n" : "\n";
          json edit;
          if (line > 0) {
            const std::size_t above = index.offset({line - 1, 0}, Encoding::Utf8);
            std::string_view above_line(text.data() + above, line_start - above);
            const std::size_t hash = above_line.find_first_not_of(" \t");
            constexpr std::string_view kDirective = "# titanlint:ignore ";
            if (hash != std::string_view::npos && above_line.substr(hash).starts_with(kDirective)) {
              const Position at = index.position(above + hash + kDirective.size(), s.encoding);
              edit = {{"range", to_json(Range{at, at})}, {"newText", info.code + ", "}};
            }
          }
          if (edit.is_null()) {
            const Position at{line, 0};
            edit = {{"range", to_json(Range{at, at})},
                    {"newText", indent + "# titanlint:ignore " + info.code + line_break}};
          }
          actions.push_back({{"title", fmt::format("Ignore {} on this line", info.code)},
                             {"kind", "quickfix"},
                             {"diagnostics", json::array({info.diagnostic})},
                             {"edit", {{"changes", {{uri, json::array({edit})}}}}}});
        }
        if (file_ignores.insert(info.code).second) {
          // `# titanlint:ignore-file CODE` as the first line (after a byte order mark).
          std::size_t at_byte = text.starts_with("\xEF\xBB\xBF") ? 3 : 0;
          const Position at = index.position(at_byte, s.encoding);
          const std::string line_break = text.find("\r\n") != std::string::npos ? "\r\n" : "\n";
          json edit = {{"range", to_json(Range{at, at})},
                       {"newText", "# titanlint:ignore-file " + info.code + line_break}};
          actions.push_back({{"title", fmt::format("Ignore {} in this file", info.code)},
                             {"kind", "quickfix"},
                             {"diagnostics", json::array({info.diagnostic})},
                             {"edit", {{"changes", {{uri, json::array({edit})}}}}}});
        }
      }
      respond(*id, std::move(actions));
      return;
    }

    if (request) respond_error(*id, kMethodNotFound, fmt::format("unknown method '{}'", *method));
  } catch (const ParamsError& e) {
    if (request) respond_error(*id, kInvalidParams, e.what());
  } catch (const json::exception& e) {
    if (request) respond_error(*id, kInvalidParams, e.what());
  } catch (const std::exception& e) {
    if (request) respond_error(*id, kInternalError, e.what());
  }
}

// ---- the stdio loop ----

namespace {

int write_all(int fd, std::string_view data) {
  while (!data.empty()) {
    const ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return errno;
    }
    data.remove_prefix(static_cast<std::size_t>(n));
  }
  return 0;
}

}  // namespace

int run_lsp(int in_fd, int out_fd, ServerOptions options) {
  // A client that goes away must not kill us mid-write: EPIPE is an error we handle.
  std::signal(SIGPIPE, SIG_IGN);
  bool out_failed = false;
  Server server(
      [&](const std::string& body) {
        if (out_failed) return;
        if (write_all(out_fd, frame(body)) != 0) out_failed = true;
      },
      options);
  MessageReader reader;
  std::string buffer(1 << 16, '\0');
  for (;;) {
    if (out_failed) {
      std::cerr << "titanlint lsp: the client closed its end; exiting\n";
      return 1;
    }
    int timeout = -1;
    if (auto due = server.deadline()) {
      const auto wait = std::chrono::ceil<std::chrono::milliseconds>(*due - Server::Clock::now());
      timeout = static_cast<int>(std::clamp<std::int64_t>(wait.count(), 0, 60'000));
    }
    pollfd p{in_fd, POLLIN, 0};
    const int ready = ::poll(&p, 1, timeout);
    if (ready < 0) {
      if (errno == EINTR) continue;
      std::cerr << fmt::format("titanlint lsp: poll: {}\n", std::strerror(errno));
      return 1;
    }
    if (ready == 0) {
      server.run_pending(Server::Clock::now());
      continue;
    }
    const ssize_t n = ::read(in_fd, buffer.data(), buffer.size());
    if (n < 0) {
      if (errno == EINTR || errno == EAGAIN) continue;
      std::cerr << fmt::format("titanlint lsp: read: {}\n", std::strerror(errno));
      return 1;
    }
    if (n == 0) {
      // The client went away (or closed our stdin without `exit`).
      if (!server.shutdown_received())
        std::cerr << "titanlint lsp: end of input before shutdown; exiting\n";
      return server.exit_code();
    }
    reader.feed(std::string_view(buffer.data(), static_cast<std::size_t>(n)));
    while (auto m = reader.next()) {
      switch (m->kind) {
        case FramedMessage::Kind::Message:
          server.handle(m->body);
          break;
        case FramedMessage::Kind::TooLarge:
          server.framing_error(kInvalidRequest, m->error);
          break;
        case FramedMessage::Kind::Broken:
          server.framing_error(kParseError, m->error);
          std::cerr << fmt::format("titanlint lsp: {}; the stream cannot be read further\n",
                                   m->error);
          return 1;
      }
      if (server.exit_requested()) return server.exit_code();
    }
    server.run_pending(Server::Clock::now());
  }
}

}  // namespace titanlint::lsp
