// The text of one input (a file or stdin) with a line index, for positions and code frames.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace titanlint {

struct Position {
  std::uint32_t line = 0;    // 1-based; 0 = unknown (e.g. an object from an AdmissionReview)
  std::uint32_t column = 0;  // 1-based, in characters
};

// Lines are split at every line break YAML 1.1 knows (LF, CRLF, a lone CR, NEL U+0085, LS U+2028,
// PS U+2029), the way libyaml counts them, so the YAML loader's positions (libyaml's marks), the
// JSON loader's and this index always name the same line: a file with old Mac line endings or a
// stray U+2028 still gets findings on lines that exist, with code frames that show them.
class SourceFile {
 public:
  SourceFile(std::string path, std::string text);

  const std::string& path() const { return path_; }
  const std::string& text() const { return text_; }
  std::size_t line_count() const { return line_starts_.size(); }
  // The text of a 1-based line without its line terminator; empty when out of range.
  std::string_view line(std::uint32_t line_number) const;
  // Byte offset of the start of a 1-based line (text size when past the end).
  std::size_t line_start(std::uint32_t line_number) const;
  // The 1-based line and character column of a byte offset.
  Position position_of(std::size_t byte_offset) const;

 private:
  std::string path_;
  std::string text_;
  std::vector<std::size_t> line_starts_;
};

// The length in bytes of the line break at text[offset] (2 for CRLF), or 0 when there is none.
std::size_t line_break_at(std::string_view text, std::size_t offset);

// Number of UTF-8 characters in s (continuation bytes are not counted).
std::size_t utf8_length(std::string_view s);

}  // namespace titanlint
