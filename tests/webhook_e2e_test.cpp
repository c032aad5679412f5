// `titanlint serve` end to end: the built binary on 127.0.0.1 with a test CA made at test time,
// driven by curl and by a Beast TLS client.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <algorithm>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <optional>
#include <regex>
#include <sstream>
#include <thread>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <nlohmann/json.hpp>

#include "tests_support.h"
#include "webhook_support.h"

namespace {

namespace fs = std::filesystem;
namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = net::ssl;
using tcp = net::ip::tcp;
using nlohmann::json;
using titanlint::testing::beast_request;
using titanlint::testing::count_of;
using titanlint::testing::http_plain;
using titanlint::testing::make_cert;
using titanlint::testing::read_file;
using titanlint::testing::Reply;
using titanlint::testing::served_subject;
using titanlint::testing::Server;
using titanlint::testing::shell;
using titanlint::testing::source_dir;
using titanlint::testing::split_reply;
using titanlint::testing::TlsClient;
using titanlint::testing::write_file;

// A Beast TLS client presenting the client certificate `stem`.crt/.key (none when empty), GET
// /healthz. `handshake` tells whether the client's side of the handshake completed.
struct MtlsReply {
  bool handshake = false;
  int status = 0;
  std::string error;
};
MtlsReply beast_mtls(int port, const fs::path& ca, const fs::path& stem, bool tls12_only) {
  MtlsReply r;
  net::io_context ioc;
  ssl::context ctx(ssl::context::tls_client);
  ctx.load_verify_file(ca.string());
  ctx.set_verify_mode(ssl::verify_peer);
  if (!stem.empty()) {
    ctx.use_certificate_chain_file(stem.string() + ".crt");
    ctx.use_private_key_file(stem.string() + ".key", ssl::context::pem);
  }
  if (tls12_only) SSL_CTX_set_max_proto_version(ctx.native_handle(), TLS1_2_VERSION);
  beast::ssl_stream<beast::tcp_stream> stream(ioc, ctx);
  SSL_set_tlsext_host_name(stream.native_handle(), "localhost");
  beast::get_lowest_layer(stream).expires_after(std::chrono::seconds(10));
  beast::error_code ec;
  beast::get_lowest_layer(stream).connect(
      tcp::endpoint(net::ip::make_address("127.0.0.1"), static_cast<unsigned short>(port)), ec);
  if (!ec) stream.handshake(ssl::stream_base::client, ec);
  if (ec) {
    r.error = ec.message();
    return r;
  }
  r.handshake = true;
  http::request<http::string_body> req{http::verb::get, "/healthz", 11};
  req.set(http::field::host, "localhost");
  http::write(stream, req, ec);
  beast::flat_buffer buffer;
  http::response<http::string_body> res;
  if (!ec) http::read(stream, buffer, res, ec);
  if (ec) {
    r.error = ec.message();
    return r;
  }
  r.status = static_cast<int>(res.result_int());
  return r;
}

// The guide's Deployment with its container repeated (renamed) until the review is as large as
// the default body limit allows: 3 MiB and ~1,400 containers, a few hundred milliseconds of
// checking, the worst an API server sends.
std::string largest_review() {
  json r = json::parse(titanlint::testing::guide_review("webapp-deployment.defaulted.json"));
  json& containers = r["request"]["object"]["spec"]["template"]["spec"]["containers"];
  const json first = containers[0];
  const std::size_t per_container = first.dump().size() + 8;
  const std::size_t limit = 3u << 20;
  for (std::size_t size = r.dump().size(); size + per_container < limit; size += per_container) {
    json c = first;
    c["name"] = "c" + std::to_string(containers.size());
    containers.push_back(std::move(c));
  }
  std::string out = r.dump();
  while (out.size() > limit) {
    containers.erase(containers.size() - 1);
    out = r.dump();
  }
  return out;
}

std::string review(const std::string& object_file, const std::string& operation = "CREATE",
                   const std::string& uid = "e2e-uid-1") {
  return titanlint::testing::guide_review(object_file, operation, uid);
}

class WebhookE2E : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    ::signal(SIGPIPE, SIG_IGN);
    dir_ = titanlint::testing::temp_dir("webhook-e2e");
    titanlint::testing::make_ca(dir_);
    make_cert(dir_, "first.titanlint.test", "tls");
    make_cert(dir_, "second.titanlint.test", "next");
    make_cert(dir_, "client.titanlint.test", "client");
    // Another CA and a client certificate signed by it (for mTLS: must be refused).
    fs::create_directories(dir_ / "other");
    titanlint::testing::make_ca(dir_ / "other", "other-ca");
    make_cert(dir_ / "other", "intruder.titanlint.test", "client");
    write_file(dir_ / "deny.json", review("webapp-deployment.defaulted.json"));
    json warn = json::parse(review("api-deployment.defaulted.json"));
    warn["request"]["object"]["spec"]["template"]["spec"]["containers"][0].erase("startupProbe");
    write_file(dir_ / "warn.json", warn.dump());
    write_file(dir_ / "delete.json",
               read_file(source_dir() / "testdata/admission/corpus/kubewarden/echo/"
                                        "delete_accept.review.json"));
    write_file(dir_ / "bad.json", "{\"apiVersion\": \"admission.k8s.io/v1\", \"kind\": ");
    write_file(dir_ / "big.json", std::string(4u << 20, ' '));
  }

  // curl: "<status>\n<body>"
  Reply curl(int port, const std::string& file, const std::string& extra = "") {
    std::string out =
        shell("curl -sS --max-time 10 --cacert '" + (dir_ / "ca.crt").string() +
              "' -o - -w '\\n%{http_code}' -H 'Content-Type: application/json' " + extra +
              " --data-binary @'" + (dir_ / file).string() +
              "' 'https://localhost:" + std::to_string(port) + "/validate?timeout=5s' 2>&1");
    return split_reply(out);
  }

  // curl's exit code for POST /validate (0: a response came back).
  int curl_exit(int port, const std::string& file, const std::string& extra) {
    std::string cmd = "curl -sS --max-time 10 --cacert '" + (dir_ / "ca.crt").string() +
                      "' -o /dev/null -H 'Content-Type: application/json' " + extra +
                      " --data-binary @'" + (dir_ / file).string() +
                      "' 'https://localhost:" + std::to_string(port) + "/validate' >/dev/null 2>&1";
    int status = std::system(cmd.c_str());
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }

  // A request half sent, then `sig`: the request completes, the process exits 0.
  void signal_during_request(int sig, const std::string& name) {
    Server server(dir_);
    ASSERT_NE(server.port(), 0) << server.log();
    std::string body = read_file(dir_ / "deny.json");
    TlsClient client(server.port(), dir_ / "ca.crt");
    auto& stream = client.stream();
    std::string head =
        "POST /validate HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
        "Content-Length: " +
        std::to_string(body.size()) + "\r\n\r\n";
    net::write(stream, net::buffer(head + body.substr(0, body.size() / 2)));
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    server.signal(sig);
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    // Not ready and not accepting any more.
    EXPECT_EQ(beast_request(server.port(), dir_ / "ca.crt", "/readyz", "").status, 0);
    net::write(stream, net::buffer(body.substr(body.size() / 2)));
    beast::flat_buffer buffer;
    http::response<http::string_body> res;
    http::read(stream, buffer, res);
    EXPECT_EQ(res.result_int(), 200u);
    EXPECT_EQ(json::parse(res.body())["response"]["uid"], "e2e-uid-1");
    // The client keeps its keep-alive connection open and never answers the server's
    // close_notify: the server does not wait for it (it used to, for 2 s).
    const auto answered = std::chrono::steady_clock::now();
    EXPECT_EQ(server.wait(std::chrono::seconds(6)), 0) << server.log();
    EXPECT_LT(std::chrono::steady_clock::now() - answered, std::chrono::milliseconds(1000));
    EXPECT_NE(server.log().find("\"msg\":\"draining\",\"signal\":\"" + name + "\""),
              std::string::npos)
        << server.log();
  }

  static void TearDownTestSuite() { fs::remove_all(dir_); }

  static inline fs::path dir_;
};

