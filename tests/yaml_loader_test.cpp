// The YAML loader: positions, Kubernetes scalar resolution, merge keys, aliases, error recovery.
#include <gtest/gtest.h>

#include "field_path.h"
#include "yaml_loader.h"

namespace titanlint {
namespace {

LoadedFile load(const std::string& text, LoadLimits limits = {}) {
  return load_yaml(std::make_shared<SourceFile>("t.yaml", text), limits);
}

TEST(YamlLoader, PositionsAreOneBasedAndCountFromTheTopOfTheFile) {
  LoadedFile f = load(
      "# comment\napiVersion: v1\nkind: Pod\n---\nkind: Service\nspec:\n  ports:\n    - port: "
      "80\n");
  ASSERT_EQ(f.documents.size(), 2u);
  const Node* root = f.documents[0].root;
  EXPECT_EQ(root->line, 2u);  // a block mapping starts at its first key
  EXPECT_EQ(root->column, 1u);
  const Node* port = f.documents[1].root->at({"spec", "ports"})->items()[0]->get("port");
  EXPECT_EQ(port->line, 8u);
  EXPECT_EQ(port->column, 13u);
  EXPECT_EQ(field_path(*port, f.documents[1].root), "spec.ports[0].port");
}

TEST(YamlLoader, ColumnsCountCharactersNotBytes) {
  LoadedFile f = load("a: \"é\"\nb: [\"ü\", x]\n");
  const Node* x = f.documents[0].root->get("b")->items()[1];
  EXPECT_EQ(x->text(), "x");
  EXPECT_EQ(x->column, 10u);  // b: ["ü", x]: ü is one column
}

// libyaml counts a lone CR, NEL, U+2028 and U+2029 as line breaks; the source's lines agree, so a
// position always names a line that the code frame can show (found by the fuzz targets).
TEST(YamlLoader, EveryYamlLineBreakCountsAsALine) {
  const std::string text =
      "a: 1\rb: 2\r\nc: 3\xe2\x80\xa8"
      "d: 4\xc2\x85"
      "e: 5\ne: 6\n";
  LoadedFile f = load(text);
  ASSERT_EQ(f.documents.size(), 1u);
  const Node* r = f.documents[0].root;
  const char* keys[] = {"a", "b", "c", "d", "e"};
  for (std::uint32_t i = 0; i < 5; ++i) {
    const MapEntry* e = r->entry(keys[i]);
    ASSERT_NE(e, nullptr) << keys[i];
    EXPECT_EQ(e->key->line, i + 1 + (i == 4)) << keys[i];  // the last `e` wins, on line 6
    EXPECT_EQ(f.source->line(e->key->line).substr(0, 1), keys[i]);
  }
  ASSERT_EQ(f.diagnostics.size(), 1u);  // TL003 for the duplicate e, on the line that has it
  EXPECT_EQ(f.diagnostics[0].position.line, 6u);
  EXPECT_EQ(f.source->line(6), "e: 6");
  EXPECT_EQ(f.source->line_count(), 6u);
}

// As Go's ParseFloat: an underflow is 0, an overflow is no number (found by the JSON fuzz target,
// where `1e-408` was 0 through one front end and no number through the other).
TEST(YamlLoader, FloatUnderflowIsZeroOverflowIsNoNumber) {
  LoadedFile f = load("a: 1e-408\nb: -1.5e-400\nc: 1e400\nd: 4.9e-324\n");
  const Node* r = f.documents.at(0).root;
  EXPECT_EQ(r->get("a")->as_number(), 0.0);
  EXPECT_EQ(r->get("b")->as_number(), 0.0);
  EXPECT_EQ(r->get("c")->as_number(), std::nullopt);
  EXPECT_GT(r->get("d")->as_number().value_or(0), 0.0);  // the smallest subnormal
}

// A float is an int only when it is whole and within int64 (found by the fuzz targets: `1e100` as
// replicas or a config integer was converted with undefined behaviour).
TEST(YamlLoader, FloatsConvertToIntsOnlyInRange) {
  LoadedFile f = load("a: 30.0\nb: 1e100\nc: -9.3e18\nd: 9.2e18\ne: 1.5\n");
  const Node* r = f.documents.at(0).root;
  EXPECT_EQ(r->get("a")->as_int(), 30);
  EXPECT_EQ(r->get("b")->as_int(), std::nullopt);
  EXPECT_EQ(r->get("c")->as_int(), std::nullopt);
  EXPECT_EQ(r->get("d")->as_int(), 9'200'000'000'000'000'000);
  EXPECT_EQ(r->get("e")->as_int(), std::nullopt);
}

TEST(YamlLoader, ResolvesScalarsLikeKubernetes) {
  LoadedFile f = load(
      "a: yes\nb: 'yes'\nc: on\nd: 0644\ne: 0x1F\nf: 1.5\ng: ~\nh:\ni: \"10\"\nj: !!str 10\nk: "
      "1_000\nl: 1e3\nm: 500m\n");
  const Node* r = f.documents[0].root;
  EXPECT_EQ(r->get("a")->type, ScalarType::Bool);
  EXPECT_EQ(r->get("a")->as_bool(), true);
  EXPECT_EQ(r->get("b")->type, ScalarType::String);
  EXPECT_EQ(r->get("c")->as_bool(), true);
  EXPECT_EQ(r->get("d")->as_int(), 420);
  EXPECT_EQ(r->get("e")->as_int(), 31);
  EXPECT_EQ(r->get("f")->type, ScalarType::Float);
  EXPECT_TRUE(r->get("g")->is_null());
  EXPECT_TRUE(r->get("h")->is_null());
  EXPECT_EQ(r->get("i")->type, ScalarType::String);
  EXPECT_FALSE(r->get("i")->as_int().has_value());
  EXPECT_EQ(r->get("j")->type, ScalarType::String);
  EXPECT_EQ(r->get("k")->as_int(), 1000);
  EXPECT_EQ(r->get("l")->type, ScalarType::Float);
  EXPECT_EQ(r->get("m")->type, ScalarType::String);
}

TEST(YamlLoader, LastDuplicateKeyWinsAndIsReportedAsTL003) {
  LoadedFile f = load("a: 1\nb: 2\na: 3\n");
  EXPECT_EQ(f.documents[0].root->get("a")->as_int(), 3);
  ASSERT_EQ(f.diagnostics.size(), 1u);
  EXPECT_EQ(f.diagnostics[0].problem, LoadProblem::DuplicateKey);
  EXPECT_EQ(f.diagnostics[0].position.line, 3u);
  EXPECT_NE(f.diagnostics[0].message.find("first at line 1"), std::string::npos);
}

TEST(YamlLoader, DuplicateKeysInLargeMappingsAreFound) {
  std::string text;
  for (int i = 0; i < 100; ++i) text += "k" + std::to_string(i) + ": v\n";
  text += "k42: again\n";
  LoadedFile f = load(text);
  ASSERT_EQ(f.diagnostics.size(), 1u);
  EXPECT_EQ(f.diagnostics[0].position.line, 101u);
}

TEST(YamlLoader, MergeKeysApplyWithExplicitKeysWinning) {
  LoadedFile f =
      load("base: &b {x: 1, y: 2}\nother: &o {y: 5, z: 6}\nm:\n  <<: [*b, *o]\n  x: 9\n");
  EXPECT_TRUE(f.diagnostics.empty());
  const Node* m = f.documents[0].root->get("m");
  EXPECT_EQ(m->get("x")->as_int(), 9);
  EXPECT_EQ(m->get("y")->as_int(), 2);  // the earlier merged mapping wins
  EXPECT_EQ(m->get("z")->as_int(), 6);
  EXPECT_EQ(m->get("<<"), nullptr);
}

TEST(YamlLoader, AliasesShareTheAnchoredNode) {
  LoadedFile f = load("a: &x {k: v}\nb: *x\n");
  const Node* r = f.documents[0].root;
  EXPECT_EQ(r->get("a"), r->get("b"));
  EXPECT_EQ(field_path(*r->get("b")->get("k"), r), "a.k");  // the path names the definition
}

TEST(YamlLoader, SyntaxErrorIsTL001AndLoadingResumesAtTheNextDocument) {
  LoadedFile f = load("a: 1\n---\nb: [1, 2\nc: 3\n---\nd: 4\n---\ne: 5\n");
  ASSERT_EQ(f.documents.size(), 3u);
  EXPECT_NE(f.documents[0].root->get("a"), nullptr);
  EXPECT_NE(f.documents[1].root->get("d"), nullptr);
  EXPECT_EQ(f.documents[1].root->line, 6u);
  EXPECT_NE(f.documents[2].root->get("e"), nullptr);
  ASSERT_EQ(f.diagnostics.size(), 1u);
  EXPECT_EQ(f.diagnostics[0].problem, LoadProblem::Syntax);
  EXPECT_GE(f.diagnostics[0].position.line, 3u);
  EXPECT_LE(f.diagnostics[0].position.line, 5u);
}

TEST(YamlLoader, UnknownAliasIsTL001) {
  LoadedFile f = load("a: *nope\n---\nb: 1\n");
  ASSERT_EQ(f.diagnostics.size(), 1u);
  EXPECT_EQ(f.diagnostics[0].problem, LoadProblem::Syntax);
  EXPECT_NE(f.diagnostics[0].message.find("nope"), std::string::npos);
  EXPECT_EQ(f.documents.size(), 1u);
}

TEST(YamlLoader, EmptyDocumentsAreSkipped) {
  LoadedFile f = load("---\n# only a comment\n---\n---\napiVersion: v1\n---\n~\n");
  ASSERT_EQ(f.documents.size(), 1u);
  EXPECT_EQ(f.documents[0].index, 0u);
  EXPECT_TRUE(f.diagnostics.empty());
}

TEST(YamlLoader, HelmSourceCommentsAreRecorded) {
  LoadedFile f = load(
      "---\n# Source: chart/templates/svc.yaml\napiVersion: v1\nkind: Service\n---\n# Source: "
      "chart/templates/dep.yaml\napiVersion: apps/v1\nkind: Deployment\n");
  ASSERT_EQ(f.documents.size(), 2u);
  EXPECT_EQ(f.documents[0].helm_source, "chart/templates/svc.yaml");
  EXPECT_EQ(f.documents[0].helm_origin_line, 2u);
  EXPECT_EQ(f.documents[1].helm_source, "chart/templates/dep.yaml");
  EXPECT_EQ(f.documents[1].helm_origin_line, 6u);
}

TEST(YamlLoader, DocumentCountLimit) {
  std::string text;
  for (int i = 0; i < 10; ++i) text += "---\na: " + std::to_string(i) + "\n";
  LoadLimits limits;
  limits.max_documents = 4;
  LoadedFile f = load(text, limits);
  EXPECT_EQ(f.documents.size(), 4u);
  ASSERT_EQ(f.diagnostics.size(), 1u);
  EXPECT_NE(f.diagnostics[0].message.find("more than 4 documents"), std::string::npos);
}

}  // namespace
}  // namespace titanlint
