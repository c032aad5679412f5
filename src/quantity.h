// Kubernetes resource quantities (`500m`, `2Gi`, `1e3`), parsed and compared exactly as the API
// server does (k8s.io/apimachinery/pkg/api/resource, ParseQuantity and Quantity.Cmp).
//
// Representation: an arbitrary-precision decimal, a sign, the significant digits and a base-10
// exponent. Every quantity the API server accepts is such a decimal (binary suffixes multiply by
// 2^10k, which is exact in decimal), so comparisons are exact: a long double would make
// `9223372036854775807` equal to `9223372036854775806` and `0.1` inexact. The value is rounded up
// to a multiple of 10^-9 and binary-suffixed values are capped at 2^63-1, as upstream does, so
// two quantities compare here as they compare in the API server's validation.
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "node.h"

namespace titanlint {

class Quantity {
 public:
  // The suffix family it was written with; it only decides how to_string() prints the value.
  enum class Format : std::uint8_t { DecimalSI, BinarySI, DecimalExponent };

  Quantity() = default;  // zero

  bool is_zero() const { return digits_.empty(); }
  bool negative() const { return negative_; }
  // -1, 0 or 1.
  int sign() const { return is_zero() ? 0 : (negative_ ? -1 : 1); }
  Format format() const { return format_; }

  // The value in base units (cores, bytes) and in thousandths (millicores), rounded to the nearest
  // double; +-infinity when it is out of the range of a double. For messages and arithmetic that
  // tolerates rounding; compare quantities with the operators, which are exact.
  double value() const;
  double milli_value() const;

  // The canonical form the API server prints: `1.5` is `1500m`, `1.5Gi` is `1536Mi`, `2000m` is
  // `2`, `1e3` stays `1e3`.
  std::string to_string() const;

  friend std::strong_ordering operator<=>(const Quantity& a, const Quantity& b);
  // By value: `2` == `2000m` == `2e0`, whatever the format.
  friend bool operator==(const Quantity& a, const Quantity& b) {
    return (a <=> b) == std::strong_ordering::equal;
  }

 private:
  friend std::optional<Quantity> parse_quantity(std::string_view text);

  bool negative_ = false;
  // Significant decimal digits without leading or trailing zeros; empty for zero.
  std::string digits_;
  // value = digits_ x 10^exponent_
  std::int64_t exponent_ = 0;
  Format format_ = Format::DecimalSI;
};

// ParseQuantity: `<sign>?<digits>(.<digits>)?<suffix>` where the suffix is a binary SI suffix
// (Ki Mi Gi Ti Pi Ei), a decimal SI suffix (n u m "" k M G T P E) or a decimal exponent (e3, E-2).
// Nullopt when the API server would reject the text (`1K`, `1gi`, `1 Gi`, `1.5.5`, `1iB`, "").
// Upstream quirks are kept on purpose, because they decide what the API server accepts:
// - `1.` and `.5` are numbers; a bare sign or dot (`-`, `.`) is zero;
// - a suffix without digits is zero when upstream's fast path takes it (`Gi`, `m`, `e3`), and an
//   error when its slow path does (`Pi`, `Ei`, `e-10`);
// - the exponent is truncated to 32 bits (`1e4294967296` is 1); negative values parse (the
//   validation rejects them, not the parser);
// - no surrounding whitespace (see the Node overload).
std::optional<Quantity> parse_quantity(std::string_view text);

// A quantity field's value as the API server decodes it from YAML or JSON: a string is trimmed of
// surrounding whitespace (UnmarshalJSON does that) and parsed; a YAML/JSON integer or float is
// the number it denotes (`0x10` is 16, `1e3` is 1000, as sigs.k8s.io/yaml converts them); null
// decodes to zero (rules usually treat a null value as absent instead); a boolean, `.inf`,
// `.nan` or a collection is nullopt.
std::optional<Quantity> parse_quantity(const Node& node);

}  // namespace titanlint