TEST_F(WebhookE2E, DenyWarnDeleteMalformedAndTooLarge) {
  Server server(dir_);
  ASSERT_NE(server.port(), 0) << server.log();
  Reply deny = curl(server.port(), "deny.json");
  ASSERT_EQ(deny.status, 200) << deny.body;
  json d = json::parse(deny.body);
  EXPECT_EQ(d["response"]["uid"], "e2e-uid-1");
  EXPECT_EQ(d["response"]["allowed"], false);
  EXPECT_NE(
      d["response"]["status"]["message"].get<std::string>().find("TL102 readiness-probe-missing"),
      std::string::npos);

  Reply warn = curl(server.port(), "warn.json");
  ASSERT_EQ(warn.status, 200) << warn.body;
  json w = json::parse(warn.body);
  EXPECT_EQ(w["response"]["allowed"], true);
  EXPECT_TRUE(w["response"].contains("warnings")) << warn.body;

  Reply del = curl(server.port(), "delete.json");
  ASSERT_EQ(del.status, 200) << del.body;
  EXPECT_EQ(json::parse(del.body)["response"]["allowed"], true);

  Reply bad = curl(server.port(), "bad.json");
  EXPECT_EQ(bad.status, 400) << bad.body;
  EXPECT_NE(bad.body.find("malformed JSON"), std::string::npos) << bad.body;

  Reply big = curl(server.port(), "big.json");
  EXPECT_EQ(big.status, 413) << big.body;

  // Other paths and methods; health, readiness, metrics on the TLS port.
  EXPECT_EQ(beast_request(server.port(), dir_ / "ca.crt", "/nope", "").status, 404);
  EXPECT_EQ(beast_request(server.port(), dir_ / "ca.crt", "/validate", "").status, 405);
  EXPECT_EQ(beast_request(server.port(), dir_ / "ca.crt", "/healthz", "").status, 200);
  EXPECT_EQ(beast_request(server.port(), dir_ / "ca.crt", "/readyz", "").status, 200);
  Reply metrics = beast_request(server.port(), dir_ / "ca.crt", "/metrics", "");
  EXPECT_NE(metrics.body.find("titanlint_admission_requests_total{operation=\"CREATE\",kind="
                              "\"Deployment\",decision=\"denied\"} 1"),
            std::string::npos)
      << metrics.body;
  EXPECT_NE(metrics.body.find("titanlint_certificate_not_after_seconds 1"), std::string::npos);
  EXPECT_NE(metrics.body.find("titanlint_findings_total{rule=\"TL102\"}"), std::string::npos);
  EXPECT_NE(server.log().find("\"uid\":\"e2e-uid-1\""), std::string::npos);
}

