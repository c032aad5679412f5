// Fuzz target: Kubernetes quantity parsing. The input is one quantity per line (the first two
// lines are used). Invariants: the canonical form (to_string) parses back to the same value and
// prints the same again; the ordering is antisymmetric and agrees with sign(); the YAML-node
// overload agrees with the text one for a string scalar; value() and milli_value() never crash.
#include <cmath>
#include <compare>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>

#include "fuzz_support.h"
#include "quantity.h"

using namespace titanlint;

namespace {

// The decimal exponent a canonical form prints (`1e40` -> 40), 0 when it has none.
std::int64_t printed_exponent(const std::string& canonical) {
  const std::size_t e = canonical.find('e');
  return e == std::string::npos ? 0 : std::stoll(canonical.substr(e + 1));
}

void check_one(std::string_view text, const Quantity& q) {
  const std::string canonical = q.to_string();
  // Upstream parses an exponent into 32 bits, so a value whose canonical exponent does not fit
  // (`449e2147483696`, reached through `...E02147483647` with many digits) cannot round-trip
  // there either.
  const std::int64_t exponent = printed_exponent(canonical);
  if (exponent > std::numeric_limits<std::int32_t>::max() ||
      exponent < std::numeric_limits<std::int32_t>::min())
    return;
  const std::optional<Quantity> again = parse_quantity(canonical);
  TITANLINT_FUZZ_CHECK(again.has_value(), "'{}' prints as '{}', which does not parse", text,
                       canonical);
  TITANLINT_FUZZ_CHECK(*again == q, "'{}' prints as '{}', which parses to another value", text,
                       canonical);
  // Printing is stable from the second print on, not from the first: as upstream's String() does,
  // a BinarySI value that is no multiple of 1024 prints without a suffix (`700214744786312.5Ki`
  // prints as `717019898661184000`), and that text parses back as DecimalSI, which prints as
  // `717019898661184k`. Same value, other format.
  const std::string second = again->to_string();
  const std::optional<Quantity> third = parse_quantity(second);
  TITANLINT_FUZZ_CHECK(third && *third == q && third->to_string() == second,
                       "'{}' prints as '{}', then '{}', then '{}'", text, canonical, second,
                       third ? third->to_string() : "<error>");
  TITANLINT_FUZZ_CHECK((q <=> Quantity{}) == (q.sign() <=> 0), "'{}': sign {} disagrees", text,
                       q.sign());
  TITANLINT_FUZZ_CHECK(!std::isnan(q.value()) && !std::isnan(q.milli_value()), "'{}': NaN", text);

  Node node;
  node.type = ScalarType::String;
  node.style = ScalarStyle::DoubleQuoted;
  node.set_text(text);
  const std::optional<Quantity> from_node = parse_quantity(node);
  TITANLINT_FUZZ_CHECK(from_node && *from_node == q, "'{}' as a string node parses differently",
                       text);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const std::size_t newline = input.find('\n');
  const std::string_view first = input.substr(0, newline);
  const std::string_view second =
      newline == std::string_view::npos ? std::string_view{} : input.substr(newline + 1);

  const std::optional<Quantity> a = parse_quantity(first);
  const std::optional<Quantity> b = parse_quantity(second.substr(0, second.find('\n')));
  if (a) check_one(first, *a);
  if (b) check_one(second.substr(0, second.find('\n')), *b);
  if (a && b) {
    const std::strong_ordering ab = *a <=> *b;
    TITANLINT_FUZZ_CHECK((*b <=> *a) == (0 <=> ab), "'{}' and '{}' compare asymmetrically", first,
                         second);
  }

  // A plain YAML scalar of the same text (an int or float decodes as the number it denotes).
  Node plain;
  plain.set_text(first);
  plain.type = resolve_plain_scalar(first);
  (void)parse_quantity(plain);
  return 0;
}
