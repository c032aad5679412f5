// `titanlint serve` end to end: the built binary on 127.0.0.1 with a test CA made at test time,
// driven by curl and by a Beast TLS client.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <regex>
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

namespace {

namespace fs = std::filesystem;
namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = net::ssl;
using tcp = net::ip::tcp;
using nlohmann::json;
using titanlint::testing::read_file;
using titanlint::testing::source_dir;
using titanlint::testing::write_file;

std::string shell(const std::string& command) {
  std::string out;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (!pipe) return out;
  char buf[4096];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, pipe)) > 0) out.append(buf, n);
  ::pclose(pipe);
  return out;
}

// A CA and a server certificate for localhost/127.0.0.1 signed by it (EC P-256).
void make_cert(const fs::path& dir, const std::string& cn, const std::string& prefix) {
  std::string cmd = "cd '" + dir.string() + "' && " +
                    "openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout " +
                    prefix + ".key -out " + prefix + ".csr -subj /CN=" + cn + " 2>/dev/null && " +
                    "printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\\n' > ext && " +
                    "openssl x509 -req -in " + prefix + ".csr -CA ca.crt -CAkey ca.key " +
                    "-CAcreateserial -out " + prefix + ".crt -days 2 -extfile ext 2>/dev/null";
  ASSERT_EQ(std::system(cmd.c_str()), 0);
}

class Server {
 public:
  Server(const fs::path& dir, const std::string& extra = "") : dir_(dir) {
    log_ = dir / ("server-" + std::to_string(++count_) + ".log");
    pid_ = ::fork();
    if (pid_ == 0) {
      std::string cmd = std::string("exec '") + TITANLINT_BINARY +
                        "' serve --listen 127.0.0.1:0 --tls-cert '" + (dir / "tls.crt").string() +
                        "' --tls-key '" + (dir / "tls.key").string() + "' --read-timeout 2 " +
                        "--cert-poll 0.2 --drain-timeout 5 --log-format json " + extra +
                        " </dev/null 2>'" + log_.string() + "'";
      ::execl("/bin/sh", "sh", "-c", cmd.c_str(), static_cast<char*>(nullptr));
      ::_exit(127);
    }
    std::regex port_re("\"port\":([0-9]+)");
    for (int i = 0; i < 200 && port_ == 0; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(25));
      std::smatch m;
      std::string text = read_file(log_);
      if (std::regex_search(text, m, port_re)) port_ = std::stoi(m[1]);
    }
  }
  ~Server() {
    if (pid_ > 0 && !waited_) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
  }
  int port() const { return port_; }
  std::string log() const { return read_file(log_); }
  void signal(int sig) { ::kill(pid_, sig); }
  // Exit code, or -1 when it did not exit within `timeout`.
  int wait(std::chrono::milliseconds timeout) {
    auto end = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < end) {
      int status = 0;
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        waited_ = true;
        return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return -1;
  }

 private:
  fs::path dir_;
  fs::path log_;
  pid_t pid_ = -1;
  int port_ = 0;
  bool waited_ = false;
  static inline int count_ = 0;
};

struct Reply {
  int status = 0;  // 0: transport failure
  std::string body;
};

// A Beast TLS client: one connection, one POST (or GET when body is empty).
Reply beast_request(int port, const fs::path& ca, const std::string& target,
                    const std::string& body) {
  try {
    net::io_context ioc;
    ssl::context ctx(ssl::context::tls_client);
    ctx.load_verify_file(ca.string());
    ctx.set_verify_mode(ssl::verify_peer);
    beast::ssl_stream<beast::tcp_stream> stream(ioc, ctx);
    SSL_set_tlsext_host_name(stream.native_handle(), "localhost");
    beast::get_lowest_layer(stream).expires_after(std::chrono::seconds(10));
    beast::get_lowest_layer(stream).connect(
        tcp::endpoint(net::ip::make_address("127.0.0.1"), static_cast<unsigned short>(port)));
    stream.handshake(ssl::stream_base::client);
    http::request<http::string_body> req{body.empty() ? http::verb::get : http::verb::post, target,
                                         11};
    req.set(http::field::host, "localhost");
    req.set(http::field::content_type, "application/json");
    req.body() = body;
    req.prepare_payload();
    http::write(stream, req);
    beast::flat_buffer buffer;
    http::response<http::string_body> res;
    http::read(stream, buffer, res);
    return {static_cast<int>(res.result_int()), res.body()};
  } catch (const std::exception&) {
    return {};
  }
}