// Request lines are buffered (BufferedLogSink): they reach stderr within about a second without
// any other traffic, and all of them at exit.
TEST_F(WebhookE2E, RequestLogLinesAreWrittenWithinASecondAndAtExit) {
  Server server(dir_);
  ASSERT_NE(server.port(), 0) << server.log();
  ASSERT_EQ(curl(server.port(), "deny.json").status, 200);
  auto admission_lines = [&] {
    std::vector<json> lines;
    std::istringstream in(server.log());
    for (std::string line; std::getline(in, line);)
      if (line.find("\"msg\":\"admission\"") != std::string::npos)
        lines.push_back(json::parse(line));
    return lines;
  };
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(3);
  while (admission_lines().empty() && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  std::vector<json> lines = admission_lines();
  ASSERT_EQ(lines.size(), 1u) << server.log();
  EXPECT_EQ(lines[0]["level"], "info");
  EXPECT_EQ(lines[0]["uid"], "e2e-uid-1");
  EXPECT_EQ(lines[0]["kind"], "Deployment");
  EXPECT_EQ(lines[0]["operation"], "CREATE");
  EXPECT_EQ(lines[0]["decision"], "denied");
  EXPECT_NE(std::find(lines[0]["rules"].begin(), lines[0]["rules"].end(), "TL102"),
            lines[0]["rules"].end());
  EXPECT_TRUE(lines[0]["us"].is_number_integer());

  ASSERT_EQ(curl(server.port(), "delete.json").status, 200);
  server.signal(SIGTERM);
  ASSERT_EQ(server.wait(std::chrono::seconds(6)), 0) << server.log();
  lines = admission_lines();
  ASSERT_EQ(lines.size(), 2u) << server.log();
  EXPECT_EQ(lines[1]["decision"], "skipped");
}

TEST_F(WebhookE2E, TlsOneOneAndPlaintextAreRefused) {
  Server server(dir_);
  ASSERT_NE(server.port(), 0) << server.log();
  EXPECT_NE(curl(server.port(), "deny.json", "--tls-max 1.1").status, 200);
  std::string plain = shell(
      "curl -sS --max-time 5 -o /dev/null -w '%{http_code}' "
      "--data-binary @'" +
      (dir_ / "deny.json").string() + "' http://127.0.0.1:" + std::to_string(server.port()) +
      "/validate 2>/dev/null");
  EXPECT_EQ(plain, "000");
  EXPECT_EQ(curl(server.port(), "deny.json", "--tls-max 1.2").status, 200);
}

TEST_F(WebhookE2E, SlowClientDoesNotDelayOthersAndIsCutAtTheDeadline) {
  Server server(dir_, "--threads 1");
  ASSERT_NE(server.port(), 0) << server.log();
  std::atomic<bool> cut{false};
  std::atomic<double> cut_after{0};
  std::thread slow([&] {
    try {
      TlsClient client(server.port(), dir_ / "ca.crt");
      auto& stream = client.stream();
      const std::string head =
          "POST /validate HTTP/1.1\r\nHost: localhost\r\nContent-Length: 100\r\n\r\n";
      auto start = std::chrono::steady_clock::now();
      // One byte a second; once the server has cut the connection a write fails (the first
      // one after the close gets a reset, the next one sees it).
      for (char c : head) {
        beast::error_code ec;
        net::write(stream, net::buffer(&c, 1), ec);
        if (ec) break;
        std::this_thread::sleep_for(std::chrono::seconds(1));
      }
      cut_after = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      cut = true;
    } catch (const std::exception&) {
      cut = true;
    }
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  auto start = std::chrono::steady_clock::now();
  Reply fast =
      beast_request(server.port(), dir_ / "ca.crt", "/validate", read_file(dir_ / "deny.json"));
  double fast_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_EQ(fast.status, 200);
  EXPECT_LT(fast_seconds, 0.5);
  slow.join();
  EXPECT_TRUE(cut);
  EXPECT_GE(cut_after.load(), 2.0);  // --read-timeout 2 ...
  EXPECT_LE(cut_after.load(), 5.0);  // ... seen by the client within two more writes
}

// A review that takes long to check goes to a review thread: with one connection thread, that
// thread keeps answering another connection meanwhile (checked in line, the health check waiting
// behind it would wait most of the review's time). Typical reviews are checked in line.
TEST_F(WebhookE2E, LargeReviewDoesNotStallOtherConnections) {
  Server server(dir_, "--threads 1");
  ASSERT_NE(server.port(), 0) << server.log();
  const std::string huge = largest_review();
  ASSERT_GT(huge.size(), 3000000u);
  ASSERT_EQ(
      beast_request(server.port(), dir_ / "ca.crt", "/validate", read_file(dir_ / "deny.json"))
          .status,
      200);

  // One keep-alive connection asking for /healthz, already open when the review is sent.
  TlsClient health(server.port(), dir_ / "ca.crt");
  auto ask_health = [&] {
    return health.exchange("GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n").status;
  };
  ASSERT_EQ(ask_health(), 200);

  using Clock = std::chrono::steady_clock;
  std::atomic<bool> answered{false};
  Reply big;
  double review_seconds = 0;
  std::thread reviewer([&] {
    const auto start = Clock::now();
    big = beast_request(server.port(), dir_ / "ca.crt", "/validate", huge);
    review_seconds = std::chrono::duration<double>(Clock::now() - start).count();
    answered = true;
  });
  double longest = 0;
  int health_answers = 0;
  while (!answered) {
    const auto start = Clock::now();
    ASSERT_EQ(ask_health(), 200);
    longest = std::max(longest, std::chrono::duration<double>(Clock::now() - start).count());
    ++health_answers;
  }
  reviewer.join();
  ASSERT_EQ(big.status, 200) << server.log();
  EXPECT_EQ(json::parse(big.body)["response"]["allowed"], false);
  EXPECT_GE(health_answers, 3);
  EXPECT_LT(longest, review_seconds / 3)
      << "review " << review_seconds << " s, health check waited up to " << longest << " s";
  Reply metrics = beast_request(server.port(), dir_ / "ca.crt", "/metrics", "");
  EXPECT_NE(metrics.body.find("\ntitanlint_admission_offloaded_total 1\n"), std::string::npos)
      << metrics.body;
}

TEST_F(WebhookE2E, TwoHundredConcurrentConnections) {
  Server server(dir_);
  ASSERT_NE(server.port(), 0) << server.log();
  std::string body = read_file(dir_ / "deny.json");
  std::atomic<int> ok{0};
  std::vector<std::thread> clients;
  for (int i = 0; i < 200; ++i)
    clients.emplace_back([&] {
      if (beast_request(server.port(), dir_ / "ca.crt", "/validate", body).status == 200) ++ok;
    });
  for (auto& t : clients) t.join();
  EXPECT_EQ(ok.load(), 200);
}

TEST_F(WebhookE2E, CertificateRotationWhileRequestsFlow) {
  fs::copy_file(dir_ / "tls.crt", dir_ / "orig.crt", fs::copy_options::overwrite_existing);
  fs::copy_file(dir_ / "tls.key", dir_ / "orig.key", fs::copy_options::overwrite_existing);
  Server server(dir_);
  ASSERT_NE(server.port(), 0) << server.log();
  auto subject = [&] { return served_subject(server.port()); };
  EXPECT_NE(subject().find("first.titanlint.test"), std::string::npos);
  std::string body = read_file(dir_ / "deny.json");
  std::atomic<bool> stop{false};
  std::atomic<int> ok{0}, failed{0};
  std::vector<std::thread> clients;
  for (int i = 0; i < 4; ++i)
    clients.emplace_back([&] {
      while (!stop)
        (beast_request(server.port(), dir_ / "ca.crt", "/validate", body).status == 200 ? ok
                                                                                        : failed)++;
    });
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  // As a Secret volume update does: new files appear, then are swapped in.
  fs::copy_file(dir_ / "next.key", dir_ / "tls.key.new", fs::copy_options::overwrite_existing);
  fs::copy_file(dir_ / "next.crt", dir_ / "tls.crt.new", fs::copy_options::overwrite_existing);
  fs::rename(dir_ / "tls.key.new", dir_ / "tls.key");
  fs::rename(dir_ / "tls.crt.new", dir_ / "tls.crt");
  std::this_thread::sleep_for(std::chrono::milliseconds(1200));
  stop = true;
  for (auto& t : clients) t.join();
  EXPECT_EQ(failed.load(), 0);
  EXPECT_GT(ok.load(), 10);
  EXPECT_NE(subject().find("second.titanlint.test"), std::string::npos) << server.log();
  EXPECT_NE(server.log().find("certificate reloaded"), std::string::npos);
  fs::copy_file(dir_ / "orig.crt", dir_ / "tls.crt", fs::copy_options::overwrite_existing);
  fs::copy_file(dir_ / "orig.key", dir_ / "tls.key", fs::copy_options::overwrite_existing);
}

TEST_F(WebhookE2E, SigtermDuringARequestCompletesItAndExitsZero) {
  signal_during_request(SIGTERM, "SIGTERM");
}

TEST_F(WebhookE2E, SigintDuringARequestCompletesItAndExitsZero) {
  signal_during_request(SIGINT, "SIGINT");
}

// A request still half sent when the drain deadline comes is cut, and the exit status says so.
TEST_F(WebhookE2E, DrainDeadlineCuttingARequestExitsOne) {
  titanlint::testing::ServerSetup setup;
  setup.drain_timeout = "0.5";
  Server server(dir_, setup);
  ASSERT_NE(server.port(), 0) << server.log();
  TlsClient idle(server.port(), dir_ / "ca.crt");  // closed at once by the drain
  TlsClient client(server.port(), dir_ / "ca.crt");
  client.write("POST /validate HTTP/1.1\r\nHost: localhost\r\nContent-Length: 100\r\n\r\n{");
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  server.signal(SIGTERM);
  const auto idle_closed = titanlint::testing::wait_peer_close(idle.fd(), std::chrono::seconds(5));
  ASSERT_TRUE(idle_closed.has_value());
  EXPECT_LT(*idle_closed, 0.4);
  EXPECT_EQ(server.wait(std::chrono::seconds(6)), 1) << server.log();
  EXPECT_NE(server.log().find("\"msg\":\"stopped\",\"openConnections\":1"), std::string::npos)
      << server.log();
}

// The drain ends when its last connection closes, not at the deadline nor at a later poll: the
// closing session signals it.
TEST_F(WebhookE2E, DrainEndsAsTheLastConnectionCloses) {
  titanlint::testing::ServerSetup setup;
  setup.drain_timeout = "20";
  Server server(dir_, setup);
  ASSERT_NE(server.port(), 0) << server.log();
  std::optional<TlsClient> client;
  client.emplace(server.port(), dir_ / "ca.crt");
  client->write("POST /validate HTTP/1.1\r\nHost: localhost\r\nContent-Length: 100\r\n\r\n{");
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  server.signal(SIGTERM);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  const auto closed = std::chrono::steady_clock::now();
  client.reset();  // the request in flight goes away with its client
  EXPECT_EQ(server.wait(std::chrono::seconds(6)), 0) << server.log();
  EXPECT_LT(std::chrono::steady_clock::now() - closed, std::chrono::seconds(2)) << server.log();
  EXPECT_NE(server.log().find("\"msg\":\"stopped\",\"openConnections\":0"), std::string::npos)
      << server.log();
}

TEST_F(WebhookE2E, MutualTlsAcceptsOnlyClientsOfTheClientCa) {
  Server server(dir_, "--client-ca '" + (dir_ / "ca.crt").string() + "'");
  ASSERT_NE(server.port(), 0) << server.log();
  const fs::path good = dir_ / "client";
  const fs::path foreign = dir_ / "other" / "client";
  auto cert_args = [](const fs::path& stem) {
    return "--cert '" + stem.string() + ".crt' --key '" + stem.string() + ".key'";
  };
  Reply ok = curl(server.port(), "deny.json", cert_args(good));
  EXPECT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(json::parse(ok.body)["response"]["allowed"], false);
  EXPECT_NE(curl_exit(server.port(), "deny.json", ""), 0);
  EXPECT_NE(curl_exit(server.port(), "deny.json", cert_args(foreign)), 0);
  EXPECT_NE(curl_exit(server.port(), "deny.json", "--tls-max 1.2"), 0);

  MtlsReply beast_ok = beast_mtls(server.port(), dir_ / "ca.crt", good, false);
  EXPECT_EQ(beast_ok.status, 200) << beast_ok.error;
  EXPECT_EQ(beast_mtls(server.port(), dir_ / "ca.crt", good, true).status, 200);
  for (const fs::path& stem : {fs::path(), foreign}) {
    // TLS 1.2: the handshake fails. TLS 1.3: the client finishes its side of the handshake
    // before the server has checked its certificate; the server's alert ends the connection
    // at the first read, and no response comes back.
    MtlsReply tls12 = beast_mtls(server.port(), dir_ / "ca.crt", stem, true);
    EXPECT_FALSE(tls12.handshake) << stem;
    EXPECT_EQ(tls12.status, 0) << stem;
    MtlsReply tls13 = beast_mtls(server.port(), dir_ / "ca.crt", stem, false);
    EXPECT_EQ(tls13.status, 0) << stem;
    EXPECT_NE(tls13.error.find(stem.empty() ? "certificate required" : "unknown ca"),
              std::string::npos)
        << tls13.error;
  }
  EXPECT_NE(server.log().find("\"mTLS\":true"), std::string::npos);
}

TEST_F(WebhookE2E, MetricsListenerServesPlainHttpButNeverValidate) {
  Server server(dir_, "--metrics-listen 127.0.0.1:0");
  ASSERT_NE(server.port(), 0) << server.log();
  const int metrics_port = server.metrics_port();
  ASSERT_NE(metrics_port, 0) << server.log();
  ASSERT_NE(metrics_port, server.port());
  // The TLS port still serves /validate: one deny.
  Reply deny = curl(server.port(), "deny.json");
  ASSERT_EQ(deny.status, 200) << deny.body;
  EXPECT_EQ(json::parse(deny.body)["response"]["allowed"], false);

  EXPECT_EQ(http_plain(metrics_port, "/healthz").status, 200);
  EXPECT_EQ(http_plain(metrics_port, "/readyz").status, 200);
  Reply validate = http_plain(metrics_port, "/validate",
                              "-X POST -H 'Content-Type: application/json' --data-binary @'" +
                                  (dir_ / "deny.json").string() + "'");
  EXPECT_EQ(validate.status, 404) << validate.body;
  EXPECT_EQ(http_plain(metrics_port, "/validate").status, 404);
  // Plain HTTP only: a TLS client gets nothing there.
  EXPECT_EQ(beast_request(metrics_port, dir_ / "ca.crt", "/healthz", "").status, 0);

  Reply metrics = http_plain(metrics_port, "/metrics");
  ASSERT_EQ(metrics.status, 200) << metrics.body;
  const std::string& m = metrics.body;
  EXPECT_NE(m.find("titanlint_admission_requests_total{operation=\"CREATE\",kind=\"Deployment\","
                   "decision=\"denied\"} 1\n"),
            std::string::npos)
      << m;
  EXPECT_NE(m.find("# TYPE titanlint_admission_duration_seconds histogram"), std::string::npos);
  EXPECT_NE(m.find("titanlint_admission_duration_seconds_bucket{le=\"+Inf\"} 1\n"),
            std::string::npos)
      << m;
  EXPECT_NE(m.find("titanlint_admission_duration_seconds_bucket{le=\"2.5\"} 1\n"),
            std::string::npos)
      << m;
  EXPECT_NE(m.find("titanlint_admission_duration_seconds_count 1\n"), std::string::npos) << m;
  EXPECT_NE(m.find("titanlint_findings_total{rule=\"TL102\"} 1\n"), std::string::npos) << m;
  EXPECT_TRUE(
      std::regex_search(m, std::regex("\ntitanlint_build_info\\{version=\"[^\"]+\"\\} 1\n")))
      << m;
  // Certificate not-after: the serving certificate's, as a Unix time.
  std::string expected = shell("date -d \"$(openssl x509 -enddate -noout -in '" +
                               (dir_ / "tls.crt").string() + "' | cut -d= -f2)\" +%s");
  ASSERT_FALSE(expected.empty());
  EXPECT_NE(m.find("titanlint_certificate_not_after_seconds " + expected), std::string::npos)
      << expected << m;
}

// Label values from requests come from a closed set: 20,000 reviews with distinct kinds and
// distinct invalid operations leave the series count, the /metrics size and the RSS flat.
TEST_F(WebhookE2E, ClientChosenKindsAndOperationsDoNotGrowTheMetrics) {
  Server server(dir_);
  ASSERT_NE(server.port(), 0) << server.log();
  auto review = [](int i) {
    // Even: a CREATE of a made-up kind (allowed: no rule applies); odd: an operation the API
    // never sends (400); every 10th kind is not even a kind name.
    const std::string kind =
        i % 10 == 0 ? "K\\\"-" + std::to_string(i) : "Kind" + std::to_string(i);
    const std::string operation = i % 2 == 0 ? "CREATE" : "OP" + std::to_string(i);
    json r = {
        {"apiVersion", "admission.k8s.io/v1"},
        {"kind", "AdmissionReview"},
        {"request",
         {{"uid", "u" + std::to_string(i)},
          {"kind", {{"group", "example.com"}, {"version", "v1"}, {"kind", kind}}},
          {"operation", operation},
          {"namespace", "default"},
          {"name", "x"},
          {"object",
           {{"apiVersion", "example.com/v1"}, {"kind", kind}, {"metadata", {{"name", "x"}}}}}}}};
    const std::string body = r.dump();
    return "POST /validate HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
           "Content-Length: " +
           std::to_string(body.size()) + "\r\n\r\n" + body;
  };
  // Two keep-alive clients share the reviews [from, to).
  auto send = [&](int from, int to) {
    std::atomic<int> answered{0};
    auto client = [&](int first) {
      std::optional<TlsClient> c;
      for (int i = first; i < to; i += 2) {
        if (!c) c.emplace(server.port(), dir_ / "ca.crt");
        Reply r = c->exchange(review(i));
        if (r.status == 0) c.reset();  // the server may close after a 400: reconnect
        if (r.status == 200 || r.status == 400) ++answered;
      }
    };
    std::thread a(client, from), b(client, from + 1);
    a.join();
    b.join();
    return answered.load();
  };
  auto scrape = [&] { return beast_request(server.port(), dir_ / "ca.crt", "/metrics", "").body; };

  ASSERT_EQ(send(0, 2000), 2000) << server.log();
  const std::string warm = scrape();
  ASSERT_EQ(send(2000, 20000), 18000) << server.log();
  const std::string after = scrape();

  const int series = count_of(after, "\ntitanlint_admission_requests_total{");
  EXPECT_LE(series, 2 * (static_cast<int>(256) + 2)) << after.substr(0, 4000);
  EXPECT_LT(after.size(), 64u * 1024);
  EXPECT_LE(after.size(), warm.size() + 64) << "the metrics grew with the kinds";
  EXPECT_NE(after.find("{operation=\"invalid\",kind=\"other\",decision=\"rejected\"}"),
            std::string::npos)
      << after.substr(0, 4000);
  EXPECT_NE(after.find("{operation=\"CREATE\",kind=\"invalid\",decision=\"allowed\"}"),
            std::string::npos)
      << after.substr(0, 4000);
  EXPECT_EQ(after.find("\"OP1\""), std::string::npos);
  EXPECT_EQ(after.find("Kind19998"), std::string::npos);
  const auto over_cap =
      titanlint::testing::metric_value(after, "titanlint_admission_kinds_over_cap_total");
  ASSERT_TRUE(over_cap.has_value()) << after;
  EXPECT_GT(*over_cap, 17000);
  // The sanitizers' allocators keep freed memory in quarantine, so RSS is only judged without.
  if (!titanlint::testing::kSanitized) {
    const auto rss_warm = titanlint::testing::metric_value(warm, "process_resident_memory_bytes");
    const auto rss_after = titanlint::testing::metric_value(after, "process_resident_memory_bytes");
    ASSERT_TRUE(rss_warm && rss_after);
    EXPECT_LT(*rss_after - *rss_warm, 2.0 * 1024 * 1024) << *rss_warm << " -> " << *rss_after;
  }
}

// Descriptors used up despite the connection limit (here the limit is set above what `ulimit`
// allows; webhook_faults_test checks that the default limit keeps a reserve).
TEST_F(WebhookE2E, OutOfFileDescriptorsBacksOffAndRecovers) {
  Server server(dir_, "--threads 2 --max-connections 1000", "ulimit -n 64 && ");
  ASSERT_NE(server.port(), 0) << server.log();
  {
    net::io_context ioc;
    std::vector<tcp::socket> clients;
    const tcp::endpoint endpoint(net::ip::make_address("127.0.0.1"),
                                 static_cast<unsigned short>(server.port()));
    for (int i = 0; i < 100; ++i) {
      tcp::socket socket(ioc);
      beast::error_code ec;
      socket.connect(endpoint, ec);  // completes in the listen backlog even when not accepted
      if (!ec) clients.push_back(std::move(socket));
    }
    EXPECT_EQ(clients.size(), 100u);
    // Backing off, not spinning on accept: little CPU while out of descriptors (measured before
    // --read-timeout 2 cuts the idle connections and frees descriptors).
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    const double cpu_before = server.cpu_seconds();
    std::this_thread::sleep_for(std::chrono::milliseconds(800));
    EXPECT_LT(server.cpu_seconds() - cpu_before, 0.3);
    EXPECT_NE(server.log().find("\"msg\":\"accept failed\""), std::string::npos) << server.log();
    EXPECT_NE(server.log().find("Too many open files"), std::string::npos);
    EXPECT_TRUE(server.alive());
  }  // the clients close
  Reply after =
      beast_request(server.port(), dir_ / "ca.crt", "/validate", read_file(dir_ / "deny.json"));
  EXPECT_EQ(after.status, 200) << server.log();
  EXPECT_TRUE(server.alive());
  Reply metrics = beast_request(server.port(), dir_ / "ca.crt", "/metrics", "");
  EXPECT_TRUE(
      std::regex_search(metrics.body, std::regex("\ntitanlint_accept_errors_total [1-9][0-9]*\n")))
      << metrics.body;
}

TEST_F(WebhookE2E, DevCertificateOnlyInATerminal) {
  // In a terminal (script provides a pty): an in-memory self-signed certificate.
  const fs::path out = dir_ / "dev-terminal.out";
  pid_t script = ::fork();
  if (script == 0) {
    std::string cmd = std::string("exec script -qec \"exec '") + TITANLINT_BINARY +
                      "' serve --listen 127.0.0.1:0 --log-format json\" /dev/null </dev/null >'" +
                      out.string() + "' 2>&1";
    ::execl("/bin/sh", "sh", "-c", cmd.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  ASSERT_GT(script, 0);
  int port = 0;
  std::regex port_re("\"port\":([0-9]+)");
  for (int i = 0; i < 200 && port == 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
    std::smatch m;
    std::string text = read_file(out);
    if (std::regex_search(text, m, port_re)) port = std::stoi(m[1]);
  }
  // The server is script's child (the shells exec).
  std::string children = read_file(fs::path("/proc") / std::to_string(script) / "task" /
                                   std::to_string(script) / "children");
  const pid_t server = static_cast<pid_t>(std::atoi(children.c_str()));
  EXPECT_NE(port, 0) << read_file(out);
  EXPECT_GT(server, 0);
  if (port != 0) {
    std::string health =
        shell("curl -sSk --max-time 5 https://127.0.0.1:" + std::to_string(port) + "/healthz 2>&1");
    EXPECT_EQ(health, "ok\n");
    EXPECT_NE(served_subject(port).find("titanlint-dev"), std::string::npos);
  }
  ::kill(server > 0 ? server : script, SIGTERM);
  int status = 0;
  for (int i = 0; i < 500 && ::waitpid(script, &status, WNOHANG) == 0; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  if (::waitpid(script, &status, WNOHANG) == 0) {
    ::kill(script, SIGKILL);
    ::waitpid(script, &status, 0);
    ADD_FAILURE() << "did not stop on SIGTERM: " << read_file(out);
  }
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status << read_file(out);
  EXPECT_NE(read_file(out).find("serving an in-memory self-signed certificate"), std::string::npos)
      << read_file(out);

  // Without a terminal: refused, exit 2, a clear message.
  auto refused = titanlint::testing::run_titanlint("serve --listen 127.0.0.1:0", dir_);
  EXPECT_EQ(refused.exit_code, 2) << refused.err;
  EXPECT_NE(refused.err.find("serve needs --tls-cert and --tls-key"), std::string::npos)
      << refused.err;
}

TEST_F(WebhookE2E, InvalidReplacementCertificateKeepsTheOldOne) {
  fs::copy_file(dir_ / "tls.crt", dir_ / "reload.crt", fs::copy_options::overwrite_existing);
  fs::copy_file(dir_ / "tls.key", dir_ / "reload.key", fs::copy_options::overwrite_existing);
  Server server(dir_, "", "", "reload");
  ASSERT_NE(server.port(), 0) << server.log();
  write_file(dir_ / "reload.crt.new",
             "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n");
  fs::rename(dir_ / "reload.crt.new", dir_ / "reload.crt");
  // Logged at error level, with the reason.
  const std::regex failed_line(
      "\"level\":\"error\",\"error\":\"certificate or key does not load[^\n]*"
      "\"msg\":\"certificate reload failed; keeping the previous one\"");
  EXPECT_TRUE(titanlint::testing::eventually(
      [&] { return std::regex_search(server.log(), failed_line); }, std::chrono::seconds(3)))
      << server.log();
  // Five more polls (--cert-poll 0.2) of the same broken file: not retried, not logged again.
  std::this_thread::sleep_for(std::chrono::seconds(1));
  EXPECT_EQ(titanlint::testing::count_of(server.log(), "certificate reload failed"), 1)
      << server.log();
  EXPECT_TRUE(server.alive());
  EXPECT_EQ(curl(server.port(), "deny.json").status, 200);
  EXPECT_NE(served_subject(server.port()).find("first.titanlint.test"), std::string::npos);
  EXPECT_EQ(beast_request(server.port(), dir_ / "ca.crt", "/readyz", "").status, 200);
  Reply metrics = beast_request(server.port(), dir_ / "ca.crt", "/metrics", "");
  EXPECT_EQ(
      titanlint::testing::metric_value(metrics.body, "titanlint_certificate_reload_failures_total"),
      1.0)
      << metrics.body;
  EXPECT_NE(metrics.body.find("\ntitanlint_certificate_reloads_total 0\n"), std::string::npos);

  // Another broken file is another change: reported once more.
  write_file(dir_ / "reload.crt.new", "not PEM at all\n");
  fs::rename(dir_ / "reload.crt.new", dir_ / "reload.crt");
  EXPECT_TRUE(titanlint::testing::eventually(
      [&] { return titanlint::testing::count_of(server.log(), "certificate reload failed") == 2; },
      std::chrono::seconds(3)))
      << server.log();
  EXPECT_EQ(beast_request(server.port(), dir_ / "ca.crt", "/readyz", "").status, 200);

  // Repaired: the next valid pair is picked up.
  fs::copy_file(dir_ / "next.key", dir_ / "reload.key.new", fs::copy_options::overwrite_existing);
  fs::copy_file(dir_ / "next.crt", dir_ / "reload.crt.new", fs::copy_options::overwrite_existing);
  fs::rename(dir_ / "reload.key.new", dir_ / "reload.key");
  fs::rename(dir_ / "reload.crt.new", dir_ / "reload.crt");
  bool reloaded = false;
  for (int i = 0; i < 150 && !reloaded; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    reloaded = server.log().find("certificate reloaded") != std::string::npos;
  }
  EXPECT_TRUE(reloaded) << server.log();
  EXPECT_NE(served_subject(server.port()).find("second.titanlint.test"), std::string::npos);
}

}  // namespace

namespace {

// titanlint's own deployment lints clean (one reasoned suppression: TL405 for the API server's
// ingress, which no pod selector can name).
TEST(Manifests, LintClean) {
  auto result = titanlint::testing::run_titanlint("lint --format gcc --fail-on info manifests/");
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_EQ(result.out, "") << result.out;
}

}  // namespace
