// `titanlint lsp`: a scripted client drives the whole protocol through the server in-process
// (open, change full and incremental, diagnostics, code actions applied, hover, config reload,
// shutdown), the framing layer on its own, the real binary over pipes (exit codes, a client that
// disappears), and headless Neovim's built-in client on the guide's webapp Deployment.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "lsp_framing.h"
#include "lsp_server.h"
#include "tests_support.h"

extern char** environ;

namespace titanlint {
namespace {

using nlohmann::json;
using testing::read_file;
using testing::source_dir;
using testing::temp_dir;
using testing::write_file;
namespace fs = std::filesystem;

// A copy of the guide's k8s/ tree: the workspace the server indexes.
fs::path guide_workspace(const std::string& name) {
  const fs::path dir = temp_dir(name);
  fs::copy(source_dir() / "testdata/guide/k8s", dir, fs::copy_options::recursive);
  return fs::canonical(dir);
}

// A client that keeps every message the server sent.
class Client {
 public:
  explicit Client(std::chrono::milliseconds debounce = std::chrono::milliseconds(0))
      : server_([this](const std::string& body) { sent.push_back(json::parse(body)); },
                lsp::ServerOptions{debounce}) {}

  json request(const std::string& method, json params) {
    const int id = next_id_++;
    server_.handle(
        json{{"jsonrpc", "2.0"}, {"id", id}, {"method", method}, {"params", params}}.dump());
    for (const json& m : sent)
      if (m.contains("id") && m.at("id") == id) return m;
    ADD_FAILURE() << "no response to " << method;
    return json::object();
  }
  void notify(const std::string& method, json params) {
    server_.handle(json{{"jsonrpc", "2.0"}, {"method", method}, {"params", params}}.dump());
  }
  void raw(const std::string& body) { server_.handle(body); }
  void lint() { server_.run_pending(); }

  json initialize(const fs::path& root, json capabilities = json::object()) {
    json r = request("initialize", {{"processId", nullptr},
                                    {"rootUri", lsp::path_to_uri(root.string())},
                                    {"capabilities", capabilities}});
    notify("initialized", json::object());
    return r;
  }

  // The last diagnostics published for a file.
  std::optional<json> diagnostics(const fs::path& path) const {
    const std::string uri = lsp::path_to_uri(path.string());
    std::optional<json> last;
    for (const json& m : sent)
      if (m.value("method", "") == "textDocument/publishDiagnostics" &&
          m.at("params").at("uri") == uri)
        last = m.at("params").at("diagnostics");
    return last;
  }
  std::multiset<std::string> codes(const fs::path& path) const {
    std::multiset<std::string> out;
    if (auto d = diagnostics(path))
      for (const json& diagnostic : *d) out.insert(diagnostic.value("code", ""));
    return out;
  }

  lsp::Server& server() { return server_; }
  std::vector<json> sent;

