#include "lsp_framing.h"

#include <charconv>

#include <fmt/format.h>

namespace titanlint::lsp {
namespace {

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

FramedMessage broken_message(std::string error) {
  FramedMessage m;
  m.kind = FramedMessage::Kind::Broken;
  m.error = std::move(error);
  return m;
}

}  // namespace

void MessageReader::feed(std::string_view bytes) {
  if (broken_) return;
  if (skip_ > 0) {
    const std::size_t dropped = std::min(skip_, bytes.size());
    skip_ -= dropped;
    bytes.remove_prefix(dropped);
  }
  // Compact before growing: the consumed front is never needed again.
  if (start_ > 0 && start_ == buffer_.size()) {
    buffer_.clear();
    start_ = 0;
  } else if (start_ > (1u << 16) && start_ * 2 > buffer_.size()) {
    buffer_.erase(0, start_);
    start_ = 0;
  }
  buffer_.append(bytes);
}

std::optional<FramedMessage> MessageReader::parse_header() {
  const std::string_view pending(buffer_.data() + start_, buffer_.size() - start_);
  const std::size_t end = pending.find("\r\n\r\n");
  if (end == std::string_view::npos) {
    if (pending.size() > kMaxHeaderBytes) {
      broken_ = true;
      return broken_message(fmt::format("a message header over {} bytes", kMaxHeaderBytes));
    }
    return std::nullopt;
  }
  if (end > kMaxHeaderBytes) {
    broken_ = true;
    return broken_message(fmt::format("a message header over {} bytes", kMaxHeaderBytes));
  }
  std::string_view header = pending.substr(0, end);
  std::optional<std::size_t> length;
  while (!header.empty()) {
    const std::size_t eol = header.find("\r\n");
    const std::string_view line = header.substr(0, eol);
    header = eol == std::string_view::npos ? std::string_view{} : header.substr(eol + 2);
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) {
      broken_ = true;
      return broken_message("a header line without ':'");
    }
    const std::string_view name = trim(line.substr(0, colon));
    const std::string_view value = trim(line.substr(colon + 1));
    if (!iequals(name, "Content-Length")) continue;  // Content-Type and others: not needed
    std::size_t n = 0;
    const auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
    if (ec != std::errc() || ptr != value.data() + value.size() || value.empty()) {
      broken_ = true;
      return broken_message(fmt::format("Content-Length is not a number: '{}'", value));
    }
    length = n;
  }
  if (!length) {
    broken_ = true;
    return broken_message("a message header without Content-Length");
  }
  start_ += end + 4;
  if (*length > max_message_) {
    // Drop the body as it arrives; the stream stays in step.
    const std::size_t available = buffer_.size() - start_;
    const std::size_t dropped = std::min(available, *length);
    start_ += dropped;
    skip_ = *length - dropped;
    FramedMessage m;
    m.kind = FramedMessage::Kind::TooLarge;
    m.error = fmt::format("a message of {} bytes, over the {}-byte limit", *length, max_message_);
    return m;
  }
  body_length_ = *length;
  return std::nullopt;
}

std::optional<FramedMessage> MessageReader::next() {
  if (broken_) return std::nullopt;
  if (skip_ > 0) return std::nullopt;
  if (!body_length_) {
    if (auto problem = parse_header()) return problem;
    if (!body_length_) return std::nullopt;
  }
  if (buffer_.size() - start_ < *body_length_) return std::nullopt;
  FramedMessage m;
  m.body.assign(buffer_, start_, *body_length_);
  start_ += *body_length_;
  body_length_.reset();
  if (start_ == buffer_.size()) {
    buffer_.clear();
    start_ = 0;
  }
  return m;
}

std::string frame(std::string_view body) {
  std::string out = fmt::format("Content-Length: {}\r\n\r\n", body.size());
  out.append(body);
  return out;
}

}  // namespace titanlint::lsp
