// Fuzz target: the language server's message reader and the server behind it. The input is the
// byte stream a client writes (Content-Length framing and JSON-RPC bodies), fed in two pieces
// split where its first byte says; every message is handled and pending lints run after each.
// Invariants: every message the server writes is a JSON-RPC 2.0 object; every request in the
// stream is answered at most once; a published diagnostic's range never ends before it starts.
#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "fuzz_support.h"
#include "lsp_framing.h"
#include "lsp_server.h"

using nlohmann::json;
using namespace titanlint;

namespace {

void check_sent(const std::string& body, std::map<std::string, int>& answers) {
  const json m = json::parse(body, nullptr, false);
  if (m.is_discarded() || !m.is_object()) fuzz::fail("the server wrote a body that is not JSON");
  const auto version = m.find("jsonrpc");
  if (version == m.end() || *version != "2.0") fuzz::fail("a message without jsonrpc 2.0");
  const auto id = m.find("id");
  if (id != m.end() && !id->is_null() && ++answers[id->dump()] > 1)
    fuzz::fail("a request was answered twice");
  if (m.value("method", "") != "textDocument/publishDiagnostics") return;
  for (const json& d : m.at("params").at("diagnostics")) {
    const json& r = d.at("range");
    const auto line = [](const json& p) { return p.at("line").get<std::uint64_t>(); };
    const auto character = [](const json& p) { return p.at("character").get<std::uint64_t>(); };
    const json& start = r.at("start");
    const json& end = r.at("end");
    if (line(end) < line(start) || (line(end) == line(start) && character(end) < character(start)))
      fuzz::fail("a diagnostic's range ends before it starts");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  std::map<std::string, int> answers;
  lsp::ServerOptions options;
  options.debounce = std::chrono::milliseconds(0);
  options.read_workspace = false;
  lsp::Server server([&](const std::string& body) { check_sent(body, answers); }, options);
  lsp::MessageReader reader(1u << 20);
  const std::size_t split = input.empty() ? 0 : static_cast<unsigned char>(input[0]) % (size + 1);
  for (const std::string_view piece : {input.substr(0, split), input.substr(split)}) {
    reader.feed(piece);
    while (auto m = reader.next()) {
      if (m->kind == lsp::FramedMessage::Kind::Broken) return 0;
      if (m->kind == lsp::FramedMessage::Kind::TooLarge) {
        server.framing_error(-32600, m->error);
        continue;
      }
      answers.clear();  // a client may reuse ids: a request's answers are counted per message
      server.handle(m->body);
      server.run_pending();
      if (server.exit_requested()) return 0;
    }
  }
  return 0;
}