 private:
  lsp::Server server_;
  int next_id_ = 1;
};

json text_document(const fs::path& path) {
  return {{"uri", lsp::path_to_uri(path.string())}};
}

json position(std::uint32_t line, std::uint32_t character) {
  return {{"line", line}, {"character", character}};
}

// Applies a WorkspaceEdit's edits of one file (LSP positions in `encoding`) to its text.
std::string apply(const std::string& text, const json& edits, lsp::Encoding encoding) {
  struct Edit {
    std::size_t from, to;
    std::string text;
  };
  std::vector<Edit> list;
  const lsp::LineIndex index(text);
  for (const json& e : edits) {
    const json& r = e.at("range");
    list.push_back(
        {index.offset({r.at("start").at("line"), r.at("start").at("character")}, encoding),
         index.offset({r.at("end").at("line"), r.at("end").at("character")}, encoding),
         e.at("newText")});
  }
  std::sort(list.begin(), list.end(), [](const Edit& a, const Edit& b) { return a.from > b.from; });
  std::string out = text;
  for (const Edit& e : list) out.replace(e.from, e.to - e.from, e.text);
  return out;
}

const json* find_diagnostic(const json& diagnostics, const std::string& code) {
  for (const json& d : diagnostics)
    if (d.value("code", "") == code) return &d;
  return nullptr;
}

// ---- positions and URIs ----

TEST(LspPositions, EncodingsCountCharactersAsTheirUnits) {
  const std::string text =
      "a\xF0\x9F\x98\x80"
      "b\r\nx\xC3\xA9y\rz";  // a😀b CRLF xéy CR z
  const lsp::LineIndex index(text);
  const std::size_t b = text.find('b');
  EXPECT_EQ(index.position(b, lsp::Encoding::Utf16).character, 3u);
  EXPECT_EQ(index.position(b, lsp::Encoding::Utf8).character, 5u);
  EXPECT_EQ(index.position(b, lsp::Encoding::Utf32).character, 2u);
  const std::size_t y = text.find('y');
  EXPECT_EQ(index.position(y, lsp::Encoding::Utf16).line, 1u);
  EXPECT_EQ(index.position(y, lsp::Encoding::Utf16).character, 2u);
  EXPECT_EQ(index.position(text.find('z'), lsp::Encoding::Utf16).line, 2u);
  for (auto e : {lsp::Encoding::Utf8, lsp::Encoding::Utf16, lsp::Encoding::Utf32})
    for (std::size_t offset : {std::size_t{0}, b, y, text.size()})
      EXPECT_EQ(index.offset(index.position(offset, e), e), offset);
  // Past the end of a line: the end of that line, before its line break.
  EXPECT_EQ(index.offset({0, 99}, lsp::Encoding::Utf16), text.find('\r'));
  EXPECT_EQ(index.offset({99, 0}, lsp::Encoding::Utf16), text.size());
  // Inside a surrogate pair: the character's start.
  EXPECT_EQ(index.offset({0, 2}, lsp::Encoding::Utf16), 1u);
}

TEST(LspPositions, FileUrisRoundTrip) {
  EXPECT_EQ(lsp::path_to_uri("/a b/c#d.yaml"), "file:///a%20b/c%23d.yaml");
  EXPECT_EQ(lsp::uri_to_path("file:///a%20b/c%23d.yaml"), "/a b/c#d.yaml");
  EXPECT_EQ(lsp::uri_to_path("file://localhost/x.yaml"), "/x.yaml");
  EXPECT_EQ(lsp::uri_to_path("untitled:Untitled-1"), std::nullopt);
  EXPECT_EQ(lsp::uri_to_path("file:///x%00y"), std::nullopt);
}

// ---- framing ----

TEST(LspFraming, MessagesArriveWholeWhateverTheChunking) {
  const std::string stream =
      lsp::frame(R"({"a":1})") + "Content-Type: x\r\n" + lsp::frame(R"({"b":2})").substr(0);
  for (std::size_t chunk : {std::size_t{1}, std::size_t{3}, stream.size()}) {
    lsp::MessageReader reader;
    std::vector<std::string> bodies;
    for (std::size_t i = 0; i < stream.size(); i += chunk) {
      reader.feed(std::string_view(stream).substr(i, chunk));
      while (auto m = reader.next()) {
        ASSERT_EQ(m->kind, lsp::FramedMessage::Kind::Message) << m->error;
        bodies.push_back(m->body);
      }
    }
    EXPECT_EQ(bodies, (std::vector<std::string>{R"({"a":1})", R"({"b":2})"})) << chunk;
    EXPECT_FALSE(reader.mid_message());
  }
}

TEST(LspFraming, MalformedHeadersAreErrorsNotHangs) {
  for (const std::string bad :
       {"Content-Length: x\r\n\r\n", "Content-Length: 5 6\r\n\r\n", "no colon here\r\n\r\n",
        "Content-Type: a\r\n\r\n{}", "Content-Length: -1\r\n\r\n"}) {
    lsp::MessageReader reader;
    reader.feed(bad);
    auto m = reader.next();
    ASSERT_TRUE(m) << bad;
    EXPECT_EQ(m->kind, lsp::FramedMessage::Kind::Broken) << bad;
    EXPECT_TRUE(reader.broken());
  }
  // A header that never ends is refused once it is over the bound.
  lsp::MessageReader reader;
  reader.feed(std::string(lsp::kMaxHeaderBytes + 10, 'x'));
  auto m = reader.next();
  ASSERT_TRUE(m);
  EXPECT_EQ(m->kind, lsp::FramedMessage::Kind::Broken);
}

TEST(LspFraming, ATooLargeBodyIsSkippedAndTheStreamStaysInStep) {
  lsp::MessageReader reader(16);
  reader.feed("Content-Length: 40\r\n\r\n" + std::string(20, 'x'));
  auto m = reader.next();
  ASSERT_TRUE(m);
  EXPECT_EQ(m->kind, lsp::FramedMessage::Kind::TooLarge);
  EXPECT_FALSE(reader.next());
  reader.feed(std::string(20, 'y') + lsp::frame("{}"));
  m = reader.next();
  ASSERT_TRUE(m);
  EXPECT_EQ(m->kind, lsp::FramedMessage::Kind::Message);
  EXPECT_EQ(m->body, "{}");
}

// ---- protocol ----

TEST(LspProtocol, RequestsBeforeInitializeAndErrors) {
  const fs::path root = guide_workspace("lsp-protocol");
  Client client;
  EXPECT_EQ(client.request("textDocument/hover", json::object()).at("error").at("code"), -32002);
  client.raw("{not json");
  EXPECT_EQ(client.sent.back().at("error").at("code"), -32700);
  EXPECT_TRUE(client.sent.back().at("id").is_null());
  client.raw("[1, 2]");
  EXPECT_EQ(client.sent.back().at("error").at("code"), -32600);
  client.raw(std::string(1000, '[') + std::string(1000, ']'));
  EXPECT_EQ(client.sent.back().at("error").at("code"), -32600);

  const json init = client.initialize(root);
  EXPECT_EQ(init.at("result").at("capabilities").at("positionEncoding"), "utf-16");
  EXPECT_EQ(init.at("result").at("capabilities").at("textDocumentSync").at("change"), 2);
  EXPECT_EQ(client.request("initialize", json::object()).at("error").at("code"), -32600);
  EXPECT_EQ(client.request("workspace/symbol", json::object()).at("error").at("code"), -32601);
  const std::size_t before = client.sent.size();
  client.notify("$/setTrace", {{"value", "off"}});
  client.notify("no/such/notification", json::array({1}));
  EXPECT_EQ(client.sent.size(), before);  // notifications are never answered
  // Wrongly typed params: an error response, never an exception out of the server.
  EXPECT_EQ(client.request("textDocument/hover", {{"textDocument", 5}}).at("error").at("code"),
            -32602);
  EXPECT_EQ(client
                .request("textDocument/codeAction",
                         {{"textDocument", text_document(root / "x.yaml")}, {"range", "x"}})
                .at("error")
                .at("code"),
            -32602);
  EXPECT_EQ(client.request("shutdown", nullptr).at("result"), nullptr);
  EXPECT_EQ(client.request("textDocument/hover", json::object()).at("error").at("code"), -32600);
  EXPECT_FALSE(client.server().exit_requested());
  client.notify("exit", nullptr);
  EXPECT_TRUE(client.server().exit_requested());
  EXPECT_EQ(client.server().exit_code(), 0);
}

TEST(LspProtocol, ExitWithoutShutdownIsExitCodeOne) {
  Client client;
  client.initialize(temp_dir("lsp-exit"));
  client.notify("exit", nullptr);
  EXPECT_TRUE(client.server().exit_requested());
  EXPECT_EQ(client.server().exit_code(), 1);
}

TEST(LspProtocol, PositionEncodingIsNegotiated) {
  const fs::path root = temp_dir("lsp-encoding");
  {
    Client client;
    json caps = {{"general", {{"positionEncodings", {"utf-32", "utf-16"}}}}};
    EXPECT_EQ(client.initialize(root, caps).at("result").at("capabilities").at("positionEncoding"),
              "utf-32");
  }
  {
    Client client;  // Neovim 0.7 offers clangd's offsetEncoding and reads it back at the top
    const json r = client.initialize(root, {{"offsetEncoding", {"utf-8", "utf-16"}}});
    EXPECT_EQ(r.at("result").at("offsetEncoding"), "utf-8");
  }
}

TEST(LspProtocol, FileWatchersAreRegisteredWhenTheClientCan) {
  const fs::path root = temp_dir("lsp-watch");
  Client client;
  client.initialize(root,
                    {{"workspace", {{"didChangeWatchedFiles", {{"dynamicRegistration", true}}}}}});
  const json& registration = client.sent.back();
  ASSERT_EQ(registration.value("method", ""), "client/registerCapability") << registration.dump();
  const json& options = registration.at("params").at("registrations").at(0);
  EXPECT_EQ(options.at("method"), "workspace/didChangeWatchedFiles");
  EXPECT_EQ(options.at("registerOptions").at("watchers").at(0).at("globPattern"),
            "**/.titanlint.yaml");
  // The client's answer is a response, not a request: nothing is sent back.
  const std::size_t before = client.sent.size();
  client.raw(R"({"jsonrpc":"2.0","id":"titanlint-watch","result":null})");
  EXPECT_EQ(client.sent.size(), before);
  // Without the capability, no registration.
  Client plain;
  plain.initialize(root);
  for (const json& m : plain.sent) EXPECT_NE(m.value("method", ""), "client/registerCapability");
}

// ---- diagnostics of the workspace ----

TEST(LspDiagnostics, TheWorkspaceIsLintedOnInitialize) {
  const fs::path root = guide_workspace("lsp-workspace");
  Client client;
  client.initialize(root);
  client.lint();
  const fs::path webapp = root / "webapp/deployment.yaml";
  EXPECT_EQ(client.codes(webapp),
            (std::multiset<std::string>{"TL005", "TL101", "TL102", "TL201", "TL203", "TL204",
                                        "TL401", "TL501", "TL501", "TL502", "TL507", "TL801"}));
  const json diagnostics = *client.diagnostics(webapp);
  const json& tl101 = *find_diagnostic(diagnostics, "TL101");
  // gcc: webapp/deployment.yaml:10:11 -- `name: webapp` after the `- `.
  EXPECT_EQ(tl101.at("range").at("start"), position(9, 10));
  EXPECT_EQ(tl101.at("range").at("end"), position(9, 22));
  EXPECT_EQ(tl101.at("severity"), 1);
  EXPECT_EQ(tl101.at("source"), "titanlint");
  EXPECT_EQ(tl101.at("codeDescription").at("href"),
            "https://github.com/titanlint/titanlint/blob/main/docs/rules/TL101.md");
  EXPECT_NE(tl101.at("message").get<std::string>().find("has no livenessProbe"), std::string::npos);
  // Severities: error 1, warning 2, info 3.
  EXPECT_EQ(find_diagnostic(diagnostics, "TL507")->at("severity"), 2);
  EXPECT_EQ(find_diagnostic(diagnostics, "TL801")->at("severity"), 3);
  // Cross-resource: the PDB sees the HPA of another file.
  EXPECT_EQ(client.codes(root / "api/pdb.yaml"), (std::multiset<std::string>{"TL508"}));
  // A clean file gets no (empty) publication at all.
  EXPECT_FALSE(client.diagnostics(root / "api/hpa.yaml"));
}

TEST(LspDiagnostics, IncrementalAndFullChangesRelintWhatTheyAffect) {
  const fs::path root = guide_workspace("lsp-changes");
  Client client;
  client.initialize(root);
  client.lint();
  const fs::path pdb = root / "api/pdb.yaml";
  const std::string text = read_file(pdb);
  client.notify("textDocument/didOpen", {{"textDocument",
                                          {{"uri", lsp::path_to_uri(pdb.string())},
                                           {"languageId", "yaml"},
                                           {"version", 1},
                                           {"text", text}}}});
  client.lint();
  ASSERT_EQ(client.codes(pdb), (std::multiset<std::string>{"TL508"}));
  const json pdb_diagnostics = *client.diagnostics(pdb);
  const json& tl508 = *find_diagnostic(pdb_diagnostics, "TL508");
  // minAvailable: 2 -> 1, an incremental edit of the one character.
  json range = tl508.at("range");
  const std::size_t published = client.sent.size();
  const json start = range.at("start");
  const json end = position(start.at("line"), start.at("character").get<std::uint32_t>() + 1);
  json change = json::object();
  change["range"] = {{"start", start}, {"end", end}};
  change["text"] = "1";
  json params = json::object();
  params["textDocument"] = {{"uri", lsp::path_to_uri(pdb.string())}, {"version", 2}};
  params["contentChanges"] = json::array({change});
  client.notify("textDocument/didChange", params);
  client.lint();
  EXPECT_EQ(client.codes(pdb), std::multiset<std::string>{});
  // Only the files whose diagnostics changed were published again: the PDB.
  std::set<std::string> uris;
  for (std::size_t i = published; i < client.sent.size(); ++i)
    uris.insert(client.sent[i].at("params").at("uri"));
  EXPECT_EQ(uris, std::set<std::string>{lsp::path_to_uri(pdb.string())});
  EXPECT_EQ(client.sent.back().at("params").at("version"), 2);

  // A full change back: the finding returns.
  client.notify("textDocument/didChange",
                {{"textDocument", {{"uri", lsp::path_to_uri(pdb.string())}, {"version", 3}}},
                 {"contentChanges", {{{"text", text}}}}});
  client.lint();
  EXPECT_EQ(client.codes(pdb), (std::multiset<std::string>{"TL508"}));

  // The buffer is the truth, not the disk; closing it goes back to the disk's text.
  write_file(pdb, "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n");
  client.notify("textDocument/didClose", {{"textDocument", text_document(pdb)}});
  client.lint();
  EXPECT_EQ(client.codes(pdb), std::multiset<std::string>{});
}

TEST(LspDiagnostics, AnEditRelintsTheFilesOfTheObjectsItAffects) {
  const fs::path root = guide_workspace("lsp-affects");
  Client client;
  client.initialize(root);
  client.lint();
  const fs::path hpa = root / "api/hpa.yaml";
  const fs::path pdb = root / "api/pdb.yaml";
  ASSERT_EQ(client.codes(pdb), (std::multiset<std::string>{"TL508"}));
  std::string text = read_file(hpa);
  client.notify("textDocument/didOpen",
                {{"textDocument",
                  {{"uri", lsp::path_to_uri(hpa.string())}, {"version", 1}, {"text", text}}}});
  client.lint();
  // The HPA's minReplicas 2 -> 3: the PDB's minAvailable 2 no longer blocks every eviction, and
  // the PDB (a file nobody edited) is published again without its finding.
  const std::size_t at = text.find("minReplicas: 2");
  ASSERT_NE(at, std::string::npos);
  text.replace(at, 14, "minReplicas: 3");
  client.notify("textDocument/didChange",
                {{"textDocument", text_document(hpa)}, {"contentChanges", {{{"text", text}}}}});
  client.lint();
  EXPECT_EQ(client.codes(pdb), std::multiset<std::string>{});
  text.replace(at, 14, "minReplicas: 2");
  client.notify("textDocument/didChange",
                {{"textDocument", text_document(hpa)}, {"contentChanges", {{{"text", text}}}}});
  client.lint();
  EXPECT_EQ(client.codes(pdb), (std::multiset<std::string>{"TL508"}));
}

TEST(LspDiagnostics, CrossResourceFindingsNameTheOtherObjects) {
  const fs::path root = guide_workspace("lsp-related");
  Client client;
  client.initialize(root,
                    {{"textDocument", {{"publishDiagnostics", {{"relatedInformation", true}}}}}});
  client.lint();
  const fs::path pdb = root / "api/pdb.yaml";
  const fs::path hpa = root / "api/hpa.yaml";
  // TL508: the budget blocks drains of the Deployment it selects, at its HPA's minReplicas.
  const auto tl508_related = [&] {
    const json diagnostics = *client.diagnostics(pdb);
    const json* d = find_diagnostic(diagnostics, "TL508");
    return d && d->contains("relatedInformation") ? d->at("relatedInformation") : json();
  };
  json related = tl508_related();
  ASSERT_EQ(related.size(), 2u) << related.dump(2);
  EXPECT_EQ(related[0].at("location").at("uri"),
            lsp::path_to_uri((root / "api/deployment.yaml").string()));
  EXPECT_EQ(related[0].at("location").at("range").at("start"), position(4, 8));  // name: api
  EXPECT_EQ(related[0].at("location").at("range").at("end"), position(4, 11));
  EXPECT_EQ(related[0].at("message"), "Deployment/platform/api: a workload the budget selects");
  EXPECT_EQ(related[1].at("location").at("uri"), lsp::path_to_uri(hpa.string()));
  EXPECT_EQ(related[1].at("location").at("range").at("start"), position(10, 15));  // 2
  EXPECT_EQ(related[1].at("message"),
            "HorizontalPodAutoscaler/platform/api: the autoscaler whose minimum the budget keeps");

  // TL904, in the same file: the Service's name (it sets no clusterIP).
  const fs::path statefulset = root / "daemon/statefulset.yaml";
  const json statefulset_diagnostics = *client.diagnostics(statefulset);
  const json* tl904 = find_diagnostic(statefulset_diagnostics, "TL904");
  ASSERT_TRUE(tl904);
  const json& service = tl904->at("relatedInformation").at(0);
  EXPECT_EQ(service.at("location").at("uri"), lsp::path_to_uri(statefulset.string()));
  EXPECT_EQ(service.at("location").at("range").at("start"), position(39, 8));
  EXPECT_EQ(service.at("message"),
            "Service/platform/omnitron: the governing Service, not headless");

  // The HPA moves down a line in its own file: the PDB's diagnostic is published again, with the
  // new place, although the PDB's own findings did not change.
  write_file(hpa, "# moved\n" + read_file(hpa));
  client.notify("workspace/didChangeWatchedFiles",
                {{"changes", {{{"uri", lsp::path_to_uri(hpa.string())}, {"type", 2}}}}});
  client.lint();
  related = tl508_related();
  ASSERT_EQ(related.size(), 2u);
  EXPECT_EQ(related[1].at("location").at("range").at("start"), position(11, 15));

  // A client that does not say it shows related information gets none.
  const fs::path plain_root = guide_workspace("lsp-related-plain");
  Client plain;
  plain.initialize(plain_root);
  plain.lint();
  const json plain_diagnostics = *plain.diagnostics(plain_root / "api/pdb.yaml");
  const json* bare = find_diagnostic(plain_diagnostics, "TL508");
  ASSERT_TRUE(bare);
  EXPECT_FALSE(bare->contains("relatedInformation"));
}

TEST(LspDiagnostics, ChangesAreDebounced) {
  const fs::path root = guide_workspace("lsp-debounce");
  Client client(std::chrono::milliseconds(40));
  client.initialize(root);
  client.lint();
  const fs::path webapp = root / "webapp/deployment.yaml";
  const std::string text = read_file(webapp);
  client.notify("textDocument/didOpen",
                {{"textDocument",
                  {{"uri", lsp::path_to_uri(webapp.string())}, {"version", 1}, {"text", text}}}});
  client.lint();
  const std::size_t lints = client.server().lint_count();
  client.notify("textDocument/didChange", {{"textDocument", text_document(webapp)},
                                           {"contentChanges", {{{"text", text + "\n"}}}}});
  auto due = client.server().deadline();
  ASSERT_TRUE(due);
  // Nothing runs before the quiet period is over.
  client.server().run_pending(std::chrono::steady_clock::now());
  EXPECT_EQ(client.server().lint_count(), lints);
  client.server().run_pending(*due);
  EXPECT_EQ(client.server().lint_count(), lints + 1);
  EXPECT_FALSE(client.server().deadline());
}

TEST(LspDiagnostics, UtfSixteenRangesOnALineWithAnEmoji) {
  const fs::path root = temp_dir("lsp-utf16");
  const fs::path file = root / "pod.yaml";
  // TL601 (mutable tag) points at the image value, after a flow mapping key with an emoji.
  const std::string text =
      "apiVersion: v1\nkind: Pod\nmetadata: {name: p, labels: {e: \"\xF0\x9F\x98\x80\"}}\n"
      "spec:\n  containers:\n    - {name: \"\xF0\x9F\x98\x80\", image: \"nginx:latest\"}\n";
  write_file(file, text);
  for (auto [encoding, name] :
       {std::pair{lsp::Encoding::Utf16, "utf-16"}, std::pair{lsp::Encoding::Utf8, "utf-8"}}) {
    Client client;
    client.initialize(root, {{"general", {{"positionEncodings", {name}}}}});
    client.lint();
    auto diagnostics = client.diagnostics(file);
    ASSERT_TRUE(diagnostics);
    const json* tl601 = find_diagnostic(*diagnostics, "TL601");
    ASSERT_TRUE(tl601) << diagnostics->dump();
    const json& r = tl601->at("range");
    const lsp::LineIndex index(text);
    const std::size_t from =
        index.offset({r.at("start").at("line"), r.at("start").at("character")}, encoding);
    const std::size_t to =
        index.offset({r.at("end").at("line"), r.at("end").at("character")}, encoding);
    EXPECT_EQ(text.substr(from, to - from), "\"nginx:latest\"") << name;
  }
}

TEST(LspDiagnostics, AFiftyMegabyteDocumentIsOneDiagnostic) {
  const fs::path root = temp_dir("lsp-huge");
  const fs::path file = root / "huge.yaml";
  Client client;
  client.initialize(root);
  std::string text = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: big}\ndata:\n  a: \"";
  text.append(50u << 20, 'x');
  text += "\"\n";
  client.notify("textDocument/didOpen",
                {{"textDocument", {{"uri", lsp::path_to_uri(file.string())}, {"text", text}}}});
  client.lint();
  auto diagnostics = client.diagnostics(file);
  ASSERT_TRUE(diagnostics);
  ASSERT_EQ(diagnostics->size(), 1u);
  EXPECT_NE(
      diagnostics->at(0).at("message").get<std::string>().find("over the 33554432-byte limit"),
      std::string::npos);
}

// ---- code actions and hover ----

struct OpenFile {
  fs::path path;
  std::string text;
  int version = 1;
};

void open(Client& client, OpenFile& file) {
  file.text = read_file(file.path);
  client.notify("textDocument/didOpen", {{"textDocument",
                                          {{"uri", lsp::path_to_uri(file.path.string())},
                                           {"version", file.version},
                                           {"text", file.text}}}});
  client.lint();
}

// Applies the code action titled `title` for the diagnostic `code` to the open file and lints.
void apply_action(Client& client, OpenFile& file, const std::string& code,
                  const std::string& title_prefix) {
  const json diagnostics = *client.diagnostics(file.path);
  const json* d = find_diagnostic(diagnostics, code);
  ASSERT_TRUE(d) << code;
  const json response = client.request("textDocument/codeAction",
                                       {{"textDocument", text_document(file.path)},
                                        {"range", d->at("range")},
                                        {"context", {{"diagnostics", json::array({*d})}}}});
  const json* chosen = nullptr;
  for (const json& action : response.at("result"))
    if (action.at("title").get<std::string>().starts_with(title_prefix)) chosen = &action;
  ASSERT_TRUE(chosen) << response.dump(2);
  EXPECT_EQ(chosen->at("kind"), "quickfix");
  const json& changes = chosen->at("edit").at("changes");
  ASSERT_TRUE(changes.contains(lsp::path_to_uri(file.path.string()))) << changes.dump();
  file.text =
      apply(file.text, changes.at(lsp::path_to_uri(file.path.string())), lsp::Encoding::Utf16);
  client.notify("textDocument/didChange",
                {{"textDocument",
                  {{"uri", lsp::path_to_uri(file.path.string())}, {"version", ++file.version}}},
                 {"contentChanges", {{{"text", file.text}}}}});
  client.lint();
}

TEST(LspCodeActions, TheFixAppliedLintsCleanForThatFinding) {
  const fs::path root = guide_workspace("lsp-fix");
  Client client;
  client.initialize(root);
  OpenFile webapp{root / "webapp/deployment.yaml", "", 1};
  open(client, webapp);
  ASSERT_EQ(client.codes(webapp.path).count("TL201"), 1u);
  apply_action(client, webapp, "TL201", "Fix TL201");
  EXPECT_EQ(client.codes(webapp.path).count("TL201"), 0u);
  EXPECT_NE(webapp.text.find("preStop"), std::string::npos);
  ASSERT_EQ(client.codes(webapp.path).count("TL203"), 1u);
  apply_action(client, webapp, "TL203", "Fix TL203");
  EXPECT_EQ(client.codes(webapp.path).count("TL203"), 0u);
  // Nothing new appeared: the other findings are the ones from before.
  EXPECT_EQ(client.codes(webapp.path),
            (std::multiset<std::string>{"TL005", "TL101", "TL102", "TL204", "TL401", "TL501",
                                        "TL501", "TL502", "TL507", "TL801"}));
}

TEST(LspCodeActions, ACrossResourceFixEditsTheOtherObject) {
  const fs::path root = guide_workspace("lsp-fix-other");
  Client client;
  client.initialize(root);
  client.lint();
  const fs::path statefulset = root / "daemon/statefulset.yaml";
  const json diagnostics = *client.diagnostics(statefulset);
  const json* d = find_diagnostic(diagnostics, "TL904");
  ASSERT_TRUE(d);
  const json response =
      client.request("textDocument/codeAction",
                     {{"textDocument", text_document(statefulset)}, {"range", d->at("range")}});
  bool found = false;
  for (const json& action : response.at("result")) {
    if (!action.at("title").get<std::string>().starts_with("Fix TL904")) continue;
    found = true;
    const json& changes = action.at("edit").at("changes");
    ASSERT_EQ(changes.size(), 1u);
    const std::string uri = changes.begin().key();
    const std::string path = *lsp::uri_to_path(uri);
    const std::string fixed = apply(read_file(path), changes.at(uri), lsp::Encoding::Utf16);
    EXPECT_NE(fixed.find("clusterIP: None"), std::string::npos) << fixed;
    write_file(path, fixed);
    client.notify("workspace/didChangeWatchedFiles", {{"changes", {{{"uri", uri}, {"type", 2}}}}});
    client.lint();
    EXPECT_EQ(client.codes(statefulset).count("TL904"), 0u);
  }
  EXPECT_TRUE(found) << response.dump(2);
}

TEST(LspCodeActions, IgnoreOnThisLineAndInThisFile) {
  const fs::path root = guide_workspace("lsp-ignore");
  Client client;
  client.initialize(root);
  OpenFile webapp{root / "webapp/deployment.yaml", "", 1};
  open(client, webapp);
  apply_action(client, webapp, "TL101", "Ignore TL101 on this line");
  EXPECT_EQ(client.codes(webapp.path).count("TL101"), 0u);
  EXPECT_EQ(client.codes(webapp.path).count("TL102"), 1u);
  EXPECT_NE(webapp.text.find("        # titanlint:ignore TL101\n        - name: webapp"),
            std::string::npos)
      << webapp.text;
  // A second code on the same line joins the directive that is already there.
  apply_action(client, webapp, "TL102", "Ignore TL102 on this line");
  EXPECT_EQ(client.codes(webapp.path).count("TL102"), 0u);
  EXPECT_EQ(client.codes(webapp.path).count("TL201"), 1u);
  EXPECT_NE(webapp.text.find("# titanlint:ignore TL102, TL101\n"), std::string::npos)
      << webapp.text;

  apply_action(client, webapp, "TL501", "Ignore TL501 in this file");
  EXPECT_EQ(client.codes(webapp.path).count("TL501"), 0u);
  EXPECT_TRUE(webapp.text.starts_with("# titanlint:ignore-file TL501\n"));
  EXPECT_EQ(client.codes(webapp.path).count("TL502"), 1u);
}

TEST(LspHover, AFlaggedNodeShowsTheRulesPage) {
  const fs::path root = guide_workspace("lsp-hover");
  Client client;
  client.initialize(root);
  client.lint();
  const fs::path webapp = root / "webapp/deployment.yaml";
  const json hover = client.request("textDocument/hover", {{"textDocument", text_document(webapp)},
                                                           {"position", position(8, 12)}});
  ASSERT_TRUE(hover.at("result").is_object()) << hover.dump();
  EXPECT_EQ(hover.at("result").at("contents").at("kind"), "markdown");
  const std::string value = hover.at("result").at("contents").at("value");
  EXPECT_NE(value.find("TL203"), std::string::npos) << value;
  EXPECT_NE(value.find("## What it does"), std::string::npos) << value;
  // Nothing flagged there: null.
  EXPECT_TRUE(client
                  .request("textDocument/hover",
                           {{"textDocument", text_document(webapp)}, {"position", position(0, 3)}})
                  .at("result")
                  .is_null());
}

// ---- configuration ----

TEST(LspConfig, ReloadOnChangeAndABadConfigIsOneDiagnostic) {
  const fs::path root = guide_workspace("lsp-config");
  Client client;
  client.initialize(root);
  client.lint();
  const fs::path webapp = root / "webapp/deployment.yaml";
  const fs::path config = root / ".titanlint.yaml";
  ASSERT_EQ(client.codes(webapp).count("TL101"), 1u);

  write_file(config, "rules:\n  TL101: off\nexclude: ['jobs/**']\n");
  client.notify("workspace/didChangeWatchedFiles",
                {{"changes", {{{"uri", lsp::path_to_uri(config.string())}, {"type", 1}}}}});
  client.lint();
  EXPECT_EQ(client.codes(webapp).count("TL101"), 0u);
  EXPECT_EQ(client.codes(webapp).count("TL102"), 1u);
  // The excluded file's diagnostics are withdrawn.
  EXPECT_EQ(client.codes(root / "jobs/migrate.yaml"), std::multiset<std::string>{});

  write_file(config, "rules:\n  TL101: off\n  TL999: warning\n");
  client.notify("textDocument/didSave", {{"textDocument", text_document(config)}});
  client.lint();
  auto config_diagnostics = client.diagnostics(config);
  ASSERT_TRUE(config_diagnostics);
  ASSERT_EQ(config_diagnostics->size(), 1u);
  EXPECT_EQ(config_diagnostics->at(0).at("range").at("start"), position(2, 2));
  EXPECT_NE(config_diagnostics->at(0).at("message").get<std::string>().find("TL999"),
            std::string::npos);
  // The last good config stays in force.
  EXPECT_EQ(client.codes(webapp).count("TL101"), 0u);

  write_file(config, "rules:\n  TL102: off\n");
  client.notify("textDocument/didSave", {{"textDocument", text_document(config)}});
  client.lint();
  EXPECT_EQ(client.diagnostics(config)->size(), 0u);
  EXPECT_EQ(client.codes(webapp).count("TL101"), 1u);
  EXPECT_EQ(client.codes(webapp).count("TL102"), 0u);
}

// ---- the real binary over pipes ----

struct Process {
  pid_t pid = -1;
  int in = -1;   // the server's stdin
  int out = -1;  // the server's stdout
};

Process spawn_lsp(const fs::path& cwd) {
  int to_child[2], from_child[2];
  EXPECT_EQ(::pipe(to_child), 0);
  EXPECT_EQ(::pipe(from_child), 0);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, to_child[0], 0);
  posix_spawn_file_actions_adddup2(&actions, from_child[1], 1);
  posix_spawn_file_actions_addclose(&actions, to_child[1]);
  posix_spawn_file_actions_addclose(&actions, from_child[0]);
  posix_spawn_file_actions_addchdir_np(&actions, cwd.c_str());
  std::string binary = TITANLINT_BINARY;
  std::vector<char*> argv = {binary.data(), const_cast<char*>("lsp"), const_cast<char*>("--stdio"),
                             nullptr};
  Process p;
  EXPECT_EQ(posix_spawn(&p.pid, binary.c_str(), &actions, nullptr, argv.data(), environ), 0);
  posix_spawn_file_actions_destroy(&actions);
  ::close(to_child[0]);
  ::close(from_child[1]);
  p.in = to_child[1];
  p.out = from_child[0];
  return p;
}

