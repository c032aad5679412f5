// `titanlint serve` under faults and hostile clients, end to end against the built binary on
// 127.0.0.1: clients gone mid-request or mid-handshake, handshakes that never complete, garbage
// instead of TLS, a thousand idle connections, the connection limit, a client that stops
// reading, config hot reload (valid and invalid), and the limits' HTTP statuses. Deadlines are
// set short by flags so the whole suite takes seconds.
#include <poll.h>
#include <sys/resource.h>
#include <sys/socket.h>

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <functional>
#include <optional>
#include <random>
#include <regex>
#include <string>
#include <thread>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/write.hpp>
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
using Clock = std::chrono::steady_clock;
using nlohmann::json;
using namespace std::chrono_literals;
using namespace titanlint::testing;

// Flags for a test's server: the read deadline (seconds), more flags, a shell prefix.
ServerSetup setup(const std::string& read_timeout, const std::string& extra = "",
                  const std::string& prefix = "") {
  ServerSetup s;
  s.read_timeout = read_timeout;
  s.extra = extra;
  s.prefix = prefix;
  return s;
}

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

class WebhookFaults : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    ::signal(SIGPIPE, SIG_IGN);
    dir_ = temp_dir("webhook-faults");
    make_ca(dir_);
    make_cert(dir_, "faults.titanlint.test", "tls");
    write_file(dir_ / "deny.json", guide_review("webapp-deployment.defaulted.json"));
    // The api Deployment without its startupProbe: allowed with a TL103 warning.
    json warn = json::parse(guide_review("api-deployment.defaulted.json"));
    warn["request"]["object"]["spec"]["template"]["spec"]["containers"][0].erase("startupProbe");
    write_file(dir_ / "warn.json", warn.dump());
  }
  static void TearDownTestSuite() { fs::remove_all(dir_); }

  static std::string body(const std::string& file) { return read_file(dir_ / file); }
  static fs::path ca() { return dir_ / "ca.crt"; }

  static std::string metrics(const Server& server) {
    return beast_request(server.port(), ca(), "/metrics", "").body;
  }
  static double metric(const Server& server, const std::string& name) {
    return metric_value(metrics(server), name).value_or(-1);
  }

  // One admission request and one scrape (anything the server opens lazily is open), then the
  // descriptor count once no connection is left.
  static int warm_up(const Server& server) {
    EXPECT_EQ(beast_request(server.port(), ca(), "/validate", body("deny.json")).status, 200);
    EXPECT_FALSE(metrics(server).empty());
    int fds = server.open_fds();
    eventually(
        [&] {
          std::this_thread::sleep_for(100ms);
          const int now = server.open_fds();
          const bool stable = now == fds;
          fds = now;
          return stable;
        },
        2s);
    return fds;
  }

  static bool fds_return_to(const Server& server, int baseline) {
    return eventually([&] { return server.open_fds() == baseline; }, 4s);
  }

  static std::string post_head(std::size_t content_length, const std::string& extra = "") {
    return "POST /validate HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n" +
           extra + "Content-Length: " + std::to_string(content_length) + "\r\n\r\n";
  }

  static inline fs::path dir_;
};

