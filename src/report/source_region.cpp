// Helpers shared by the range-carrying formats: the source span of a finding, and the escaping
// rules of GitHub workflow commands and XML.
#include <algorithm>

#include "report/formats.h"

namespace titanlint {
namespace {

// A region that runs to the end of a very long line (minified JSON) stops this many characters
// after its start, so one finding cannot carry a megabyte of snippet.
constexpr std::size_t kMaxRegionChars = 200;

bool starts_char(char c) {
  return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
}

// Byte offset of the 1-based character column in `line` (line size when past the end).
std::size_t byte_of_column(std::string_view line, std::uint32_t column) {
  std::uint32_t chars = 0;
  for (std::size_t i = 0; i < line.size(); ++i) {
    if (!starts_char(line[i])) continue;
    if (++chars == column) return i;
  }
  return line.size();
}

std::size_t trimmed_size(std::string_view line) {
  std::size_t n = line.size();
  while (n > 0 && (line[n - 1] == ' ' || line[n - 1] == '\t' || line[n - 1] == '\r')) --n;
  return n;
}

// Whether byte `at` is inside a flow collection opened earlier on the same line (outside quotes).
bool in_flow(std::string_view line, std::size_t at) {
  int depth = 0;
  char quote = 0;
  for (std::size_t i = 0; i < at; ++i) {
    char c = line[i];
    if (quote) {
      if (c == quote) quote = 0;
      continue;
    }
    if (c == '"' || c == '\'') quote = c;
    if (c == '{' || c == '[') ++depth;
    if ((c == '}' || c == ']') && depth > 0) --depth;
  }
  return depth > 0;
}

// End (exclusive byte offset) of the node that starts at `begin`.
std::size_t node_end(std::string_view line, std::size_t begin) {
  const std::size_t eol = trimmed_size(line);
  if (begin >= eol) return begin;
  const char first = line[begin];
  if (first == '"' || first == '\'') {
    for (std::size_t i = begin + 1; i < line.size(); ++i) {
      if (first == '"' && line[i] == '\\') {
        ++i;
      } else if (line[i] == first) {
        if (first == '\'' && i + 1 < line.size() && line[i + 1] == '\'') {
          ++i;
          continue;
        }
        return i + 1;
      }
    }
    return eol;  // a quoted scalar that continues on the next line
  }
  // Collections and block scalars: the rest of the line.
  if (first == '{' || first == '[' || first == '|' || first == '>') return eol;
  const bool flow = in_flow(line, begin);
  for (std::size_t i = begin; i < eol; ++i) {
    const char c = line[i];
    const bool space_after = i + 1 >= eol || line[i + 1] == ' ' || line[i + 1] == '\t';
    if (c == ':' && space_after) return eol;  // a key (or a block mapping's first key)
    if (c == '#' && i > begin && (line[i - 1] == ' ' || line[i - 1] == '\t')) {
      std::size_t end = i;
      while (end > begin && (line[end - 1] == ' ' || line[end - 1] == '\t')) --end;
      return end;
    }
    if (flow && (c == ',' || c == '}' || c == ']')) {
      std::size_t end = i;
      while (end > begin && (line[end - 1] == ' ' || line[end - 1] == '\t')) --end;
      return end;
    }
  }
  return eol;
}

void append_utf8(std::string& out, std::uint32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

// Decodes one UTF-8 sequence at `i`; returns the code point and advances `i`, or returns
// 0xFFFFFFFF (and advances one byte) for an invalid sequence (overlong, surrogate, truncated).
std::uint32_t decode_utf8(std::string_view s, std::size_t& i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char b0 = byte(i);
  if (b0 < 0x80) {
    ++i;
    return b0;
  }
  std::size_t length = 0;
  std::uint32_t cp = 0;
  std::uint32_t min = 0;
  if ((b0 & 0xE0) == 0xC0) {
    length = 2, cp = b0 & 0x1F, min = 0x80;
  } else if ((b0 & 0xF0) == 0xE0) {
    length = 3, cp = b0 & 0x0F, min = 0x800;
  } else if ((b0 & 0xF8) == 0xF0) {
    length = 4, cp = b0 & 0x07, min = 0x10000;
  } else {
    ++i;
    return 0xFFFFFFFF;
  }
  if (i + length > s.size()) {
    ++i;
    return 0xFFFFFFFF;
  }
  for (std::size_t k = 1; k < length; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) {
      ++i;
      return 0xFFFFFFFF;
    }
    cp = (cp << 6) | (byte(i + k) & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
    ++i;
    return 0xFFFFFFFF;
  }
  i += length;
  return cp;
}

}  // namespace

namespace {

std::optional<SourceRegion> region_at(Position position, const SourceFile* source,
                                      Position source_position, bool sensitive) {
  if (position.line == 0) return std::nullopt;
  SourceRegion region;
  region.start_line = region.end_line = position.line;
  region.start_column = std::max(1u, position.column);
  region.end_column = region.start_column;
  if (!source || source_position.line == 0) return region;
  std::string_view line = source->line(source_position.line);
  const std::size_t begin = byte_of_column(line, region.start_column);
  std::size_t end = std::max(begin, node_end(line, begin));
  std::size_t chars = 0;
  for (std::size_t i = begin; i < end; ++i) {
    if (!starts_char(line[i])) continue;
    if (chars == kMaxRegionChars) {
      end = i;
      break;
    }
    ++chars;
  }
  region.end_column = region.start_column + static_cast<std::uint32_t>(chars);
  region.text = std::string(line.substr(begin, end - begin));
  // A secret rule's node: the value is masked as in the code frame.
  if (sensitive) region.text = mask_value_in_line(region.text, 1);
  return region;
}

}  // namespace

std::optional<SourceRegion> source_region(const Finding& finding) {
  return region_at(finding.position, finding.source, finding.source_position, finding.sensitive);
}

std::optional<SourceRegion> source_region(const RelatedLocation& related) {
  return region_at(related.position, related.source, related.source_position, false);
}

std::string github_escape_data(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '%':
        out += "%25";
        break;
      case '\r':
        out += "%0D";
        break;
      case '\n':
        out += "%0A";
        break;
      default:
        out.push_back(c);
    }
  }
  return out;
}

