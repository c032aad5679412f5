#include "quantity.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <system_error>

namespace titanlint {
namespace {

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// Go's int32(x) conversion: keeps the low 32 bits.
std::int32_t wrap32(std::int64_t x) {
  return static_cast<std::int32_t>(static_cast<std::uint32_t>(static_cast<std::uint64_t>(x)));
}

struct Suffix {
  int base = 10;  // 10 or 2
  std::int32_t exponent = 0;
  Quantity::Format format = Quantity::Format::DecimalSI;
};

// suffixHandler.interpret
std::optional<Suffix> interpret_suffix(std::string_view s) {
  using F = Quantity::Format;
  struct Entry {
    std::string_view text;
    int base;
    std::int32_t exponent;
  };
  static constexpr Entry kTable[] = {
      {"", 10, 0},   {"n", 10, -9}, {"u", 10, -6}, {"m", 10, -3}, {"k", 10, 3},  {"M", 10, 6},
      {"G", 10, 9},  {"T", 10, 12}, {"P", 10, 15}, {"E", 10, 18}, {"Ki", 2, 10}, {"Mi", 2, 20},
      {"Gi", 2, 30}, {"Ti", 2, 40}, {"Pi", 2, 50}, {"Ei", 2, 60},
  };
  for (const Entry& e : kTable) {
    if (e.text == s) return Suffix{e.base, e.exponent, e.base == 2 ? F::BinarySI : F::DecimalSI};
  }
  if (s.size() > 1 && (s[0] == 'e' || s[0] == 'E')) {
    // strconv.ParseInt(s[1:], 10, 64): an optional sign, then decimal digits, within int64.
    std::string_view digits = s.substr(1);
    bool neg = false;
    if (!digits.empty() && (digits[0] == '+' || digits[0] == '-')) {
      neg = digits[0] == '-';
      digits.remove_prefix(1);
    }
    if (digits.empty()) return std::nullopt;
    std::uint64_t magnitude = 0;
    auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), magnitude);
    if (ec != std::errc{} || ptr != digits.data() + digits.size()) return std::nullopt;
    const std::uint64_t limit = neg ? (std::uint64_t{1} << 63) : (std::uint64_t{1} << 63) - 1;
    if (magnitude > limit) return std::nullopt;
    const std::int64_t parsed =
        neg ? static_cast<std::int64_t>(0 - magnitude) : static_cast<std::int64_t>(magnitude);
    return Suffix{10, wrap32(parsed), F::DecimalExponent};  // int32(parsed), as upstream
  }
  return std::nullopt;
}

// Multiplies a decimal digit string (most significant first) by 2^10, in place.
void multiply_by_1024(std::string& digits) {
  std::uint32_t carry = 0;
  for (auto it = digits.rbegin(); it != digits.rend(); ++it) {
    const std::uint32_t v = static_cast<std::uint32_t>(*it - '0') * 1024 + carry;
    *it = static_cast<char>('0' + v % 10);
    carry = v / 10;
  }
  std::string prefix;
  while (carry) {
    prefix.push_back(static_cast<char>('0' + carry % 10));
    carry /= 10;
  }
  std::reverse(prefix.begin(), prefix.end());
  digits.insert(0, prefix);
}

// Strips leading zeros from the digits and moves trailing zeros into the exponent.
void normalize(std::string& digits, std::int64_t& exponent) {
  const auto first = digits.find_first_not_of('0');
  if (first == std::string::npos) {
    digits.clear();
    exponent = 0;
    return;
  }
  digits.erase(0, first);
  const auto last = digits.find_last_not_of('0');
  exponent += static_cast<std::int64_t>(digits.size() - last - 1);
  digits.erase(last + 1);
}

// Adds one to a decimal digit string.
void increment(std::string& digits) {
  for (auto it = digits.rbegin(); it != digits.rend(); ++it) {
    if (*it != '9') {
      ++*it;
      return;
    }
    *it = '0';
  }
  digits.insert(digits.begin(), '1');
}

