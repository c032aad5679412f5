// resource.Quantity parsing and comparison, checked against the upstream behaviour of
// k8s.io/apimachinery/pkg/api/resource (its quantity_test.go tables and its scanner's quirks).
#include "quantity.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "inputs.h"

namespace titanlint {
namespace {

Quantity q(std::string_view text) {
  auto parsed = parse_quantity(text);
  EXPECT_TRUE(parsed.has_value()) << "should parse: " << text;
  return parsed.value_or(Quantity{});
}

TEST(Quantity, ParsesTheCommonForms) {
  EXPECT_EQ(q("500m"), q("0.5"));
  EXPECT_DOUBLE_EQ(q("500m").value(), 0.5);
  EXPECT_DOUBLE_EQ(q("500m").milli_value(), 500);
  EXPECT_DOUBLE_EQ(q("2Gi").value(), 2147483648.0);
  EXPECT_DOUBLE_EQ(q("512Mi").value(), 536870912.0);
  EXPECT_DOUBLE_EQ(q("1Ki").value(), 1024);
  EXPECT_DOUBLE_EQ(q("1k").value(), 1000);
  EXPECT_DOUBLE_EQ(q("1Ei").value(), 1152921504606846976.0);
  EXPECT_EQ(q("1e3"), q("1k"));
  EXPECT_EQ(q("1E3"), q("1000"));
  EXPECT_EQ(q("1e+3"), q("1000"));
  EXPECT_EQ(q("1e-2"), q("10m"));
  EXPECT_EQ(q("1.5e3"), q("1500"));
  EXPECT_EQ(q("2000m"), q("2"));
  EXPECT_EQ(q("1024Mi"), q("1Gi"));
  EXPECT_EQ(q("100n"), q("0.1u"));
  EXPECT_EQ(q("1.5Gi"), q("1536Mi"));
  EXPECT_EQ(q("0.5Ki"), q("512"));
}

TEST(Quantity, NumberShapes) {
  EXPECT_EQ(q(".5"), q("500m"));
  EXPECT_EQ(q("1."), q("1"));
  EXPECT_EQ(q("1.G"), q("1G"));
  EXPECT_EQ(q("+1"), q("1"));
  EXPECT_EQ(q("007"), q("7"));
  EXPECT_TRUE(q("0").is_zero());
  EXPECT_TRUE(q("-0").is_zero());
  EXPECT_TRUE(q("0.000").is_zero());
  EXPECT_FALSE(q("-0").negative());
  EXPECT_EQ(q("-1").sign(), -1);
  EXPECT_TRUE(q("-1").negative());
  EXPECT_DOUBLE_EQ(q("-1.5Gi").value(), -1610612736.0);
}

TEST(Quantity, UpstreamQuirksAreKept) {
  // A bare sign or dot is zero (the scanner reaches the end before a digit).
  EXPECT_TRUE(q("-").is_zero());
  EXPECT_TRUE(q("+").is_zero());
  EXPECT_TRUE(q(".").is_zero());
  // A suffix without digits is zero when the int64 fast path takes it...
  EXPECT_TRUE(q("Gi").is_zero());
  EXPECT_TRUE(q("Ti").is_zero());
  EXPECT_TRUE(q("m").is_zero());
  EXPECT_TRUE(q("e3").is_zero());
  // ...and an error when the inf.Dec slow path needs a digit.
  EXPECT_FALSE(parse_quantity("Pi"));
  EXPECT_FALSE(parse_quantity("Ei"));
  EXPECT_FALSE(parse_quantity("e-10"));
  EXPECT_FALSE(parse_quantity(".Pi"));
  // The exponent is truncated to 32 bits.
  EXPECT_EQ(q("1e4294967296"), q("1"));
  EXPECT_EQ(q("1e9223372036854775807"), q("100m"));  // int32(2^63-1) = -1
  EXPECT_GT(q("1e-2147483648"), q("1Ei"));           // the scale negation overflows upstream
}

TEST(Quantity, RejectsWhatTheApiServerRejects) {
  for (std::string_view bad : {"",
                               "1.5.5",
                               "1 Gi",
                               " 1",
                               "1 ",
                               "1gi",
                               "1K",
                               "1iB",
                               "1KiB",
                               "1ki",
                               "1KI",
                               "1i",
                               ".5i",
                               "-3.01i",
                               "0.1mi",
                               "0.1am",
                               "aoeu",
                               "1.1.M",
                               "1+1.0M",
                               "-3.01e-",
                               "1e",
                               "1e+",
                               "1e-",
                               "1e1.5",
                               "1e.5",
                               "1e3k",
                               "1E3Ki",
                               "1e+-3",
                               "1..5",
                               "1-",
                               "++1",
                               "--1",
                               "1,5",
                               "1_000",
                               "0x10",
                               "1/2",
                               "1Zi",
                               "1Z",
                               "1µ",
                               "Inf",
                               "NaN",
                               "1e99999999999999999999",
                               "1e9223372036854775808",
                               "true"}) {
    EXPECT_FALSE(parse_quantity(bad).has_value()) << "should be rejected: " << bad;
  }
  EXPECT_FALSE(parse_quantity(std::string_view("1\0", 2)).has_value());
}

TEST(Quantity, RoundsUpToNano) {
  EXPECT_EQ(q("0.1n"), q("1n"));
  EXPECT_EQ(q("1.0000000001"), q("1.000000001"));
  EXPECT_EQ(q("0.000000000001Ki"), q("2n"));  // upstream's "written by trolls" case
  EXPECT_EQ(q("-0.1n"), q("-1n"));            // away from zero
  EXPECT_EQ(q("1e-2000000000"), q("1n"));
  EXPECT_EQ(q("0e-20"), q("0"));
}

TEST(Quantity, BinaryValuesAreCappedAtInt64Max) {
  EXPECT_EQ(q("8Ei"), q("9223372036854775807"));
  EXPECT_EQ(q("100000Ei"), q("8Ei"));
  EXPECT_LT(q("7Ei"), q("8Ei"));
  EXPECT_EQ(q("-8Ei"), q("-9223372036854775807"));
  // Decimal values are not capped.
  EXPECT_GT(q("9223372036854775808"), q("8Ei"));
  EXPECT_GT(q("100E"), q("8Ei"));
}

TEST(Quantity, ComparesExactly) {
  EXPECT_GT(q("9223372036854775807"), q("9223372036854775806"));
  EXPECT_LT(q("123456789012345678901234567890"), q("1e30"));
  EXPECT_GT(q("123456789012345678901234567890"), q("1e29"));
  EXPECT_GT(q("1Gi"), q("1G"));
  EXPECT_LT(q("1G"), q("1Gi"));
  EXPECT_GT(q("2Gi"), q("1Gi"));
  EXPECT_LT(q("512Mi"), q("2Gi"));
  EXPECT_LT(q("-2"), q("-1"));
  EXPECT_LT(q("-1"), q("0"));
  EXPECT_LT(q("0"), q("1n"));
  EXPECT_EQ(q("0.1"), q("100m"));
  EXPECT_NE(q("0.1"), q("0.10000001"));
  EXPECT_GT(q("1e2147483647"), q("1Ei"));
  EXPECT_TRUE(std::isinf(q("1e2147483647").value()));
  EXPECT_LT(q("-1e2147483647"), q("-1Ei"));
}

TEST(Quantity, ToStringIsCanonical) {
  EXPECT_EQ(q("1.5").to_string(), "1500m");
  EXPECT_EQ(q("1.5Gi").to_string(), "1536Mi");
  EXPECT_EQ(q("2000m").to_string(), "2");
  EXPECT_EQ(q("1e3").to_string(), "1e3");
  EXPECT_EQ(q("1024").to_string(), "1024");
  EXPECT_EQ(q("1024Ki").to_string(), "1Mi");
  EXPECT_EQ(q("1Ki").to_string(), "1Ki");
  EXPECT_EQ(q("0.5Ki").to_string(), "512");
  EXPECT_EQ(q("1000Mi").to_string(), "1000Mi");
  EXPECT_EQ(q("8Ei").to_string(), "9223372036854775807");
  EXPECT_EQ(q("0.1n").to_string(), "1n");
  EXPECT_EQ(q("12e6").to_string(), "12e6");
  EXPECT_EQ(q("1000k").to_string(), "1M");
  EXPECT_EQ(q("-500m").to_string(), "-500m");
  EXPECT_EQ(q("0").to_string(), "0");
  EXPECT_EQ(q("Gi").to_string(), "0");
  EXPECT_EQ(q("1e21").to_string(), "1e21");
}

// The value of `key` in the first document of `yaml`.
std::optional<Quantity> from_yaml(const std::string& yaml) {
  LoadedFile file = load_text("q.yaml", yaml, LoadLimits{});
  EXPECT_EQ(file.documents.size(), 1u) << yaml;
  if (file.documents.empty()) return std::nullopt;
  const Node* v = file.documents[0].root->get("v");
  EXPECT_NE(v, nullptr) << yaml;
  return v ? parse_quantity(*v) : std::nullopt;
}

TEST(Quantity, FromYamlNodes) {
  EXPECT_EQ(from_yaml("v: 1\n"), q("1"));
  EXPECT_EQ(from_yaml("v: 0.5\n"), q("500m"));
  EXPECT_EQ(from_yaml("v: .5\n"), q("500m"));
  EXPECT_EQ(from_yaml("v: 1e3\n"), q("1k"));
  EXPECT_EQ(from_yaml("v: 0x10\n"), q("16"));   // YAML 1.1 hex: the number 16
  EXPECT_EQ(from_yaml("v: 0644\n"), q("420"));  // YAML 1.1 octal
  EXPECT_EQ(from_yaml("v: 1_000\n"), q("1000"));
  EXPECT_EQ(from_yaml("v: '1_000'\n"), std::nullopt);  // a string: not a quantity
  EXPECT_EQ(from_yaml("v: 2Gi\n"), q("2Gi"));
  EXPECT_EQ(from_yaml("v: '500m'\n"), q("500m"));
  EXPECT_EQ(from_yaml("v: \" 2Gi \"\n"), q("2Gi"));  // UnmarshalJSON trims
  EXPECT_EQ(from_yaml("v: \"\\t1\\n\"\n"), q("1"));
  EXPECT_EQ(from_yaml("v: \"\\u00a02Gi\"\n"), q("2Gi"));
  EXPECT_EQ(from_yaml("v: ~\n"), q("0"));  // null decodes to zero
  EXPECT_EQ(from_yaml("v: true\n"), std::nullopt);
  EXPECT_EQ(from_yaml("v: .inf\n"), std::nullopt);
  EXPECT_EQ(from_yaml("v: .nan\n"), std::nullopt);
  EXPECT_EQ(from_yaml("v: [1]\n"), std::nullopt);
  EXPECT_EQ(from_yaml("v: {a: 1}\n"), std::nullopt);
  EXPECT_EQ(from_yaml("v: 1 Gi\n"), std::nullopt);
  EXPECT_EQ(from_yaml("v: ''\n"), std::nullopt);
  EXPECT_EQ(from_yaml("v: -1\n"), q("-1"));
}

TEST(Quantity, HostileInputDoesNotBlowUp) {
  std::string digits(200000, '9');
  EXPECT_TRUE(parse_quantity(digits + "Ei").has_value());
  EXPECT_TRUE(parse_quantity("0." + digits).has_value());
  EXPECT_EQ(q("0." + std::string(100000, '0') + "1"), q("1n"));
  EXPECT_GT(q(digits), q("1e199999"));
  EXPECT_TRUE(std::isinf(q(digits).value()));
  EXPECT_FALSE(parse_quantity(digits + "e").has_value());
  EXPECT_FALSE(parse_quantity(std::string(100000, '.')).has_value());
}

}  // namespace
}  // namespace titanlint
