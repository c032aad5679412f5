#include <fmt/format.h>

#include "report/formats.h"

namespace titanlint {

namespace {

// End (exclusive) of a quoted scalar starting at `open`, or npos when it does not close on this
// line.
std::size_t quoted_end(std::string_view line, std::size_t open) {
  const char q = line[open];
  for (std::size_t i = open + 1; i < line.size(); ++i) {
    if (q == '"' && line[i] == '\\') {
      ++i;
    } else if (line[i] == q) {
      if (q == '\'' && i + 1 < line.size() && line[i + 1] == '\'') {
        ++i;
      } else {
        return i + 1;
      }
    }
  }
  return std::string_view::npos;
}

// A ` #` comment starting at or after `from`, or npos.
std::size_t comment_start(std::string_view line, std::size_t from) {
  for (std::size_t i = from; i < line.size(); ++i)
    if (line[i] == '#' && (i == 0 || line[i - 1] == ' ' || line[i - 1] == '\t')) return i;
  return std::string_view::npos;
}

// `line[0, end)` with every scalar that is not a mapping key replaced by `****`: on a flow-style
// or minified-JSON line, other values (other secrets) precede the one a finding points at.
// Indentation, keys, `- ` and flow punctuation stay, so the frame still shows the structure.
std::string masked_prefix(std::string_view line, std::size_t end) {
  std::string out;
  std::size_t i = 0;
  auto is_key_colon = [&](std::size_t at) {
    while (at < end && line[at] == ' ') ++at;
    return at < line.size() && line[at] == ':';
  };
  while (i < end) {
    const char c = line[i];
    if (c == ' ' || c == '\t' || c == '{' || c == '}' || c == '[' || c == ']' || c == ',' ||
        c == ':' || (c == '-' && (i + 1 >= line.size() || line[i + 1] == ' '))) {
      out.push_back(c);
      ++i;
      continue;
    }
    if (c == '#' && (i == 0 || line[i - 1] == ' ')) {  // a comment: the rest of the prefix
      out.append(line.substr(i, end - i));
      break;
    }
    std::size_t token_end;
    if (c == '"' || c == '\'') {
      token_end = quoted_end(line, i);
      if (token_end == std::string_view::npos || token_end > end) token_end = end;
    } else {
      token_end = i;
      while (
          token_end < end && line[token_end] != ',' && line[token_end] != '}' &&
          line[token_end] != ']' &&
          !(line[token_end] == ':' && (token_end + 1 >= line.size() || line[token_end + 1] == ' ')))
        ++token_end;
    }
    if (is_key_colon(token_end)) {
      out.append(line.substr(i, token_end - i));
    } else {
      out += "****";
    }
    i = token_end;
  }
  return out;
}

// The masked line, and in `*caret` the 1-based character column of the node in it.
std::string mask_line(std::string_view line, std::size_t column, std::size_t* caret) {
  // Byte offset of the 1-based character column.
  std::size_t at = 0;
  for (std::size_t chars = 0; at < line.size(); ++at) {
    if ((static_cast<unsigned char>(line[at]) & 0xC0) == 0x80) continue;
    if (++chars >= column) break;
  }
  if (caret) *caret = column;
  if (at >= line.size()) return std::string(line);
  if (caret) *caret = utf8_length(masked_prefix(line, at)) + 1;
  // The node is a mapping key (`stringData:` or `"data":`): keep the key, mask what follows.
  std::size_t value_from = at;
  if (line[at] == '"' || line[at] == '\'') {
    std::size_t end = quoted_end(line, at);
    std::size_t colon = end;
    while (colon != std::string_view::npos && colon < line.size() && line[colon] == ' ') ++colon;
    if (colon != std::string_view::npos && colon < line.size() && line[colon] == ':')
      value_from = colon + 1;
  } else {
    std::size_t i = at;
    while (i < line.size() && line[i] != ':' && line[i] != ' ' && line[i] != ',' &&
           line[i] != '{' && line[i] != '[')
      ++i;
    if (i < line.size() && line[i] == ':' && (i + 1 == line.size() || line[i + 1] == ' '))
      value_from = i + 1;
  }
  while (value_from < line.size() && value_from > at && line[value_from] == ' ') ++value_from;
  // Where the value ends: a quoted scalar at its closing quote, anything else at a comment.
  std::size_t comment = std::string_view::npos;
  if (value_from < line.size() && (line[value_from] == '"' || line[value_from] == '\'')) {
    std::size_t end = quoted_end(line, value_from);
    if (end != std::string_view::npos) comment = comment_start(line, end);
  } else {
    comment = comment_start(line, value_from);
  }
  std::string_view value =
      line.substr(value_from, comment == std::string_view::npos ? std::string_view::npos
                                                                : comment - value_from);
  while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
  // Nothing after the key on this line (a block mapping follows).
  if (value.empty()) return masked_prefix(line, line.size());
  std::string out = masked_prefix(line, value_from);
  out += "****";
  if (comment != std::string_view::npos) {
    out += ' ';
    out += line.substr(comment);
  }
  return out;
}

}  // namespace

std::string mask_value_in_line(std::string_view line, std::size_t column) {
  return mask_line(line, column, nullptr);
}

void append_code_frame(std::string& out, const Finding& finding, bool color) {
  if (!finding.source || finding.source_position.line == 0) return;
  std::size_t column = finding.source_position.column;  // characters, 1-based
  std::string_view line = finding.source->line(finding.source_position.line);
  // A sensitive finding shows the masked line, the caret under the node's place in it.
  std::string masked;
  if (finding.sensitive) {
    masked = mask_line(line, column, &column);
    line = masked;
  }
  // Long lines (minified JSON) are cut around the column so the frame stays readable.
  constexpr std::size_t kMaxWidth = 160;
  const std::size_t skip = column > kMaxWidth / 2 ? column - kMaxWidth / 2 : 0;
  const char* blue = color ? "\033[1;34m" : "";
  const char* reset = color ? "\033[0m" : "";
  const char* mark =
      color ? (finding.severity == Severity::Error ? "\033[1;31m" : "\033[1;33m") : "";
  char number[16];
  const auto digits = static_cast<std::size_t>(
      fmt::format_to_n(number, sizeof number, "{}", finding.position.line).size);
  const std::string_view line_number(number, digits);

  out += blue;
  out.append(digits, ' ');
  out += " |";
  out += reset;
  out += '\n';
  out += blue;
  out += line_number;
  out += " |";
  out += reset;
  out += ' ';
  if (skip) out += "...";
  std::size_t caret = 0;
  std::size_t chars = 0;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(line[i]);
    const bool starts_char = (c & 0xC0) != 0x80;
    if (starts_char) ++chars;
    if (chars <= skip) continue;
    if (chars > skip + kMaxWidth) break;
    out.push_back(c == '\t' ? ' ' : line[i]);
    if (starts_char && chars < column) ++caret;
  }
  out += '\n';
  out += blue;
  out.append(digits, ' ');
  out += " |";
  out += reset;
  out += ' ';
  if (skip) out += "   ";
  out.append(caret, ' ');
  out += mark;
  out += '^';
  out += reset;
  out += '\n';
}

std::string code_frame(const Finding& finding, bool color) {
  std::string out;
  append_code_frame(out, finding, color);
  return out;
}

}  // namespace titanlint
