// Helpers for the end-to-end webhook suites: a test PKI made at test time, the built binary run
// as `titanlint serve` on 127.0.0.1, TLS and raw TCP clients, /proc and /metrics probes.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>

namespace titanlint::testing {

// Runs a shell command, returns its stdout.
std::string shell(const std::string& command);

// In `dir`: a CA (ca.crt/ca.key) and, with make_cert, certificates it signs.
void make_ca(const std::filesystem::path& dir, const std::string& cn = "titanlint-test-ca");
// `prefix`.crt/.key for localhost/127.0.0.1, signed by dir/ca.crt (EC P-256).
void make_cert(const std::filesystem::path& dir, const std::string& cn, const std::string& prefix);

// An AdmissionReview (v1, CREATE by default) of one of testdata/admission/guide's Deployments.
std::string guide_review(const std::string& object_file, const std::string& operation = "CREATE",
                         const std::string& uid = "e2e-uid-1");

struct ServerSetup {
  std::string extra;         // more flags
  std::string prefix;        // a shell fragment run before (e.g. "ulimit -n 64 && ")
  std::string cert = "tls";  // the certificate and key files' stem in the directory
  std::string read_timeout = "2";
  std::string drain_timeout = "5";
};

// `titanlint serve --listen 127.0.0.1:0` with JSON logs in `dir`, killed (SIGKILL) when destroyed
// unless it was waited for.
class Server {
 public:
  Server(const std::filesystem::path& dir, const ServerSetup& setup);
  Server(const std::filesystem::path& dir, const std::string& extra = "",
         const std::string& prefix = "", const std::string& cert = "tls")
      : Server(dir, ServerSetup{extra, prefix, cert}) {}
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  int port() const { return port_; }
  pid_t pid() const { return pid_; }
  // The plain-HTTP port of --metrics-listen 127.0.0.1:0 (0 when not found in the log).
  int metrics_port() const;
  bool alive() const;
  std::string log() const;
  void signal(int sig);
  // Exit code, or -1 when it did not exit within `timeout`.
  int wait(std::chrono::milliseconds timeout);
  // User + system CPU seconds the process used so far.
  double cpu_seconds() const;
  // Open file descriptors, from /proc.
  int open_fds() const;

 private:
  bool exited() const;

  std::filesystem::path log_;
  pid_t pid_ = -1;
  int port_ = 0;
  bool waited_ = false;
  static inline int count_ = 0;
};

struct Reply {
  int status = 0;  // 0: transport failure
  std::string body;
};

// A TLS connection to 127.0.0.1:`port`, verified against `ca`, with the handshake done: for
// keep-alive exchanges and partial or pipelined requests.
class TlsClient {
 public:
  using Stream = boost::beast::ssl_stream<boost::beast::tcp_stream>;
  // `receive_buffer`: SO_RCVBUF before connecting (0: the system's). Throws when the connection
  // or the handshake fails.
  TlsClient(int port, const std::filesystem::path& ca, int receive_buffer = 0);
  Stream& stream() { return *stream_; }
  boost::asio::io_context& ioc() { return ioc_; }
  int fd();
  void write(const std::string& bytes);
  // A raw request over TLS; the response, or status 0 when none came. The whole request is
  // written before the response is read, as a simple client does: a server that answers early
  // (413, 431) must not reset the connection under it.
  Reply exchange(const std::string& request);

 private:
  boost::asio::io_context ioc_;
  boost::asio::ssl::context ctx_{boost::asio::ssl::context::tls_client};
  std::optional<Stream> stream_;
};

// A Beast TLS client verifying against `ca`: one connection, one POST (GET when body is empty).
Reply beast_request(int port, const std::filesystem::path& ca, const std::string& target,
                    const std::string& body);
// "<body>\n<status>" (curl -w) -> Reply.
Reply split_reply(const std::string& out);
// Plain HTTP with curl (the --metrics-listen port); `extra` e.g. "-X POST --data-binary @f".
Reply http_plain(int port, const std::string& target, const std::string& extra = "");
// The subject of the certificate the server presents.
std::string served_subject(int port);

// A sample's value in Prometheus text (`name` with its labels, e.g.
// `titanlint_connections_dropped_total{reason="read_timeout"}`); nullopt when absent.
std::optional<double> metric_value(const std::string& metrics, const std::string& name);
// Log lines at level warn or above (JSON logs).
std::string alarming_lines(const std::string& log);
// The number of non-overlapping occurrences of `needle`.
int count_of(const std::string& haystack, const std::string& needle);

// Polls `done` every 20 ms until it holds or `timeout` passes; returns its last value.
bool eventually(const std::function<bool()>& done, std::chrono::milliseconds timeout);

// Seconds until the peer of socket `fd` closed (EOF or reset), reading and discarding whatever it
// sends; nullopt when it is still open after `timeout`.
std::optional<double> wait_peer_close(int fd, std::chrono::milliseconds timeout);

// A blocking TCP connection to 127.0.0.1:port (raw: no TLS), closed when destroyed.
class RawConnection {
 public:
  explicit RawConnection(int port);
  ~RawConnection();
  RawConnection(RawConnection&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
  RawConnection& operator=(RawConnection&&) = delete;

  bool connected() const { return fd_ >= 0; }
  int fd() const { return fd_; }
  bool send_all(const std::string& bytes);
  std::optional<double> wait_closed(std::chrono::milliseconds timeout) {
    return wait_peer_close(fd_, timeout);
  }
  // Close with a reset (SO_LINGER 0) instead of a FIN.
  void reset();

 private:
  int fd_ = -1;
};

// The bytes of a TLS ClientHello for "localhost" (what a client sends first).
std::string client_hello();

// Raises this process's soft descriptor limit to the hard one; returns the soft limit now.
std::uint64_t raise_own_descriptor_limit();

}  // namespace titanlint::testing