std::string review(const std::string& object_file, const std::string& operation = "CREATE",
                   const std::string& uid = "e2e-uid-1") {
  json o = json::parse(read_file(source_dir() / "testdata/admission/guide" / object_file));
  return json{{"apiVersion", "admission.k8s.io/v1"},
              {"kind", "AdmissionReview"},
              {"request",
               {{"uid", uid},
                {"kind", {{"group", "apps"}, {"version", "v1"}, {"kind", "Deployment"}}},
                {"namespace", o["metadata"]["namespace"]},
                {"name", o["metadata"]["name"]},
                {"operation", operation},
                {"object", o}}}}
      .dump();
}

class WebhookE2E : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    ::signal(SIGPIPE, SIG_IGN);
    dir_ = titanlint::testing::temp_dir("webhook-e2e");
    std::string ca = "cd '" + dir_.string() +
                     "' && openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes "
                     "-keyout ca.key -out ca.crt -days 2 -subj /CN=titanlint-test-ca 2>/dev/null";
    ASSERT_EQ(std::system(ca.c_str()), 0);
    make_cert(dir_, "first.titanlint.test", "tls");
    make_cert(dir_, "second.titanlint.test", "next");
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
    std::size_t nl = out.rfind('\n');
    Reply r;
    r.body = out.substr(0, nl == std::string::npos ? 0 : nl);
    r.status = std::atoi(out.c_str() + (nl == std::string::npos ? 0 : nl + 1));
    return r;
  }

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
      net::io_context ioc;
      ssl::context ctx(ssl::context::tls_client);
      ctx.load_verify_file((dir_ / "ca.crt").string());
      beast::ssl_stream<beast::tcp_stream> stream(ioc, ctx);
      beast::get_lowest_layer(stream).connect(tcp::endpoint(
          net::ip::make_address("127.0.0.1"), static_cast<unsigned short>(server.port())));
      stream.handshake(ssl::stream_base::client);
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
  auto subject = [&] {
    return shell("openssl s_client -connect 127.0.0.1:" + std::to_string(server.port()) +
                 " -servername localhost </dev/null 2>/dev/null | openssl x509 -noout -subject");
  };
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
  Server server(dir_);
  ASSERT_NE(server.port(), 0) << server.log();
  std::string body = read_file(dir_ / "deny.json");
  net::io_context ioc;
  ssl::context ctx(ssl::context::tls_client);
  ctx.load_verify_file((dir_ / "ca.crt").string());
  beast::ssl_stream<beast::tcp_stream> stream(ioc, ctx);
  beast::get_lowest_layer(stream).connect(tcp::endpoint(
      net::ip::make_address("127.0.0.1"), static_cast<unsigned short>(server.port())));
  stream.handshake(ssl::stream_base::client);
  std::string head =
      "POST /validate HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
      "Content-Length: " +
      std::to_string(body.size()) + "\r\n\r\n";
  net::write(stream, net::buffer(head + body.substr(0, body.size() / 2)));
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  server.signal(SIGTERM);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  // Not ready and not accepting any more.
  EXPECT_EQ(beast_request(server.port(), dir_ / "ca.crt", "/readyz", "").status, 0);
  net::write(stream, net::buffer(body.substr(body.size() / 2)));
  beast::flat_buffer buffer;
  http::response<http::string_body> res;
  http::read(stream, buffer, res);
  EXPECT_EQ(res.result_int(), 200u);
  EXPECT_EQ(json::parse(res.body())["response"]["uid"], "e2e-uid-1");
  EXPECT_EQ(server.wait(std::chrono::seconds(6)), 0) << server.log();
  EXPECT_NE(server.log().find("draining"), std::string::npos);
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