// Exact magnitude comparison of two normalized decimals.
std::strong_ordering compare_magnitude(const std::string& da, std::int64_t ea,
                                       const std::string& db, std::int64_t eb) {
  if (da.empty() || db.empty()) return !da.empty() <=> !db.empty();
  const std::int64_t order_a = static_cast<std::int64_t>(da.size()) + ea;
  const std::int64_t order_b = static_cast<std::int64_t>(db.size()) + eb;
  if (order_a != order_b) return order_a <=> order_b;
  // Same magnitude order: compare digit by digit; a missing digit is a zero, and normalized
  // digits end in a non-zero digit, so the plain string comparison is the numeric one.
  const int c = da.compare(db);
  return c <=> 0;
}

constexpr std::string_view kMaxInt64 = "9223372036854775807";

// True for the characters Go's unicode.IsSpace accepts, given as UTF-8 at the start (or, with
// `from_end`, the end) of `s`; `length` receives the byte length of the match.
bool go_space_at(std::string_view s, bool from_end, std::size_t& length) {
  static constexpr std::string_view kMultiByte[] = {
      "\xC2\x85",     "\xC2\xA0",     "\xE1\x9A\x80", "\xE2\x80\x80", "\xE2\x80\x81",
      "\xE2\x80\x82", "\xE2\x80\x83", "\xE2\x80\x84", "\xE2\x80\x85", "\xE2\x80\x86",
      "\xE2\x80\x87", "\xE2\x80\x88", "\xE2\x80\x89", "\xE2\x80\x8A", "\xE2\x80\xA8",
      "\xE2\x80\xA9", "\xE2\x80\xAF", "\xE2\x81\x9F", "\xE3\x80\x80"};
  if (s.empty()) return false;
  const char c = from_end ? s.back() : s.front();
  if (c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r') {
    length = 1;
    return true;
  }
  // Every byte of a multi-byte space is >= 0x80: an ASCII byte ends the search (the common case,
  // a digit or a suffix letter) without comparing against the table.
  if (static_cast<unsigned char>(c) < 0x80) return false;
  for (std::string_view m : kMultiByte) {
    if (from_end ? s.ends_with(m) : s.starts_with(m)) {
      length = m.size();
      return true;
    }
  }
  return false;
}

// strings.TrimSpace
std::string_view trim_go_space(std::string_view s) {
  std::size_t n = 0;
  while (go_space_at(s, false, n)) s.remove_prefix(n);
  while (go_space_at(s, true, n)) s.remove_suffix(n);
  return s;
}

}  // namespace

