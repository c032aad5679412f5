#include "source_file.h"

#include <algorithm>
#include <cstring>

namespace titanlint {

namespace {

// Whether the text has a line break other than LF and CRLF (all of them start with \r, \xc2 or
// \xe2): files without one, nearly all, are indexed with memchr alone.
bool has_other_line_breaks(std::string_view text) {
  for (std::size_t i = text.find('\r'); i != std::string_view::npos; i = text.find('\r', i + 1))
    if (i + 1 == text.size() || text[i + 1] != '\n') return true;
  return text.find("\xc2\x85") != std::string_view::npos ||
         text.find("\xe2\x80\xa8") != std::string_view::npos ||
         text.find("\xe2\x80\xa9") != std::string_view::npos;
}

}  // namespace

std::size_t line_break_at(std::string_view text, std::size_t offset) {
  if (offset >= text.size()) return 0;
  const std::string_view rest = text.substr(offset);
  switch (rest[0]) {
    case '\n':
      return 1;
    case '\r':
      return rest.starts_with("\r\n") ? 2 : 1;
    case '\xc2':
      return rest.starts_with("\xc2\x85") ? 2 : 0;
    case '\xe2':
      return rest.starts_with("\xe2\x80\xa8") || rest.starts_with("\xe2\x80\xa9") ? 3 : 0;
    default:
      return 0;
  }
}

SourceFile::SourceFile(std::string path, std::string text)
    : path_(std::move(path)), text_(std::move(text)) {
  line_starts_.reserve(text_.size() / 32 + 1);
  line_starts_.push_back(0);
  if (has_other_line_breaks(text_)) {
    for (std::size_t i = 0; i < text_.size();) {
      const std::size_t length = line_break_at(text_, i);
      i += length ? length : 1;
      if (length) line_starts_.push_back(i);
    }
  } else {
    const char* begin = text_.data();
    const char* end = begin + text_.size();
    for (const char* p = begin; (p = static_cast<const char*>(std::memchr(p, '\n', end - p)));) {
      ++p;
      line_starts_.push_back(static_cast<std::size_t>(p - begin));
    }
  }
  if (line_starts_.size() > 1 && line_starts_.back() == text_.size()) line_starts_.pop_back();
}

std::size_t SourceFile::line_start(std::uint32_t line_number) const {
  if (line_number == 0) return 0;
  if (line_number > line_starts_.size()) return text_.size();
  return line_starts_[line_number - 1];
}

std::string_view SourceFile::line(std::uint32_t line_number) const {
  if (line_number == 0 || line_number > line_starts_.size()) return {};
  std::size_t begin = line_starts_[line_number - 1];
  std::size_t end = line_number < line_starts_.size() ? line_starts_[line_number] : text_.size();
  std::string_view s(text_.data() + begin, end - begin);
  // Without its line break: the index splits at every break, so one can only end the line.
  if (s.ends_with("\r\n") || s.ends_with("\xc2\x85")) return s.substr(0, s.size() - 2);
  if (s.ends_with('\n') || s.ends_with('\r')) return s.substr(0, s.size() - 1);
  if (s.ends_with("\xe2\x80\xa8") || s.ends_with("\xe2\x80\xa9")) return s.substr(0, s.size() - 3);
  return s;
}

Position SourceFile::position_of(std::size_t byte_offset) const {
  byte_offset = std::min(byte_offset, text_.size());
  auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), byte_offset);
  std::size_t index = static_cast<std::size_t>(it - line_starts_.begin()) - 1;
  // An offset in a line break (the end of a file that ends with one) is just past the line's
  // last character: a column the line has.
  const std::string_view content = line(static_cast<std::uint32_t>(index + 1));
  const std::string_view before =
      content.substr(0, std::min(byte_offset - line_starts_[index], content.size()));
  return {static_cast<std::uint32_t>(index + 1),
          static_cast<std::uint32_t>(utf8_length(before) + 1)};
}

std::size_t utf8_length(std::string_view s) {
  std::size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

}  // namespace titanlint
