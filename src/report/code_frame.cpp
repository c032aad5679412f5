#include <fmt/format.h>

#include "report/reporters.h"

namespace titanlint {

std::string code_frame(const Finding& finding, bool color) {
  if (!finding.source || finding.source_position.line == 0) return {};
  std::string_view line = finding.source->line(finding.source_position.line);
  // Long lines (minified JSON) are cut around the column so the frame stays readable.
  constexpr std::size_t kMaxWidth = 160;
  std::size_t column = finding.source_position.column;  // characters, 1-based
  std::string shown;
  std::size_t caret = 0;
  std::size_t chars = 0;
  std::size_t skip = column > kMaxWidth / 2 ? column - kMaxWidth / 2 : 0;
  for (std::size_t i = 0; i < line.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(line[i]);
    bool starts_char = (c & 0xC0) != 0x80;
    if (starts_char) ++chars;
    if (chars <= skip) continue;
    if (chars > skip + kMaxWidth) break;
    shown.push_back(c == '\t' ? ' ' : line[i]);
    if (starts_char && chars < column) ++caret;
  }
  std::string number = std::to_string(finding.position.line);
  std::string gutter(number.size(), ' ');
  const char* blue = color ? "\033[1;34m" : "";
  const char* reset = color ? "\033[0m" : "";
  const char* mark =
      color ? (finding.severity == Severity::Error ? "\033[1;31m" : "\033[1;33m") : "";
  std::string out;
  out += fmt::format("{}{} |{}\n", blue, gutter, reset);
  out += fmt::format("{}{} |{} {}{}\n", blue, number, reset, skip ? "..." : "", shown);
  out += fmt::format("{}{} |{} {}{}{}^{}\n", blue, gutter, reset, skip ? "   " : "",
                     std::string(caret, ' '), mark, reset);
  return out;
}

}  // namespace titanlint
