#include "webhook_support.h"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/bio.h>
#include <openssl/ssl.h>
#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <cerrno>
#include <cstdio>
#include <regex>
#include <sstream>
#include <thread>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <nlohmann/json.hpp>

#include "tests_support.h"

namespace titanlint::testing {

namespace fs = std::filesystem;
namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = net::ssl;
using tcp = net::ip::tcp;
using Clock = std::chrono::steady_clock;

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

void make_ca(const fs::path& dir, const std::string& cn) {
  std::string cmd = "cd '" + dir.string() +
                    "' && openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes "
                    "-keyout ca.key -out ca.crt -days 2 -subj /CN=" +
                    cn + " 2>/dev/null";
  ASSERT_EQ(std::system(cmd.c_str()), 0);
}

void make_cert(const fs::path& dir, const std::string& cn, const std::string& prefix) {
  std::string cmd = "cd '" + dir.string() + "' && " +
                    "openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout " +
                    prefix + ".key -out " + prefix + ".csr -subj /CN=" + cn + " 2>/dev/null && " +
                    "printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\\n' > ext && " +
                    "openssl x509 -req -in " + prefix + ".csr -CA ca.crt -CAkey ca.key " +
                    "-CAcreateserial -out " + prefix + ".crt -days 2 -extfile ext 2>/dev/null";
  ASSERT_EQ(std::system(cmd.c_str()), 0);
}

std::string guide_review(const std::string& object_file, const std::string& operation,
                         const std::string& uid) {
  using nlohmann::json;
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

Server::Server(const fs::path& dir, const ServerSetup& setup) {
  log_ = dir / ("server-" + std::to_string(::getpid()) + "-" + std::to_string(++count_) + ".log");
  pid_ = ::fork();
  if (pid_ == 0) {
    std::string cmd =
        setup.prefix + "exec '" + TITANLINT_BINARY + "' serve --listen 127.0.0.1:0 --tls-cert '" +
        (dir / (setup.cert + ".crt")).string() + "' --tls-key '" +
        (dir / (setup.cert + ".key")).string() + "' --read-timeout " + setup.read_timeout +
        " --cert-poll 0.2 --drain-timeout " + setup.drain_timeout + " --log-format json " +
        setup.extra + " </dev/null 2>'" + log_.string() + "'";
    ::execl("/bin/sh", "sh", "-c", cmd.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  std::regex port_re("\"port\":([0-9]+)");
  for (int i = 0; i < 200 && port_ == 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
    std::smatch m;
    std::string text = log();
    if (std::regex_search(text, m, port_re)) port_ = std::stoi(m[1]);
  }
}

Server::~Server() {
  if (pid_ > 0 && !waited_) {
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
  }
  std::error_code ignored;
  fs::remove(log_, ignored);
}

int Server::metrics_port() const {
  std::regex re("\"port\":([0-9]+),\"threads\":[0-9]+,\"tls\":false");
  for (int i = 0; i < 200; ++i) {
    std::smatch m;
    std::string text = log();
    if (std::regex_search(text, m, re)) return std::stoi(m[1]);
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
  return 0;
}

bool Server::alive() const {
  return !waited_ && ::kill(pid_, 0) == 0 && !exited();
}

std::string Server::log() const {
  try {
    return read_file(log_);
  } catch (const std::exception&) {
    return {};
  }
}

void Server::signal(int sig) {
  ::kill(pid_, sig);
}

int Server::wait(std::chrono::milliseconds timeout) {
  auto end = Clock::now() + timeout;
  while (Clock::now() < end) {
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      waited_ = true;
      return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return -1;
}

double Server::cpu_seconds() const {
  std::string stat = read_file(fs::path("/proc") / std::to_string(pid_) / "stat");
  std::istringstream fields(stat.substr(stat.rfind(')') + 2));
  std::string field;
  double ticks = 0;
  for (int i = 3; i <= 15 && fields >> field; ++i)
    if (i >= 14) ticks += std::stod(field);  // utime (14), stime (15)
  return ticks / static_cast<double>(::sysconf(_SC_CLK_TCK));
}

int Server::open_fds() const {
  std::error_code ec;
  int n = 0;
  for (fs::directory_iterator it(fs::path("/proc") / std::to_string(pid_) / "fd", ec), end;
       !ec && it != end; it.increment(ec))
    ++n;
  return ec ? -1 : n;
}

bool Server::exited() const {
  siginfo_t info{};
  return ::waitid(P_PID, static_cast<id_t>(pid_), &info, WEXITED | WNOHANG | WNOWAIT) == 0 &&
         info.si_pid == pid_;
}

TlsClient::TlsClient(int port, const fs::path& ca, int receive_buffer) {
  ctx_.load_verify_file(ca.string());
  ctx_.set_verify_mode(ssl::verify_peer);
  stream_.emplace(ioc_, ctx_);
  SSL_set_tlsext_host_name(stream_->native_handle(), "localhost");
  auto& socket = beast::get_lowest_layer(*stream_).socket();
  socket.open(tcp::v4());
  if (receive_buffer > 0) socket.set_option(net::socket_base::receive_buffer_size(receive_buffer));
  socket.connect(
      tcp::endpoint(net::ip::make_address("127.0.0.1"), static_cast<unsigned short>(port)));
  stream_->handshake(ssl::stream_base::client);
}

int TlsClient::fd() {
  return beast::get_lowest_layer(*stream_).socket().native_handle();
}

void TlsClient::write(const std::string& bytes) {
  net::write(*stream_, net::buffer(bytes));
}

Reply TlsClient::exchange(const std::string& request) {
  beast::error_code ec;
  net::write(*stream_, net::buffer(request), ec);
  if (ec) return {};
  beast::flat_buffer buffer;
  http::response<http::string_body> res;
  http::read(*stream_, buffer, res, ec);
  if (ec) return {};
  return {static_cast<int>(res.result_int()), res.body()};
}

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

Reply split_reply(const std::string& out) {
  std::size_t nl = out.rfind('\n');
  Reply r;
  r.body = out.substr(0, nl == std::string::npos ? 0 : nl);
  r.status = std::atoi(out.c_str() + (nl == std::string::npos ? 0 : nl + 1));
  return r;
}

Reply http_plain(int port, const std::string& target, const std::string& extra) {
  return split_reply(shell("curl -sS --max-time 5 -o - -w '\\n%{http_code}' " + extra +
                           " 'http://127.0.0.1:" + std::to_string(port) + target + "' 2>&1"));
}

std::string served_subject(int port) {
  return shell("openssl s_client -connect 127.0.0.1:" + std::to_string(port) +
               " -servername localhost </dev/null 2>/dev/null | openssl x509 -noout -subject");
}

std::optional<double> metric_value(const std::string& metrics, const std::string& name) {
  const std::string prefix = name + " ";
  std::size_t at = 0;
  while ((at = metrics.find(prefix, at)) != std::string::npos) {
    if (at == 0 || metrics[at - 1] == '\n')
      return std::stod(metrics.substr(at + prefix.size(), 32));
    at += prefix.size();
  }
  return std::nullopt;
}

std::string alarming_lines(const std::string& log) {
  std::string out;
  std::istringstream lines(log);
  for (std::string line; std::getline(lines, line);)
    if (line.find("\"level\":\"warning\"") != std::string::npos ||
        line.find("\"level\":\"error\"") != std::string::npos ||
        line.find("\"level\":\"critical\"") != std::string::npos)
      out += line + "\n";
  return out;
}

int count_of(const std::string& haystack, const std::string& needle) {
  int n = 0;
  for (std::size_t at = haystack.find(needle); at != std::string::npos;
       at = haystack.find(needle, at + needle.size()))
    ++n;
  return n;
}

bool eventually(const std::function<bool()>& done, std::chrono::milliseconds timeout) {
  const auto end = Clock::now() + timeout;
  while (!done()) {
    if (Clock::now() >= end) return done();
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return true;
}

RawConnection::RawConnection(int port) {
  fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd_ < 0) return;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd_);
    fd_ = -1;
  }
}

RawConnection::~RawConnection() {
  if (fd_ >= 0) ::close(fd_);
}

bool RawConnection::send_all(const std::string& bytes) {
  std::size_t sent = 0;
  while (sent < bytes.size()) {
    ssize_t n = ::send(fd_, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) return false;
    sent += static_cast<std::size_t>(n);
  }
  return true;
}

std::optional<double> wait_peer_close(int fd, std::chrono::milliseconds timeout) {
  const auto start = Clock::now();
  const auto end = start + timeout;
  char buf[4096];
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(end - Clock::now());
    if (left.count() <= 0) return std::nullopt;
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) continue;
    ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n > 0) continue;  // e.g. a TLS alert before the close
    if (n == 0 || (errno != EINTR && errno != EAGAIN && errno != EWOULDBLOCK))
      return std::chrono::duration<double>(Clock::now() - start).count();
  }
}

void RawConnection::reset() {
  linger l{1, 0};
  ::setsockopt(fd_, SOL_SOCKET, SO_LINGER, &l, sizeof l);
  ::close(fd_);
  fd_ = -1;
}

std::string client_hello() {
  std::unique_ptr<SSL_CTX, decltype(&SSL_CTX_free)> ctx(SSL_CTX_new(TLS_client_method()),
                                                        SSL_CTX_free);
  std::unique_ptr<SSL, decltype(&SSL_free)> tls(SSL_new(ctx.get()), SSL_free);
  BIO* in = BIO_new(BIO_s_mem());
  BIO* out = BIO_new(BIO_s_mem());
  SSL_set_bio(tls.get(), in, out);  // owned by tls from here
  SSL_set_tlsext_host_name(tls.get(), "localhost");
  SSL_connect(tls.get());  // writes the ClientHello, then wants the server's answer
  char* data = nullptr;
  long n = BIO_get_mem_data(out, &data);
  return std::string(data, static_cast<std::size_t>(n > 0 ? n : 0));
}

std::uint64_t raise_own_descriptor_limit() {
  rlimit limit{};
  ::getrlimit(RLIMIT_NOFILE, &limit);
  if (limit.rlim_cur < limit.rlim_max) {
    limit.rlim_cur = limit.rlim_max;
    ::setrlimit(RLIMIT_NOFILE, &limit);
    ::getrlimit(RLIMIT_NOFILE, &limit);
  }
  return limit.rlim_cur;
}

}  // namespace titanlint::testing