TEST_F(WebhookFaults, ClientGoneMidRequestOrMidHandshakeLeaksNothing) {
  Server server(dir_);
  ASSERT_NE(server.port(), 0) << server.log();
  const int baseline = warm_up(server);
  const std::string review = body("deny.json");
  const std::string half_request = post_head(review.size()) + review.substr(0, review.size() / 2);
  const std::string hello = client_hello();
  ASSERT_GT(hello.size(), 100u);
  constexpr int kEach = 10;
  for (int i = 0; i < kEach; ++i) {
    {  // Headers and half the body, then the client closes (a FIN; no TLS close_notify).
      TlsClient client(server.port(), ca());
      client.write(half_request);
      ::shutdown(client.fd(), SHUT_WR);
      EXPECT_TRUE(wait_peer_close(client.fd(), 2s)) << "the server kept a half request open";
    }
    {  // The same, ended by a reset.
      TlsClient client(server.port(), ca());
      client.write(half_request);
      linger l{1, 0};
      ::setsockopt(client.fd(), SOL_SOCKET, SO_LINGER, &l, sizeof l);
    }
    {  // A ClientHello, then gone mid-handshake.
      RawConnection raw(server.port());
      ASSERT_TRUE(raw.send_all(hello));
      ::shutdown(raw.fd(), SHUT_WR);
      EXPECT_TRUE(raw.wait_closed(2s));
    }
    {  // Half a ClientHello, then a reset.
      RawConnection raw(server.port());
      ASSERT_TRUE(raw.send_all(hello.substr(0, hello.size() / 2)));
      raw.reset();
    }
  }
  EXPECT_TRUE(fds_return_to(server, baseline))
      << server.open_fds() << " open, " << baseline << " before";
  EXPECT_EQ(beast_request(server.port(), ca(), "/validate", body("deny.json")).status, 200);
  const std::string m = metrics(server);
  EXPECT_EQ(metric_value(m, "titanlint_connections_open"), 1.0) << m;  // this scrape
  EXPECT_GE(metric_value(m, "titanlint_connections_dropped_total{reason=\"client_closed\"}"), kEach)
      << m;
  EXPECT_GE(metric_value(m, "titanlint_connections_dropped_total{reason=\"handshake_failed\"}"),
            kEach)
      << m;
  EXPECT_EQ(alarming_lines(server.log()), "");
  EXPECT_TRUE(server.alive());
}

TEST_F(WebhookFaults, HandshakeThatNeverCompletesIsCutAtTheReadDeadline) {
  Server server(dir_, setup("2"));
  ASSERT_NE(server.port(), 0) << server.log();
  const int baseline = warm_up(server);
  const std::string hello = client_hello();
  std::vector<RawConnection> stuck;
  const auto opened = Clock::now();
  for (int i = 0; i < 5; ++i) stuck.emplace_back(server.port());  // connect, send nothing
  for (int i = 0; i < 5; ++i) {                                   // part of a ClientHello
    stuck.emplace_back(server.port());
    ASSERT_TRUE(stuck.back().send_all(hello.substr(0, hello.size() / 3)));
  }
  // Other clients are served meanwhile, without waiting for the deadline.
  const auto asked = Clock::now();
  EXPECT_EQ(beast_request(server.port(), ca(), "/validate", body("deny.json")).status, 200);
  EXPECT_LT(seconds_since(asked), 1.5);
  for (RawConnection& c : stuck) {
    ASSERT_TRUE(c.connected());
    EXPECT_TRUE(c.wait_closed(5s)) << "not cut";
    const double after = seconds_since(opened);
    EXPECT_GE(after, 1.8) << "cut before the deadline";  // --read-timeout 2
    EXPECT_LE(after, 4.0);
  }
  stuck.clear();
  EXPECT_TRUE(fds_return_to(server, baseline));
  EXPECT_EQ(metric(server, "titanlint_connections_dropped_total{reason=\"handshake_timeout\"}"),
            10.0);
  EXPECT_EQ(alarming_lines(server.log()), "");
}

TEST_F(WebhookFaults, GarbageInsteadOfTlsIsClosedPromptly) {
  Server server(dir_, setup("10"));
  ASSERT_NE(server.port(), 0) << server.log();
  const int baseline = warm_up(server);
  std::mt19937 random(7);
  std::string noise(4096, '\0');
  for (char& c : noise) c = static_cast<char>(random() & 0xff);
  noise[0] = 'Z';  // not a TLS record type
  const std::vector<std::pair<std::string, std::string>> garbage = {
      {"random bytes", noise},
      {"plaintext HTTP", "GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n"},
      {"a TLS record over the maximum length", std::string("\x16\x03\x01\xff\xff", 5) + noise},
  };
  for (const auto& [what, bytes] : garbage) {
    RawConnection raw(server.port());
    ASSERT_TRUE(raw.connected());
    raw.send_all(bytes);
    std::optional<double> closed = raw.wait_closed(5s);
    ASSERT_TRUE(closed) << what;
    EXPECT_LT(*closed, 1.0) << what << ": not closed promptly (the read deadline is 10 s)";
  }
  EXPECT_EQ(beast_request(server.port(), ca(), "/validate", body("deny.json")).status, 200);
  EXPECT_EQ(metric(server, "titanlint_connections_dropped_total{reason=\"handshake_failed\"}"),
            3.0);
  EXPECT_TRUE(fds_return_to(server, baseline));
  EXPECT_EQ(alarming_lines(server.log()), "");
}