std::optional<Quantity> parse_quantity(std::string_view str) {
  if (str.empty()) return std::nullopt;

  // parseQuantityString: the same scanner, so the same texts are accepted.
  bool positive = true;
  std::size_t pos = 0;
  const std::size_t end = str.size();
  if (str[0] == '-') {
    positive = false;
    ++pos;
  } else if (str[0] == '+') {
    ++pos;
  }
  std::string_view value, num, denom, suffix;
  while (pos < end && str[pos] == '0') ++pos;
  if (pos >= end) {  // only a sign and zeros (or nothing but a sign)
    num = "0";
    value = "0";
  } else {
    std::size_t i = pos;
    while (i < end && is_digit(str[i])) ++i;
    num = str.substr(pos, i - pos);
    if (i >= end) {
      value = str;
    } else {
      pos = i;
      if (num.empty()) num = "0";
      bool done = false;
      if (str[pos] == '.') {
        ++pos;
        i = pos;
        while (i < end && is_digit(str[i])) ++i;
        denom = str.substr(pos, i - pos);
        if (i >= end) {
          value = str;
          done = true;
        } else {
          pos = i;
        }
      }
      if (!done) {
        value = str.substr(0, pos);
        const std::size_t suffix_start = pos;
        i = pos;
        while (i < end && std::string_view("eEinumkKMGTP").find(str[i]) != std::string_view::npos)
          ++i;
        if (i < end) {
          pos = i;
          if (str[pos] == '-' || str[pos] == '+') ++pos;
          i = pos;
          while (i < end && is_digit(str[i])) ++i;
          if (i < end) return std::nullopt;  // ErrFormatWrong
        }
        suffix = str.substr(suffix_start);
      }
    }
  }

  const std::optional<Suffix> suf = interpret_suffix(suffix);
  if (!suf) return std::nullopt;  // ErrSuffix

  // ParseQuantity decides between an int64 fast path and an inf.Dec slow path; the value is the
  // same, but only the slow path requires a digit (`Gi` is zero, `Pi` is an error).
  std::int64_t precision = 0;
  if (suf->base == 10) {
    precision = 18 - static_cast<std::int64_t>(num.size() + denom.size());
  } else if (denom.empty()) {
    precision = 15 - static_cast<std::int64_t>(num.size()) - (suf->exponent * 3 / 10) - 1;
  } else {
    precision = -1;
  }
  const std::int32_t fast_scale =
      suf->base == 10 ? wrap32(suf->exponent - static_cast<std::int64_t>(denom.size())) : 0;
  const bool fast = precision >= 0 && fast_scale >= -9;

  Quantity q;
  q.negative_ = !positive;
  q.format_ = suf->format;
  std::int64_t exponent = 0;
  if (fast) {
    q.digits_.assign(num);
    q.digits_.append(denom);
    exponent = fast_scale;
  } else {
    // inf.Dec.SetString(value) needs a digit; `value` is the sign, the digits and the point.
    for (char c : value)
      if (is_digit(c)) q.digits_.push_back(c);
    if (q.digits_.empty()) return std::nullopt;  // ErrNumeric
    if (suf->base == 10) {
      const std::int32_t inf_scale =
          wrap32(static_cast<std::int64_t>(denom.size()) + wrap32(-std::int64_t{suf->exponent}));
      exponent = -std::int64_t{inf_scale};
    } else {
      exponent = -static_cast<std::int64_t>(denom.size());
    }
  }
  normalize(q.digits_, exponent);
  if (suf->base == 2 && !q.digits_.empty()) {
    for (std::int32_t e = 0; e < suf->exponent; e += 10) multiply_by_1024(q.digits_);
    normalize(q.digits_, exponent);
  }

  // Round a non-zero value up (away from zero) to a multiple of 10^-9.
  if (!q.digits_.empty() && exponent < -9) {
    const std::int64_t drop = -9 - exponent;
    const auto size = static_cast<std::int64_t>(q.digits_.size());
    if (drop >= size) {
      q.digits_ = "1";
    } else {
      q.digits_.erase(static_cast<std::size_t>(size - drop));
      increment(q.digits_);  // the dropped digits end in a non-zero digit
    }
    exponent = -9;
    normalize(q.digits_, exponent);
  }

  if (q.format_ == Quantity::Format::BinarySI) {
    std::string max(kMaxInt64);
    std::int64_t max_exponent = 0;
    if (compare_magnitude(q.digits_, exponent, max, max_exponent) > 0) {
      q.digits_ = std::move(max);
      exponent = 0;
    }
    // A binary value between 0 and 1 becomes DecimalSI (it only changes how it prints).
    if (!q.digits_.empty() && static_cast<std::int64_t>(q.digits_.size()) + exponent <= 0)
      q.format_ = Quantity::Format::DecimalSI;
  }
  q.exponent_ = exponent;
  if (q.digits_.empty()) q.negative_ = false;
  return q;
}