std::string github_escape_property(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : github_escape_data(text)) {
    if (c == ':')
      out += "%3A";
    else if (c == ',')
      out += "%2C";
    else
      out.push_back(c);
  }
  return out;
}

namespace {

// Bytes written as they are: printable ASCII but the five XML specials.
bool plain_xml_byte(unsigned char c) {
  return c >= 0x20 && c < 0x7F && c != '&' && c != '<' && c != '>' && c != '"' && c != '\'';
}

}  // namespace

void append_xml_escaped(std::string& out, std::string_view text, bool attribute) {
  for (std::size_t i = 0; i < text.size();) {
    // Most text is plain ASCII: copy a run of it at once.
    std::size_t run = i;
    while (run < text.size() && plain_xml_byte(static_cast<unsigned char>(text[run]))) ++run;
    if (run > i) {
      out.append(text.data() + i, run - i);
      i = run;
      if (i == text.size()) break;
    }
    const std::uint32_t cp = decode_utf8(text, i);
    switch (cp) {
      case '&':
        out += "&amp;";
        continue;
      case '<':
        out += "&lt;";
        continue;
      case '>':
        out += "&gt;";
        continue;
      case '"':
        out += "&quot;";
        continue;
      case '\'':
        out += "&apos;";
        continue;
      case '\t':
        out += attribute ? "&#9;" : "\t";
        continue;
      case '\n':
        out += attribute ? "&#10;" : "\n";
        continue;
      case '\r':
        out += "&#13;";  // a literal CR would be normalised away by the parser
        continue;
      default:
        break;
    }
    const bool allowed = (cp >= 0x20 && cp <= 0xD7FF) || (cp >= 0xE000 && cp <= 0xFFFD) ||
                         (cp >= 0x10000 && cp <= 0x10FFFF);
    append_utf8(out, allowed ? cp : 0xFFFD);
  }
}

std::string xml_escape(std::string_view text, bool attribute) {
  std::string out;
  out.reserve(text.size());
  append_xml_escaped(out, text, attribute);
  return out;
}

}  // namespace titanlint
