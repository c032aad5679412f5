// `titanlint lsp`: a Language Server Protocol 3.17 server over stdio.
//
// The server is single-threaded and transport-free: Server::handle() takes one message body and
// answers through a sink; run_lsp() is the stdio loop (poll with a timeout: the debounce of
// didChange is the time to the next deadline, so no thread and no lock is needed).
//
// The workspace: on initialize every YAML/JSON file of the workspace folders is read (the CLI's
// walk, `exclude` and `.titanlint.yaml` applied); open buffers replace their file's text. Each
// lint runs the engine over the whole set (cross-resource rules see every object), re-parsing
// only the files that changed, and publishes the files whose diagnostics changed.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace titanlint::lsp {

enum class Encoding { Utf8, Utf16, Utf32 };

struct Position {
  std::uint32_t line = 0;
  std::uint32_t character = 0;
};
struct Range {
  Position start;
  Position end;
};

// The LSP's view of a text: lines end at LF, CRLF or CR (not at YAML's NEL/LS/PS), characters
// are counted in the negotiated encoding.
class LineIndex {
 public:
  explicit LineIndex(std::string_view text);
  Position position(std::size_t byte_offset, Encoding encoding) const;
  // A position past the end of its line is the end of the line; a line past the end is the end
  // of the text.
  std::size_t offset(Position position, Encoding encoding) const;

 private:
  std::string_view text_;
  std::vector<std::size_t> starts_;
};

// file:///a%20b/c.yaml <-> /a b/c.yaml. nullopt for URIs that are not files.
std::optional<std::string> uri_to_path(std::string_view uri);
std::string path_to_uri(std::string_view path);

struct ServerOptions {
  // The quiet period after a didChange before the lint runs.
  std::chrono::milliseconds debounce{30};
  // Read the workspace folders from disk (off in the fuzz target: a fuzzed rootUri must not
  // walk the machine's file system).
  bool read_workspace = true;
};

class Server {
 public:
  using Clock = std::chrono::steady_clock;
  using Sink = std::function<void(const std::string&)>;  // one message body to send

  Server(Sink sink, ServerOptions options = {});
  ~Server();

  // One message body from the client.
  void handle(std::string_view body);
  // A problem of the framing layer, answered as a JSON-RPC error without an id.
  void framing_error(int code, std::string_view message);

  // When pending work (a debounced lint) is due; nullopt when there is none.
  std::optional<Clock::time_point> deadline() const;
  // Runs the pending work that is due at `now` (all of it by default).
  void run_pending(Clock::time_point now = Clock::time_point::max());

  bool exit_requested() const { return exit_requested_; }
  // The process's exit code once exit was requested (0 after shutdown, else 1).
  int exit_code() const { return shutdown_ ? 0 : 1; }
  bool shutdown_received() const { return shutdown_; }

  // For tests and the benchmark: how many lints ran, and what the last one cost.
  std::size_t lint_count() const { return lint_count_; }

 private:
  struct State;
  void dispatch(const nlohmann::json& message);
  void send(const nlohmann::json& message);
  void respond(const nlohmann::json& id, nlohmann::json result);
  void respond_error(const nlohmann::json& id, int code, std::string_view message);

  Sink sink_;
  ServerOptions options_;
  std::unique_ptr<State> state_;
  bool initialized_ = false;
  bool shutdown_ = false;
  bool exit_requested_ = false;
  std::size_t lint_count_ = 0;
};

// The stdio loop: reads framed messages from `in_fd`, writes to `out_fd`, until exit or EOF.
// Returns the process exit code.
int run_lsp(int in_fd, int out_fd, ServerOptions options = {});

}  // namespace titanlint::lsp