TEST_F(WebhookFaults, ThousandIdleConnectionsDoNotStarveOthersAndCloseAtTheDeadline) {
  if (raise_own_descriptor_limit() < 1200) GTEST_SKIP() << "needs 1200 descriptors (ulimit -n)";
  Server server(dir_, setup("4"));
  ASSERT_NE(server.port(), 0) << server.log();
  const int baseline = warm_up(server);
  std::vector<RawConnection> idle;
  idle.reserve(1000);
  const auto opened = Clock::now();
  for (int i = 0; i < 1000; ++i) {
    idle.emplace_back(server.port());
    ASSERT_TRUE(idle.back().connected()) << i;
  }
  EXPECT_TRUE(eventually([&] { return server.open_fds() >= baseline + 1000; }, 3500ms))
      << server.open_fds();
  const auto asked = Clock::now();
  EXPECT_EQ(beast_request(server.port(), ca(), "/validate", body("deny.json")).status, 200);
  EXPECT_LT(seconds_since(asked), 2.0);  // well before the deadline frees anything
  // None closed before the deadline (the server sends nothing before a ClientHello, so a
  // readable socket is a closed one).
  if (seconds_since(opened) < 3.5) {
    int closed_early = 0;
    for (RawConnection& c : idle) {
      pollfd p{c.fd(), POLLIN, 0};
      if (::poll(&p, 1, 0) > 0) ++closed_early;
    }
    EXPECT_EQ(closed_early, 0) << "closed before --read-timeout 4";
  }
  int closed = 0;
  for (RawConnection& c : idle)
    if (c.wait_closed(
            std::chrono::duration_cast<std::chrono::milliseconds>(opened + 7s - Clock::now())))
      ++closed;
  EXPECT_EQ(closed, 1000) << "idle connections left open after the deadline";
  idle.clear();
  EXPECT_TRUE(fds_return_to(server, baseline))
      << server.open_fds() << " open, " << baseline << " before";
  EXPECT_EQ(metric(server, "titanlint_connections_dropped_total{reason=\"handshake_timeout\"}"),
            1000.0);
  EXPECT_EQ(alarming_lines(server.log()), "");
}

TEST_F(WebhookFaults, ConnectionLimitClosesNewConnectionsAtOnceAndCountsThem) {
  Server server(dir_, setup("10", "--max-connections 4"));
  ASSERT_NE(server.port(), 0) << server.log();
  const int baseline = warm_up(server);
  {
    std::vector<RawConnection> held;
    for (int i = 0; i < 4; ++i) held.emplace_back(server.port());
    ASSERT_TRUE(eventually([&] { return server.open_fds() == baseline + 4; }, 2s));
    for (int i = 0; i < 3; ++i) {
      const auto asked = Clock::now();
      EXPECT_EQ(beast_request(server.port(), ca(), "/healthz", "").status, 0);
      EXPECT_LT(seconds_since(asked), 1.0) << "an over-limit connection must not wait";
    }
    EXPECT_EQ(count_of(server.log(), "connection limit reached"), 1) << server.log();
  }
  ASSERT_TRUE(fds_return_to(server, baseline));
  EXPECT_EQ(beast_request(server.port(), ca(), "/validate", body("deny.json")).status, 200);
  const std::string m = metrics(server);
  EXPECT_EQ(metric_value(m, "titanlint_connections_rejected_total"), 3.0) << m;
  EXPECT_EQ(metric_value(m, "titanlint_connections_max"), 4.0) << m;
  EXPECT_NE(server.log().find("accepting connections again"), std::string::npos);
}

