#include "node.h"

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <string>

namespace titanlint {

const Node* Node::get(std::string_view key) const {
  const MapEntry* e = entry(key);
  return e ? e->value : nullptr;
}

const MapEntry* Node::entry(std::string_view key) const {
  const std::span<const MapEntry> all = entries();
  for (auto it = all.rbegin(); it != all.rend(); ++it)
    if (same_text(it->key->text(), key) && it->key->is_scalar()) return &*it;
  return nullptr;
}

std::size_t Node::index_in_parent() const {
  if (!parent) return 0;
  if (parent->is_sequence()) {
    const auto items = parent->items();
    for (std::size_t i = 0; i < items.size(); ++i)
      if (items[i] == this) return i;
  } else {
    const auto entries = parent->entries();
    for (std::size_t i = 0; i < entries.size(); ++i)
      if (entries[i].value == this || entries[i].key == this) return i;
  }
  return 0;
}

const Node* Node::at(std::initializer_list<std::string_view> keys) const {
  const Node* node = this;
  for (std::string_view key : keys) {
    node = node->get(key);
    if (!node) return nullptr;
  }
  return node;
}

namespace {

bool parse_integer(std::string_view s, std::int64_t& out) {
  std::string cleaned;
  if (s.find('_') != std::string_view::npos) {  // YAML 1.1 allows 1_000
    cleaned.reserve(s.size());
    for (char c : s)
      if (c != '_') cleaned.push_back(c);
    s = cleaned;
  }
  bool negative = false;
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) {
    negative = s[0] == '-';
    s.remove_prefix(1);
  }
  if (s.empty()) return false;
  int base = 10;
  if (s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
    base = 16;
    s.remove_prefix(2);
  } else if (s.size() > 2 && s[0] == '0' && (s[1] == 'o' || s[1] == 'O')) {
    base = 8;
    s.remove_prefix(2);
  } else if (s.size() > 1 && s[0] == '0') {
    base = 8;  // YAML 1.1 octal: 0644
    s.remove_prefix(1);
  }
  std::uint64_t magnitude = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), magnitude, base);
  if (ec != std::errc{} || ptr != s.data() + s.size()) return false;
  if (magnitude > static_cast<std::uint64_t>(INT64_MAX)) return false;
  out = negative ? -static_cast<std::int64_t>(magnitude) : static_cast<std::int64_t>(magnitude);
  return true;
}

bool parse_float(std::string_view s, double& out) {
  if (s.empty()) return false;
  std::string_view body = s;
  if (body[0] == '+' || body[0] == '-') body.remove_prefix(1);
  // YAML 1.1's infinities and NaN resolve to floats (as in go-yaml), and keep their value: a
  // conversion must never read them as a number (JSON cannot carry them; kubectl fails).
  if (body == ".inf" || body == ".Inf" || body == ".INF") {
    out = s[0] == '-' ? -HUGE_VAL : HUGE_VAL;
    return true;
  }
  if (s == ".nan" || s == ".NaN" || s == ".NAN") {
    out = std::nan("");
    return true;
  }
  // [-+]?([0-9][0-9_]*)?\.[0-9.]*([eE][-+][0-9]+)? in YAML 1.1; accept the common superset that
  // from_chars understands but require a digit and no trailing garbage.
  bool digit = false;
  for (char c : body) {
    if (c >= '0' && c <= '9')
      digit = true;
    else if (c != '.' && c != 'e' && c != 'E' && c != '+' && c != '-' && c != '_')
      return false;
  }
  if (!digit) return false;
  std::string cleaned(s);
  std::erase(cleaned, '_');
  const char* begin = cleaned.c_str();
  if (*begin == '+') ++begin;
  const char* end = cleaned.c_str() + cleaned.size();
  auto [ptr, ec] = std::from_chars(begin, end, out);
  if (ec == std::errc::result_out_of_range && ptr == end) {
    // Go's ParseFloat (the API server's) reads an underflow such as 1e-400 as 0 (or a subnormal)
    // without error; only an overflow is out of range.
    out = std::strtod(begin, nullptr);
    return std::isfinite(out);
  }
  return ec == std::errc{} && ptr == end;
}

}  // namespace

ScalarType resolve_plain_scalar(std::string_view t) {
  if (t.empty() || t == "~" || t == "null" || t == "Null" || t == "NULL") return ScalarType::Null;
  switch (t[0]) {
    case 'y':
    case 'Y':
    case 'n':
    case 'N':
    case 't':
    case 'T':
    case 'f':
    case 'F':
    case 'o':
    case 'O':
      if (t == "y" || t == "Y" || t == "yes" || t == "Yes" || t == "YES" || t == "n" || t == "N" ||
          t == "no" || t == "No" || t == "NO" || t == "true" || t == "True" || t == "TRUE" ||
          t == "false" || t == "False" || t == "FALSE" || t == "on" || t == "On" || t == "ON" ||
          t == "off" || t == "Off" || t == "OFF")
        return ScalarType::Bool;
      return ScalarType::String;
    default:
      break;
  }
  const char c = t[0];
  if (!((c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.')) return ScalarType::String;
  std::int64_t i;
  if (parse_integer(t, i)) return ScalarType::Int;
  double d;
  if (parse_float(t, d)) return ScalarType::Float;
  return ScalarType::String;
}

std::optional<std::int64_t> Node::as_int() const {
  if (kind != NodeKind::Scalar) return std::nullopt;
  std::int64_t v;
  if (type == ScalarType::Int && parse_integer(text(), v)) return v;
  if (type == ScalarType::Float) {  // 30.0 is a valid int32 in JSON decoding
    double d;
    // Only a whole number in int64's range converts (a cast of 1e100 or NaN is undefined).
    if (parse_float(text(), d) && d >= -0x1p63 && d < 0x1p63 && d == std::trunc(d))
      return static_cast<std::int64_t>(d);
  }
  return std::nullopt;
}

std::optional<bool> Node::as_bool() const {
  if (kind != NodeKind::Scalar || type != ScalarType::Bool) return std::nullopt;
  const std::string_view t = text();
  const char c = t[0];
  return c == 'y' || c == 'Y' || c == 't' || c == 'T' || t == "on" || t == "On" || t == "ON";
}

std::optional<double> Node::as_number() const {
  if (kind != NodeKind::Scalar) return std::nullopt;
  if (type == ScalarType::Int) {
    if (auto i = as_int()) return static_cast<double>(*i);
  }
  double d;
  if (type == ScalarType::Float && parse_float(text(), d) && std::isfinite(d)) return d;
  return std::nullopt;
}

bool Node::is_non_finite() const {
  double d;
  return kind == NodeKind::Scalar && type == ScalarType::Float && parse_float(text(), d) &&
         !std::isfinite(d);
}

std::string_view Arena::copy(std::string_view s) {
  if (s.empty()) return {};
  char* out = static_cast<char*>(resource_.allocate(s.size(), 1));
  std::memcpy(out, s.data(), s.size());
  return {out, s.size()};
}

}  // namespace titanlint
