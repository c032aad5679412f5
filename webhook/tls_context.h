// The serving certificate: loaded into an ssl::context, reloaded when the files change on disk
// (a mounted cert-manager Secret is replaced by a symlink swap), swapped atomically so new
// connections get the new certificate and open ones keep theirs.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>

#include <boost/asio/ssl/context.hpp>

#include "file_watch.h"

namespace titanlint::webhook {

namespace ssl = boost::asio::ssl;

struct CertificateSource {
  std::string cert_file;  // PEM chain; empty when cert_pem is given
  std::string key_file;
  std::string client_ca_file;  // optional: require and verify client certificates
  std::string cert_pem;        // in-memory (the self-signed dev certificate)
  std::string key_pem;
};

class TlsContextProvider {
 public:
  // Throws std::runtime_error when the certificate or key cannot be loaded.
  explicit TlsContextProvider(CertificateSource source);

  std::shared_ptr<ssl::context> current() const { return context_.load(); }
  std::int64_t not_after() const { return not_after_; }
  std::uint64_t reloads() const { return reloads_; }

  // Reloads when the files' identity (inode, size, mtime) changed. Returns true when a new
  // context was installed; throws std::runtime_error (the old context stays) when the new files
  // do not load, e.g. a key that does not match the certificate mid-rotation. Files that failed
  // are retried only when they change again, so a broken file is reported once, not every poll.
  bool reload_if_changed();

 private:
  void load();

  CertificateSource source_;
  FileWatch watch_;  // taken before the first load: a change while loading is seen next poll
  std::atomic<std::shared_ptr<ssl::context>> context_;
  std::atomic<std::int64_t> not_after_{0};
  std::atomic<std::uint64_t> reloads_{0};
};

// A self-signed certificate for localhost/127.0.0.1 (EC P-256, 30 days), PEM cert and key.
std::pair<std::string, std::string> make_self_signed_certificate();

}  // namespace titanlint::webhook