void send(const Process& p, const json& message) {
  const std::string framed = lsp::frame(message.dump());
  ASSERT_EQ(::write(p.in, framed.data(), framed.size()), static_cast<ssize_t>(framed.size()));
}

// The next message from the server, within a timeout.
std::optional<json> receive(const Process& p, lsp::MessageReader& reader,
                            std::chrono::milliseconds timeout = std::chrono::seconds(20)) {
  const auto until = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    if (auto m = reader.next()) return json::parse(m->body);
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        until - std::chrono::steady_clock::now());
    if (left.count() <= 0) return std::nullopt;
    pollfd fd{p.out, POLLIN, 0};
    if (::poll(&fd, 1, static_cast<int>(left.count())) <= 0) return std::nullopt;
    char buffer[65536];
    const ssize_t n = ::read(p.out, buffer, sizeof buffer);
    if (n <= 0) return std::nullopt;
    reader.feed(std::string_view(buffer, static_cast<std::size_t>(n)));
  }
}

// The exit status, or -1 when it did not exit within the timeout (it is then killed).
int wait_exit(const Process& p, std::chrono::milliseconds timeout = std::chrono::seconds(20)) {
  const auto until = std::chrono::steady_clock::now() + timeout;
  int status = 0;
  while (std::chrono::steady_clock::now() < until) {
    if (::waitpid(p.pid, &status, WNOHANG) == p.pid)
      return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ::kill(p.pid, SIGKILL);
  ::waitpid(p.pid, &status, 0);
  return -1;
}

TEST(LspBinary, ShutdownThenExitIsExitCodeZero) {
  const fs::path root = guide_workspace("lsp-binary");
  Process p = spawn_lsp(root);
  lsp::MessageReader reader;
  send(p, {{"jsonrpc", "2.0"},
           {"id", 1},
           {"method", "initialize"},
           {"params", {{"rootUri", lsp::path_to_uri(root.string())}, {"capabilities", {}}}}});
  auto init = receive(p, reader);
  ASSERT_TRUE(init);
  EXPECT_EQ(init->at("id"), 1);
  send(p, {{"jsonrpc", "2.0"}, {"method", "initialized"}, {"params", json::object()}});
  // The workspace's diagnostics arrive without any open document.
  bool webapp = false;
  while (auto m = receive(p, reader, std::chrono::seconds(5))) {
    if (m->value("method", "") == "textDocument/publishDiagnostics" &&
        m->at("params").at("uri") == lsp::path_to_uri((root / "webapp/deployment.yaml").string())) {
      webapp = true;
      break;
    }
  }
  EXPECT_TRUE(webapp);
  // Garbage in one message does not end the session.
  const std::string garbage = lsp::frame("{oops");
  ASSERT_EQ(::write(p.in, garbage.data(), garbage.size()), static_cast<ssize_t>(garbage.size()));
  auto error = receive(p, reader);
  ASSERT_TRUE(error);
  EXPECT_EQ(error->at("error").at("code"), -32700);
  send(p, {{"jsonrpc", "2.0"}, {"id", 2}, {"method", "shutdown"}});
  auto shutdown = receive(p, reader);
  ASSERT_TRUE(shutdown);
  EXPECT_EQ(shutdown->at("id"), 2);
  send(p, {{"jsonrpc", "2.0"}, {"method", "exit"}});
  EXPECT_EQ(wait_exit(p), 0);
  ::close(p.in);
  ::close(p.out);
}

TEST(LspBinary, AClientThatDisappearsEndsTheServerCleanly) {
  const fs::path root = temp_dir("lsp-gone");
  {
    // EOF on stdin without shutdown: exit 1, promptly.
    Process p = spawn_lsp(root);
    ::close(p.in);
    EXPECT_EQ(wait_exit(p), 1);
    ::close(p.out);
  }
  {
    // The client closed its reading end: the server's next write fails with EPIPE, not SIGPIPE.
    Process p = spawn_lsp(root);
    ::close(p.out);
    send(p, {{"jsonrpc", "2.0"}, {"id", 1}, {"method", "initialize"}, {"params", json::object()}});
    send(p, {{"jsonrpc", "2.0"}, {"id", 2}, {"method", "shutdown"}});
    EXPECT_EQ(wait_exit(p), 1);
    ::close(p.in);
  }
  {
    // A broken header: an error, then exit 1, never a hang.
    Process p = spawn_lsp(root);
    const std::string bad = "Content-Length: banana\r\n\r\n";
    ASSERT_EQ(::write(p.in, bad.data(), bad.size()), static_cast<ssize_t>(bad.size()));
    EXPECT_EQ(wait_exit(p), 1);
    ::close(p.in);
    ::close(p.out);
  }
}

// ---- headless Neovim (its built-in LSP client) ----

TEST(LspNeovim, HeadlessNeovimReceivesTheWebappDiagnostics) {
  if (std::system("command -v nvim > /dev/null 2>&1") != 0)
    GTEST_SKIP() << "nvim is not installed (.ci/install-deps installs Debian's neovim): the "
                    "Neovim client test is skipped";
  const fs::path root = guide_workspace("lsp-nvim");
  const fs::path out = root.parent_path() / "lsp-nvim-diagnostics.txt";
  fs::remove(out);
  const fs::path script = source_dir() / "tests/lsp/nvim_client.lua";
  const std::string command = fmt::format(
      "cd '{}' && TITANLINT='{}' TITANLINT_LSP_OUT='{}' timeout 60 nvim --headless --clean -n "
      "-u NONE -S '{}' webapp/deployment.yaml > '{}.log' 2>&1",
      root.string(), TITANLINT_BINARY, out.string(), script.string(), out.string());
  const int status = std::system(command.c_str());
  ASSERT_TRUE(fs::exists(out)) << "nvim wrote no diagnostics (exit " << status
                               << "): " << read_file(out.string() + ".log");
  // One line per diagnostic: 1-based line, code, severity.
  std::multiset<std::string> lines;
  std::ifstream in(out);
  for (std::string line; std::getline(in, line);) lines.insert(line);
  EXPECT_EQ(lines,
            (std::multiset<std::string>{"4 TL401 1", "4 TL507 2", "6 TL005 1", "6 TL204 1",
                                        "8 TL801 3", "9 TL203 1", "10 TL101 1", "10 TL102 1",
                                        "10 TL201 1", "10 TL501 1", "10 TL501 1", "10 TL502 2"}));
}

}  // namespace
}  // namespace titanlint
