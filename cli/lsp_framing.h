// The Language Server Protocol's base protocol: JSON-RPC messages, each preceded by a header of
// `Name: value\r\n` lines (Content-Length required) and an empty line. The reader is fed bytes as
// they arrive and hands out whole message bodies; everything it accepts is bounded.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace titanlint::lsp {

// A header larger than this is not a header: the stream is out of step (or hostile).
inline constexpr std::size_t kMaxHeaderBytes = 8 * 1024;
// The largest body accepted. A 50 MB document arrives as one didOpen (its text JSON-escaped), so
// the bound is well above limits.maxFileBytes; the linter then reports the size itself.
inline constexpr std::size_t kDefaultMaxMessageBytes = 256u << 20;

struct FramedMessage {
  enum class Kind {
    Message,   // `body` is one message
    TooLarge,  // a body over the limit was skipped (its bytes are read and dropped)
    Broken,    // a malformed header: the stream cannot be resynchronised
  };
  Kind kind = Kind::Message;
  std::string body;   // Message
  std::string error;  // TooLarge, Broken: what was wrong
};

class MessageReader {
 public:
  explicit MessageReader(std::size_t max_message_bytes = kDefaultMaxMessageBytes)
      : max_message_(max_message_bytes) {}

  // Appends received bytes.
  void feed(std::string_view bytes);
  // The next complete message (or problem), nullopt when more bytes are needed. After a Broken
  // result the reader stays broken.
  std::optional<FramedMessage> next();
  // Whether bytes of an unfinished message are buffered (an EOF then cut a message short).
  bool mid_message() const { return buffer_.size() > start_ || body_length_ || skip_ > 0; }
  bool broken() const { return broken_; }

 private:
  std::optional<FramedMessage> parse_header();

  std::size_t max_message_;
  std::string buffer_;
  std::size_t start_ = 0;                   // consumed bytes at the front of buffer_
  std::optional<std::size_t> body_length_;  // the header was read; the body is this long
  std::size_t skip_ = 0;                    // bytes of a too-large body still to drop
  bool broken_ = false;
};

// "Content-Length: N\r\n\r\n" + body.
std::string frame(std::string_view body);

}  // namespace titanlint::lsp