std::optional<Quantity> parse_quantity(const Node& node) {
  if (!node.is_scalar()) return std::nullopt;
  switch (node.type) {
    case ScalarType::Null:
      return Quantity{};
    case ScalarType::Bool:
      return std::nullopt;
    case ScalarType::Int:
      if (auto v = node.as_int()) return parse_quantity(std::to_string(*v));
      return std::nullopt;
    case ScalarType::Float: {
      // YAML floats reach the API server as JSON numbers (float64, shortest form); .inf and .nan
      // cannot be sent at all.
      for (char c : node.text())
        if (c == 'n' || c == 'N' || c == 'i' || c == 'I') return std::nullopt;
      auto d = node.as_number();
      if (!d || !std::isfinite(*d)) return std::nullopt;
      char buffer[64];
      auto [ptr, ec] = std::to_chars(buffer, buffer + sizeof buffer, *d);
      if (ec != std::errc{}) return std::nullopt;
      return parse_quantity(std::string_view(buffer, static_cast<std::size_t>(ptr - buffer)));
    }
    case ScalarType::String:
      return parse_quantity(trim_go_space(node.text()));
  }
  return std::nullopt;
}

std::strong_ordering operator<=>(const Quantity& a, const Quantity& b) {
  if (a.sign() != b.sign()) return a.sign() <=> b.sign();
  const std::strong_ordering m = compare_magnitude(a.digits_, a.exponent_, b.digits_, b.exponent_);
  if (a.negative_) return 0 <=> m;  // both negative: the larger magnitude is the smaller value
  return m;
}

double Quantity::value() const {
  if (digits_.empty()) return 0;
  // Enough digits for correct rounding in practice; the rest only shifts the exponent.
  const std::size_t kept = std::min<std::size_t>(digits_.size(), 40);
  const std::int64_t exponent = exponent_ + static_cast<std::int64_t>(digits_.size() - kept);
  const std::int64_t order = static_cast<std::int64_t>(kept) + exponent;
  double magnitude;
  if (order > 400) {
    magnitude = std::numeric_limits<double>::infinity();
  } else if (order < -400) {
    magnitude = 0;
  } else {
    std::string text = digits_.substr(0, kept) + "e" + std::to_string(exponent);
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), magnitude);
    if (ec == std::errc::result_out_of_range)
      magnitude = order > 0 ? std::numeric_limits<double>::infinity() : 0;
    else if (ec != std::errc{})
      magnitude = 0;
  }
  return negative_ ? -magnitude : magnitude;
}

double Quantity::milli_value() const {
  Quantity scaled = *this;
  if (!scaled.digits_.empty()) scaled.exponent_ += 3;
  return scaled.value();
}

std::string Quantity::to_string() const {
  if (digits_.empty()) return "0";
  std::string out = negative_ ? "-" : "";
  // BinarySI prints as a multiple of a power of 1024 when the value is an integer of at least
  // 1024 (binary values are capped at 2^63-1, so the integer fits 64 bits).
  if (format_ == Format::BinarySI && exponent_ >= 0 &&
      static_cast<std::int64_t>(digits_.size()) + exponent_ <= 19) {
    std::uint64_t v = 0;
    std::from_chars(digits_.data(), digits_.data() + digits_.size(), v);
    for (std::int64_t i = 0; i < exponent_; ++i) v *= 10;
    if (v >= 1024) {
      static constexpr std::string_view kBinary[] = {"", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"};
      std::size_t power = 0;
      while (power < 6 && v % 1024 == 0) {
        v /= 1024;
        ++power;
      }
      return out + std::to_string(v) + std::string(kBinary[power]);
    }
  }
  // Decimal: the exponent goes down to a multiple of 3 and the mantissa stays an integer.
  std::string mantissa = digits_;
  std::int64_t exponent = exponent_;
  const std::int64_t remainder = ((exponent % 3) + 3) % 3;
  mantissa.append(static_cast<std::size_t>(remainder), '0');
  exponent -= remainder;
  out += mantissa;
  if (exponent == 0) return out;
  if (format_ != Format::DecimalExponent && exponent >= -9 && exponent <= 18) {
    static constexpr std::string_view kDecimal[] = {"n", "u", "m", "",  "k",
                                                    "M", "G", "T", "P", "E"};
    return out + std::string(kDecimal[(exponent + 9) / 3]);
  }
  return out + "e" + std::to_string(exponent);
}

}  // namespace titanlint
