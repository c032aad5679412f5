#include "common/secret_mask.h"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

namespace titanlint::rules {
namespace {

std::string_view trim_whitespace(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

bool is_var_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '-';
}

// `${NAME}` or `$(NAME)` (with an optional `${NAME:-default}` tail) somewhere in `s`.
bool has_reference(std::string_view s) {
  for (std::size_t i = 0; i + 2 < s.size(); ++i) {
    if (s[i] != '$' || (s[i + 1] != '{' && s[i + 1] != '(')) continue;
    const char close = s[i + 1] == '{' ? '}' : ')';
    std::size_t j = i + 2;
    while (j < s.size() && is_var_char(s[j])) ++j;
    if (j == i + 2 || j >= s.size()) continue;
    if (s[j] == close) return true;
    if (close == '}' && s[j] == ':' && s.find('}', j) != std::string_view::npos) return true;
  }
  return false;
}

bool is_scheme_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '-' || c == '.';
}

// Ends the authority part of a URL.
bool ends_authority(char c) {
  return std::isspace(static_cast<unsigned char>(c)) || c == '/' || c == '?' || c == '#' ||
         c == '"' || c == '\'' || c == ',' || c == ';' || c == '`';
}

}  // namespace

std::vector<std::string> default_placeholder_words() {
  return {"changeme", "change-me", "change_me", "replaceme", "replace-me", "placeholder",
          "example",  "dummy",     "redacted",  "todo",      "tbd",        "fixme"};
}

OptionSpec placeholders_option() {
  return {"placeholders", OptionType::StringList, default_placeholder_words(),
          "Dummy words that stand in for a secret and are not reported (whole value, any case). "
          "Empty values, `${VAR}`/`$(VAR)` references, `{{ ... }}` template leftovers, `<...>` "
          "markers and values made only of `x` or `*` are always placeholders."};
}

bool is_placeholder(std::string_view value, const std::vector<std::string>& words) {
  value = trim_whitespace(value);
  if (value.empty()) return true;
  if (has_reference(value)) return true;
  if (value.find("{{") != std::string_view::npos) return true;
  if (value.front() == '<' && value.back() == '>') return true;
  if (std::all_of(value.begin(), value.end(), [](char c) { return c == 'x' || c == 'X'; }) ||
      std::all_of(value.begin(), value.end(), [](char c) { return c == '*'; }))
    return true;
  return std::any_of(words.begin(), words.end(),
                     [&](const std::string& w) { return iequals(trim_whitespace(w), value); });
}

std::string masked_value(std::string_view value) {
  const std::size_t n = value.size();
  std::string_view length = n < 8    ? "under 8"
                            : n < 16 ? "8-15"
                            : n < 32 ? "16-31"
                            : n < 64 ? "32-63"
                                     : "64 or more";
  return fmt::format("****, {} characters", length);
}

std::vector<UrlCredentials> find_url_credentials(std::string_view text) {
  std::vector<UrlCredentials> out;
  std::size_t from = 0;
  while (true) {
    const std::size_t sep = text.find("://", from);
    if (sep == std::string_view::npos) break;
    from = sep + 3;
    std::size_t begin = sep;
    while (begin > 0 && is_scheme_char(text[begin - 1])) --begin;
    while (begin < sep && !std::isalpha(static_cast<unsigned char>(text[begin]))) ++begin;
    if (begin == sep) continue;
    std::size_t end = from;
    while (end < text.size() && !ends_authority(text[end])) ++end;
    const std::string_view authority = text.substr(from, end - from);
    const std::size_t at = authority.rfind('@');
    if (at == std::string_view::npos) continue;
    const std::string_view userinfo = authority.substr(0, at);
    const std::size_t colon = userinfo.find(':');
    if (colon == std::string_view::npos || colon + 1 == userinfo.size()) continue;
    UrlCredentials url;
    url.scheme = text.substr(begin, sep - begin);
    url.user = userinfo.substr(0, colon);
    url.password = userinfo.substr(colon + 1);
    std::string_view hostport = authority.substr(at + 1);
    std::size_t host_end = hostport.find(':');
    if (hostport.starts_with('[')) host_end = hostport.find(']');  // IPv6 literal
    if (host_end != std::string_view::npos && hostport.starts_with('[')) ++host_end;
    url.host = hostport.substr(0, host_end);
    url.more = host_end != std::string_view::npos ||
               (end < text.size() && (text[end] == '/' || text[end] == '?' || text[end] == '#'));
    out.push_back(url);
    from = end;
  }
  return out;
}

std::string masked_url(const UrlCredentials& url) {
  std::string_view host = url.host;
  bool more = url.more;
  if (!host.starts_with('[')) {
    const std::size_t dot = host.find('.');
    if (dot != std::string_view::npos) {
      host = host.substr(0, dot);
      more = true;
    }
  }
  return fmt::format("{}://{}:****@{}{}", url.scheme, url.user, host, more ? "..." : "");
}

bool is_url(std::string_view value) {
  value = trim_whitespace(value);
  const std::size_t sep = value.find("://");
  if (sep == std::string_view::npos || sep == 0) return false;
  if (!std::isalpha(static_cast<unsigned char>(value[0]))) return false;
  return std::all_of(value.begin(), value.begin() + static_cast<std::ptrdiff_t>(sep),
                     is_scheme_char);
}

bool base64_decode(std::string_view text, std::string& out) {
  out.clear();
  std::uint32_t buffer = 0;
  int bits = 0;
  std::size_t padding = 0;
  for (char c : text) {
    if (std::isspace(static_cast<unsigned char>(c))) continue;
    int v;
    if (c >= 'A' && c <= 'Z') {
      v = c - 'A';
    } else if (c >= 'a' && c <= 'z') {
      v = c - 'a' + 26;
    } else if (c >= '0' && c <= '9') {
      v = c - '0' + 52;
    } else if (c == '+') {
      v = 62;
    } else if (c == '/') {
      v = 63;
    } else if (c == '=') {
      ++padding;
      continue;
    } else {
      return false;
    }
    if (padding) return false;  // data after padding
    buffer = (buffer << 6) | static_cast<std::uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((buffer >> bits) & 0xFF));
    }
  }
  return padding <= 2;
}

std::string list_names(const std::vector<std::string>& names, std::size_t max_shown) {
  std::string out;
  for (std::size_t i = 0; i < names.size() && i < max_shown; ++i) {
    if (i) out += ", ";
    out += names[i];
  }
  if (names.size() > max_shown) out += fmt::format(" and {} more", names.size() - max_shown);
  return out;
}

}  // namespace titanlint::rules
