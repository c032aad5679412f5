#include "common/duration.h"

#include <charconv>
#include <cmath>

#include <fmt/format.h>

namespace titanlint::rules {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// A decimal number at the start of `s` (digits with at most one '.'); advances `s` past it.
std::optional<double> take_number(std::string_view& s) {
  std::size_t n = 0;
  bool digit = false, dot = false;
  for (; n < s.size(); ++n) {
    if (s[n] >= '0' && s[n] <= '9')
      digit = true;
    else if (s[n] == '.' && !dot)
      dot = true;
    else
      break;
  }
  if (!digit) return std::nullopt;
  double value = 0;
  // from_chars rejects a leading or trailing '.', which Go accepts (`.5s`, `1.s`).
  std::string text(s.substr(0, n));
  if (text.front() == '.') text.insert(text.begin(), '0');
  if (text.back() == '.') text.push_back('0');
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || ptr != text.data() + text.size()) return std::nullopt;
  s.remove_prefix(n);
  return value;
}

std::optional<double> unit_seconds(std::string_view unit) {
  if (unit == "ns") return 1e-9;
  if (unit == "us" || unit == "\xC2\xB5s" || unit == "\xCE\xBCs") return 1e-6;  // us, µs, μs
  if (unit == "ms") return 1e-3;
  if (unit == "s") return 1;
  if (unit == "m") return 60;
  if (unit == "h") return 3600;
  return std::nullopt;
}

}  // namespace

std::optional<double> parse_duration_seconds(std::string_view text) {
  std::string_view s = trim(text);
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  if (s.empty()) return std::nullopt;
  std::string_view whole = s;
  auto first = take_number(s);
  if (!first) return std::nullopt;
  if (s.empty()) return *first;  // a bare number: seconds
  s = whole;
  double total = 0;
  while (!s.empty()) {
    auto number = take_number(s);
    if (!number) return std::nullopt;
    std::size_t n = 0;
    while (n < s.size() && !(s[n] >= '0' && s[n] <= '9') && s[n] != '.') ++n;
    auto unit = unit_seconds(s.substr(0, n));
    if (!unit) return std::nullopt;
    total += *number * *unit;
    s.remove_prefix(n);
  }
  if (!std::isfinite(total)) return std::nullopt;
  return total;
}

std::string format_seconds(double seconds) {
  double rounded = std::round(seconds * 1000) / 1000;
  if (rounded == std::floor(rounded)) return fmt::format("{}s", static_cast<long long>(rounded));
  std::string text = fmt::format("{:.3f}", rounded);
  while (text.back() == '0') text.pop_back();
  return text + "s";
}

}  // namespace titanlint::rules
