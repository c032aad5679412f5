// The JSON loader builds the same tree as the YAML loader, with positions.
#include <gtest/gtest.h>

#include "field_path.h"
#include "json_loader.h"

namespace titanlint {
namespace {

LoadedFile load_text(const std::string& text, LoadLimits limits = {}) {
  return load_json(std::make_shared<SourceFile>("t.json", text), limits);
}

TEST(JsonLoader, BuildsTheSameTreeWithPositions) {
  LoadedFile f = load_text(
      "{\n  \"kind\": \"Pod\",\n  \"spec\": {\"n\": 3, \"f\": 1.5, \"b\": true, \"z\": null,\n  "
      "\"l\": [\"x\"]}\n}\n");
  ASSERT_TRUE(f.diagnostics.empty()) << f.diagnostics[0].message;
  ASSERT_EQ(f.documents.size(), 1u);
  const Node* r = f.documents[0].root;
  EXPECT_EQ(r->get("kind")->text(), "Pod");
  EXPECT_EQ(r->get("kind")->line, 2u);
  EXPECT_EQ(r->get("kind")->column, 11u);
  const Node* spec = r->get("spec");
  EXPECT_EQ(spec->get("n")->as_int(), 3);
  EXPECT_EQ(spec->get("f")->type, ScalarType::Float);
  EXPECT_EQ(spec->get("b")->as_bool(), true);
  EXPECT_TRUE(spec->get("z")->is_null());
  const Node* x = spec->get("l")->items()[0];
  EXPECT_EQ(x->line, 4u);
  EXPECT_EQ(field_path(*x, r), "spec.l[0]");
}

TEST(JsonLoader, SyntaxErrorIsTL001WithAPosition) {
  LoadedFile f = load_text("{\n  \"a\": [1, 2,,]\n}\n");
  ASSERT_EQ(f.diagnostics.size(), 1u);
  EXPECT_EQ(f.diagnostics[0].problem, LoadProblem::Syntax);
  EXPECT_TRUE(f.documents.empty());
}

TEST(JsonLoader, TrailingContentIsTL001) {
  LoadedFile f = load_text("{\"a\": 1} {\"b\": 2}");
  ASSERT_EQ(f.diagnostics.size(), 1u);
  EXPECT_EQ(f.diagnostics[0].problem, LoadProblem::Syntax);
}

TEST(JsonLoader, DuplicateKeysAreTL003) {
  LoadedFile f = load_text("{\"a\": 1,\n \"a\": 2}");
  ASSERT_EQ(f.diagnostics.size(), 1u);
  EXPECT_EQ(f.diagnostics[0].problem, LoadProblem::DuplicateKey);
  EXPECT_EQ(f.diagnostics[0].position.line, 2u);
  EXPECT_EQ(f.documents[0].root->get("a")->as_int(), 2);
}

TEST(JsonLoader, DepthIsLimited) {
  std::string deep(5000, '[');
  deep += std::string(5000, ']');
  LoadedFile f = load_text(deep);
  ASSERT_EQ(f.diagnostics.size(), 1u);
  EXPECT_NE(f.diagnostics[0].message.find("nesting deeper than"), std::string::npos);
}

// Valid JSON that is not an object is not a syntax error: the engine reports it as TL002, as it
// does for the same scalar in YAML (found by tests/fuzz/json_loader_fuzzer.cpp).
TEST(JsonLoader, AScalarDocumentLoads) {
  for (const char* text : {"\"text\"", " 12 ", "true", "1.5e3"}) {
    LoadedFile f = load_text(text);
    EXPECT_TRUE(f.diagnostics.empty()) << text << ": " << f.diagnostics[0].message;
    ASSERT_EQ(f.documents.size(), 1u) << text;
    EXPECT_TRUE(f.documents[0].root->is_scalar());
    EXPECT_EQ(f.documents[0].root->line, 1u);
  }
  EXPECT_EQ(load_text("\"a\"").documents[0].root->text(), "a");
  EXPECT_TRUE(load_text("null").documents.empty());
  for (const char* invalid : {"12 13", "false%", "\"a\" x", "-"})
    EXPECT_EQ(load_text(invalid).diagnostics.at(0).problem, LoadProblem::Syntax) << invalid;
}

// The DOM front end (the webhook's) reads integers beyond 64 bits as the doubles Go sees, as the
// positioned one does.
TEST(JsonLoader, IntegersBeyond64BitsAreFloatsInBothFrontEnds) {
  const std::string text =
      "{\"a\": 18446744073709551616, \"b\": \"18446744073709551616\", \"c\": 7}";
  for (const LoadedFile& f :
       {load_text(text),
        load_json_unpositioned(std::make_shared<SourceFile>("t.json", text), {})}) {
    ASSERT_TRUE(f.diagnostics.empty()) << f.diagnostics[0].message;
    const Node* r = f.documents.at(0).root;
    EXPECT_EQ(r->get("a")->type, ScalarType::Float);
    EXPECT_EQ(r->get("a")->as_number(), 18446744073709551616.0);
    EXPECT_EQ(r->get("b")->text(), "18446744073709551616");  // strings are left alone
    EXPECT_EQ(r->get("c")->as_int(), 7);
  }
  EXPECT_EQ(big_integers_as_floats("[1, -2, 3.5]"), std::nullopt);
  EXPECT_EQ(big_integers_as_floats("[99999999999999999999,\"99999999999999999999\"]"),
            "[99999999999999999999.0,\"99999999999999999999\"]");
}

// Lines are counted as SourceFile counts them: a lone CR and U+2028 are line breaks.
TEST(JsonLoader, PositionsCountEveryLineBreak) {
  LoadedFile f = load_text("{\"a\":\r \"x\",\r\n\"b\": \"\xe2\x80\xa8\",\n \"c\": 1}");
  ASSERT_TRUE(f.diagnostics.empty()) << f.diagnostics[0].message;
  const Node* r = f.documents[0].root;
  EXPECT_EQ(r->get("a")->line, 2u);
  EXPECT_EQ(r->get("b")->line, 3u);
  EXPECT_EQ(r->get("c")->line, 5u);  // after the U+2028 inside "b"'s string
  EXPECT_EQ(r->get("c")->column, 7u);
}

}  // namespace
}  // namespace titanlint