TEST_F(WebhookFaults, DefaultConnectionLimitFollowsTheDescriptorLimit) {
  // Soft and hard limit 128: 64 connections, then over-limit connections are closed at once
  // rather than accept failing for want of descriptors.
  {
    Server server(dir_, setup("5", "", "ulimit -n 128 && "));
    ASSERT_NE(server.port(), 0) << server.log();
    EXPECT_NE(server.log().find("\"maxConnections\":64"), std::string::npos) << server.log();
    {
      std::vector<RawConnection> clients;
      for (int i = 0; i < 100; ++i) clients.emplace_back(server.port());
      EXPECT_TRUE(
          eventually([&] { return count_of(server.log(), "connection limit reached") == 1; }, 2s))
          << server.log();
      // Held until the server has accepted (and closed) every over-limit one: closed earlier, a
      // connection still in the backlog is accepted under the limit and not counted.
      EXPECT_TRUE(eventually(
          [&] {
            return std::count_if(clients.begin(), clients.end(), [](RawConnection& c) {
                     return c.wait_closed(std::chrono::milliseconds(3)).has_value();
                   }) == 36;
          },
          3s));
    }
    EXPECT_TRUE(eventually(
        [&] { return beast_request(server.port(), ca(), "/healthz", "").status == 200; }, 3s));
    const std::string m = metrics(server);
    EXPECT_EQ(metric_value(m, "titanlint_connections_rejected_total"), 36.0) << m;
    EXPECT_EQ(metric_value(m, "process_max_fds"), 128.0) << m;
    EXPECT_EQ(server.log().find("accept failed"), std::string::npos) << server.log();
  }
  // A low soft limit under a higher hard one is raised, as Go's runtime does.
  rlimit own{};
  ::getrlimit(RLIMIT_NOFILE, &own);
  if (own.rlim_max == RLIM_INFINITY || own.rlim_max <= 256) return;
  Server server(dir_, setup("2", "", "ulimit -Sn 256 && "));
  ASSERT_NE(server.port(), 0) << server.log();
  const std::string m = metrics(server);
  EXPECT_EQ(metric_value(m, "process_max_fds"), static_cast<double>(own.rlim_max)) << m;
  EXPECT_EQ(metric_value(m, "titanlint_connections_max"),
            static_cast<double>(std::min<rlim_t>(10'000, own.rlim_max - 64)))
      << m;
}

TEST_F(WebhookFaults, ClientThatStopsReadingIsCutAtTheWriteDeadline) {
  // The read deadline is far: only the write deadline can cut this client.
  Server server(dir_, setup("30", "--write-timeout 1"));
  ASSERT_NE(server.port(), 0) << server.log();
  const int baseline = warm_up(server);
  std::optional<double> cut_after;
  {
    // Pipelined requests for a ~5 KB response each, never reading one: the server's send
    // buffer fills, its write waits, and the deadline ends it.
    TlsClient client(server.port(), ca(), 4096);
    std::string batch;
    for (int i = 0; i < 64; ++i) batch += "GET /metrics HTTP/1.1\r\nHost: localhost\r\n\r\n";
    const auto started = Clock::now();
    std::function<void()> pump = [&] {
      net::async_write(client.stream(), net::buffer(batch), [&](beast::error_code ec, std::size_t) {
        if (!ec) return pump();
        cut_after = seconds_since(started);
        client.ioc().stop();
      });
    };
    pump();
    // Meanwhile, another client is served.
    std::thread other([&] {
      std::this_thread::sleep_for(300ms);
      EXPECT_EQ(beast_request(server.port(), ca(), "/validate", body("deny.json")).status, 200);
    });
    client.ioc().run_for(8s);
    other.join();
  }
  ASSERT_TRUE(cut_after) << "a client that does not read was never cut";
  EXPECT_LT(*cut_after, 6.0);
  EXPECT_TRUE(fds_return_to(server, baseline));
  EXPECT_EQ(metric(server, "titanlint_connections_dropped_total{reason=\"write_timeout\"}"), 1.0);
  EXPECT_TRUE(server.alive());
}

TEST_F(WebhookFaults, ConfigReloadTakesValidChangesAndKeepsTheOldConfigOnInvalidOnes) {
  const fs::path config = dir_ / "reload.titanlint.yaml";
  // As a mounted ConfigMap changes: a new file swapped in by a rename.
  auto replace_config = [&](const std::string& text) {
    write_file(dir_ / "reload.titanlint.yaml.new", text);
    fs::rename(dir_ / "reload.titanlint.yaml.new", config);
  };
  replace_config("webhook:\n  mode: enforce\n");
  Server server(dir_, "--config '" + config.string() + "' --config-poll 0.2");
  ASSERT_NE(server.port(), 0) << server.log();
  auto allowed = [&] {
    Reply r = beast_request(server.port(), ca(), "/validate", body("warn.json"));
    EXPECT_EQ(r.status, 200) << r.body;
    return r.status == 200 && json::parse(r.body)["response"]["allowed"] == true;
  };
  ASSERT_TRUE(allowed());

  // TL103 raised to an error: the same Deployment is now denied, naming it.
  replace_config("rules:\n  TL103: error\n");
  ASSERT_TRUE(eventually([&] { return count_of(server.log(), "\"config reloaded\"") == 1; }, 3s))
      << server.log();
  Reply denied = beast_request(server.port(), ca(), "/validate", body("warn.json"));
  ASSERT_EQ(denied.status, 200) << denied.body;
  EXPECT_EQ(json::parse(denied.body)["response"]["allowed"], false);
  EXPECT_NE(denied.body.find("TL103"), std::string::npos) << denied.body;

  // Invalid: the previous config stays, the positioned error is logged once, still ready.
  replace_config("rules:\n  TL103: loud\n");
  const std::regex failed(
      "\"level\":\"error\",\"error\":\"[^\"]*reload\\.titanlint\\.yaml:2:10: TL103 [^\n]*"
      "\"msg\":\"config reload failed; keeping the previous one\"");
  EXPECT_TRUE(eventually([&] { return std::regex_search(server.log(), failed); }, 3s))
      << server.log();
  std::this_thread::sleep_for(1s);  // five more polls of the same broken file
  EXPECT_EQ(count_of(server.log(), "config reload failed"), 1) << server.log();
  EXPECT_FALSE(allowed()) << "the invalid file replaced the config";
  EXPECT_EQ(beast_request(server.port(), ca(), "/readyz", "").status, 200);
  std::string m = metrics(server);
  EXPECT_EQ(metric_value(m, "titanlint_config_reload_failures_total"), 1.0) << m;
  EXPECT_EQ(metric_value(m, "titanlint_config_reloads_total"), 1.0) << m;

  // Fixed: taken again.
  replace_config("webhook:\n  mode: enforce\n");
  ASSERT_TRUE(eventually([&] { return count_of(server.log(), "\"config reloaded\"") == 2; }, 3s))
      << server.log();
  EXPECT_TRUE(allowed());
  EXPECT_TRUE(server.alive());
}

TEST_F(WebhookFaults, EachLimitAnswersWithItsOwnStatus) {
  Server server(dir_, "--body-limit 65536 --header-limit 4096");
  ASSERT_NE(server.port(), 0) << server.log();
  // Body over --body-limit: 413 naming the limit, seen by a client that sends its whole body
  // (far more than the socket buffers hold) before reading.
  {
    TlsClient client(server.port(), ca());
    Reply r = client.exchange(post_head(8u << 20) + std::string(8u << 20, ' '));
    EXPECT_EQ(r.status, 413) << r.body;
    EXPECT_NE(r.body.find("over the limit of 65536 bytes"), std::string::npos) << r.body;
  }
  // Headers over --header-limit: 431.
  {
    TlsClient client(server.port(), ca());
    const std::string review = body("deny.json");
    Reply r = client.exchange(
        post_head(review.size(), "X-Padding: " + std::string(5000, 'x') + "\r\n") + review);
    EXPECT_EQ(r.status, 431) << r.body;
  }
  // The worst body within the limit is bounded by the loader's limits, not by a timer: deep
  // nesting is refused at once.
  {
    TlsClient client(server.port(), ca());
    const std::string nested =
        R"({"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"x",)"
        R"("object":)" +
        std::string(30'000, '[') + std::string(30'000, ']') + "}}";
    const auto asked = Clock::now();
    Reply r = client.exchange(post_head(nested.size()) + nested);
    EXPECT_EQ(r.status, 400) << r.body;
    EXPECT_LT(seconds_since(asked), 2.0);
  }
  EXPECT_TRUE(server.alive());
  // The default header limit is 16 KiB.
  Server defaults(dir_);
  ASSERT_NE(defaults.port(), 0) << defaults.log();
  TlsClient client(defaults.port(), ca());
  Reply r = client.exchange("GET /healthz HTTP/1.1\r\nHost: localhost\r\nX-Padding: " +
                            std::string(17'000, 'x') + "\r\n\r\n");
  EXPECT_EQ(r.status, 431) << r.body;
}

}  // namespace
