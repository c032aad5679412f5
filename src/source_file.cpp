#include "source_file.h"

#include <algorithm>
#include <cstring>

namespace titanlint {

SourceFile::SourceFile(std::string path, std::string text)
    : path_(std::move(path)), text_(std::move(text)) {
  line_starts_.reserve(text_.size() / 32 + 1);
  line_starts_.push_back(0);
  const char* begin = text_.data();
  const char* end = begin + text_.size();
  for (const char* p = begin; (p = static_cast<const char*>(std::memchr(p, '\n', end - p)));) {
    ++p;
    line_starts_.push_back(static_cast<std::size_t>(p - begin));
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
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

Position SourceFile::position_of(std::size_t byte_offset) const {
  byte_offset = std::min(byte_offset, text_.size());
  auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), byte_offset);
  std::size_t index = static_cast<std::size_t>(it - line_starts_.begin()) - 1;
  std::string_view before(text_.data() + line_starts_[index], byte_offset - line_starts_[index]);
  return {static_cast<std::uint32_t>(index + 1),
          static_cast<std::uint32_t>(utf8_length(before) + 1)};
}

std::size_t utf8_length(std::string_view s) {
  std::size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

}  // namespace titanlint
