// The JSON loader builds the same tree as the YAML loader, with positions.
#include <gtest/gtest.h>

#include "field_path.h"
#include "json_loader.h"

namespace titanlint {
namespace {

LoadedFile load(const std::string& text, LoadLimits limits = {}) {
  return load_json(std::make_shared<SourceFile>("t.json", text), limits);
}

TEST(JsonLoader, BuildsTheSameTreeWithPositions) {
  LoadedFile f = load(
      "{\n  \"kind\": \"Pod\",\n  \"spec\": {\"n\": 3, \"f\": 1.5, \"b\": true, \"z\": null,\n  "
      "\"l\": [\"x\"]}\n}\n");
  ASSERT_TRUE(f.diagnostics.empty()) << f.diagnostics[0].message;
  ASSERT_EQ(f.documents.size(), 1u);
  const Node* r = f.documents[0].root;
  EXPECT_EQ(r->get("kind")->text, "Pod");
  EXPECT_EQ(r->get("kind")->line, 2u);
  EXPECT_EQ(r->get("kind")->column, 11u);
  const Node* spec = r->get("spec");
  EXPECT_EQ(spec->get("n")->as_int(), 3);
  EXPECT_EQ(spec->get("f")->type, ScalarType::Float);
  EXPECT_EQ(spec->get("b")->as_bool(), true);
  EXPECT_TRUE(spec->get("z")->is_null());
  const Node* x = spec->get("l")->items[0];
  EXPECT_EQ(x->line, 4u);
  EXPECT_EQ(field_path(*x, r), "spec.l[0]");
}

TEST(JsonLoader, SyntaxErrorIsTL001WithAPosition) {
  LoadedFile f = load("{\n  \"a\": [1, 2,,]\n}\n");
  ASSERT_EQ(f.diagnostics.size(), 1u);
  EXPECT_EQ(f.diagnostics[0].code, "TL001");
  EXPECT_TRUE(f.documents.empty());
}

TEST(JsonLoader, TrailingContentIsTL001) {
  LoadedFile f = load("{\"a\": 1} {\"b\": 2}");
  ASSERT_EQ(f.diagnostics.size(), 1u);
  EXPECT_EQ(f.diagnostics[0].code, "TL001");
}

TEST(JsonLoader, DuplicateKeysAreTL003) {
  LoadedFile f = load("{\"a\": 1,\n \"a\": 2}");
  ASSERT_EQ(f.diagnostics.size(), 1u);
  EXPECT_EQ(f.diagnostics[0].code, "TL003");
  EXPECT_EQ(f.diagnostics[0].position.line, 2u);
  EXPECT_EQ(f.documents[0].root->get("a")->as_int(), 2);
}

TEST(JsonLoader, DepthIsLimited) {
  std::string deep(5000, '[');
  deep += std::string(5000, ']');
  LoadedFile f = load(deep);
  ASSERT_EQ(f.diagnostics.size(), 1u);
  EXPECT_NE(f.diagnostics[0].message.find("nesting deeper than"), std::string::npos);
}

}  // namespace
}  // namespace titanlint
