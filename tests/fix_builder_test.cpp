// FixBuilder on the cases a fixture file cannot show at once: aliases, block scalars, merge
// keys, a file without a final line break, strings that need quotes; and the unified diff.
#include <gtest/gtest.h>

#include <memory>

#include "fix/fix_builder.h"
#include "fix/unified_diff.h"
#include "inputs.h"

namespace titanlint::testing {
namespace {

struct Loaded {
  std::unique_ptr<LoadedFile> file;
  FixSource source;
  const Node& root() const { return *file->documents.at(0).root; }
};

Loaded load(const std::string& text, const std::string& path = "t.yaml") {
  Loaded out;
  out.file = std::make_unique<LoadedFile>(load_text(path, text, {}));
  out.source = describe_fix_source(*out.file);
  return out;
}

std::string applied(const Loaded& l, std::optional<Fix> fix) {
  if (!fix) return "<no fix>";
  EXPECT_EQ(fix->files.size(), 1u);
  return apply_edits(l.file->source->text(), fix->files.front().edits);
}

TEST(FixBuilder, SetsNestedKeysInBlockStyleAfterTheLastEntry) {
  Loaded l = load("a:\n  b: 1  # keep\n  c:\n    - x\nd: 2\n");
  FixBuilder fix(l.source);
  fix.set(*l.root().get("a"), {"e", "f"}, FixValue::number(3));
  EXPECT_EQ(applied(l, fix.take()), "a:\n  b: 1  # keep\n  c:\n    - x\n  e:\n    f: 3\nd: 2\n");
}

TEST(FixBuilder, ReplacesAnExistingScalarAndKeepsItsQuotes) {
  Loaded l = load("a: {b: '1', c: \"x\", d: 5}\n");
  FixBuilder fix(l.source);
  fix.set(l.root(), {"a", "b"}, FixValue::string("it's"));
  fix.set(l.root(), {"a", "d"}, FixValue::number(7));
  EXPECT_EQ(applied(l, fix.take()), "a: {b: 'it''s', c: \"x\", d: 7}\n");
}

TEST(FixBuilder, AFileWithoutAFinalLineBreakGetsOne) {
  Loaded l = load("a: 1\nb:\n  c: 2");
  FixBuilder fix(l.source);
  fix.set(*l.root().get("b"), {"d"}, FixValue::string("yes"));
  // `yes` is a boolean to YAML 1.1: written quoted so that it stays a string.
  EXPECT_EQ(applied(l, fix.take()), "a: 1\nb:\n  c: 2\n  d: \"yes\"\n");
}

TEST(FixBuilder, NeverEditsANodeThatAnAliasSharesOrABlockScalar) {
  Loaded l = load("base: &b\n  x: 1\none: *b\ntext: |\n  line\n");
  {
    FixBuilder fix(l.source);
    fix.set(*l.root().get("one"), {"y"}, FixValue::number(2));
    EXPECT_FALSE(fix.take().has_value());
  }
  {
    FixBuilder fix(l.source);
    fix.replace(*l.root().get("text"), FixValue::string("other"));
    EXPECT_FALSE(fix.take().has_value());
  }
  {
    FixBuilder fix(l.source);  // an edit beside them is fine
    fix.set(l.root(), {"z"}, FixValue::number(3));
    EXPECT_EQ(applied(l, fix.take()), "base: &b\n  x: 1\none: *b\ntext: |\n  line\nz: 3\n");
  }
}

TEST(FixBuilder, AMappingWithMergedKeysIsLeftAlone) {
  Loaded l = load("base: &b {x: 1}\nm:\n  <<: *b\n  y: 2\n");
  FixBuilder fix(l.source);
  fix.set(*l.root().get("m"), {"z"}, FixValue::number(3));
  EXPECT_FALSE(fix.take().has_value());
}

TEST(FixBuilder, JsonGetsJsonAndFlowSequencesGetItems) {
  Loaded l = load("{\n  \"a\": {\"b\": [1]},\n  \"c\": 2\n}\n", "t.json");
  FixBuilder fix(l.source);
  fix.set(l.root(), {"d"}, FixValue::mapping().add("e", FixValue::string("f")));
  fix.append(*l.root().at({"a", "b"}), FixValue::number(2));
  EXPECT_EQ(applied(l, fix.take()),
            "{\n  \"a\": {\"b\": [1, 2]},\n  \"c\": 2,\n  \"d\": {\"e\": \"f\"}\n}\n");
}

TEST(FixBuilder, BlockSequencesGetItemsInTheirIndentation) {
  Loaded l = load("ports:\n- port: 53\n  protocol: UDP\n# after\nnext: 1\n");
  FixBuilder fix(l.source);
  fix.append(*l.root().get("ports"), FixValue::mapping()
                                         .add("port", FixValue::number(53))
                                         .add("protocol", FixValue::string("TCP")));
  EXPECT_EQ(applied(l, fix.take()),
            "ports:\n- port: 53\n  protocol: UDP\n- port: 53\n  protocol: TCP\n# after\nnext: 1\n");
}

TEST(FixBuilder, ReplacesAnEntryWithANestedBlock) {
  Loaded l = load("env:\n  - name: TOKEN\n    value: \"abc\"  # old\n");
  FixBuilder fix(l.source);
  fix.replace_entry(
      *l.root().get("env")->items()[0], "value", "valueFrom",
      FixValue::mapping().add("secretKeyRef", FixValue::mapping()
                                                  .add("name", FixValue::string("s"))
                                                  .add("key", FixValue::string("k"))));
  EXPECT_EQ(applied(l, fix.take()),
            "env:\n  - name: TOKEN\n    valueFrom:\n      secretKeyRef:\n        name: s\n"
            "        key: k  # old\n");
}

TEST(FixBuilder, AByteOrderMarkIsNotAColumn) {
  Loaded l = load(
      "\xef\xbb\xbf"
      "a: old\nb: 1\n");
  FixBuilder fix(l.source);
  fix.set(l.root(), {"a"}, FixValue::string("new"));
  const std::optional<Fix> made = fix.take();
  ASSERT_TRUE(made.has_value());
  EXPECT_EQ(applied(l, made),
            "\xef\xbb\xbf"
            "a: new\nb: 1\n");
  // Its region's column is the loaders' column of the value: 4.
  EXPECT_EQ(edit_position(*l.file->source, made->files[0].edits[0].offset).column, 4u);
}

TEST(UnifiedDiff, HunksMaskingAndAMissingFinalLineBreak) {
  EXPECT_EQ(unified_diff("f.yaml", "a\n", "a\n"), "");
  EXPECT_EQ(unified_diff("f.yaml", "a\nb: secret\nc\n", "a\nb: ref\nc\n", {"secret"}),
            "--- a/f.yaml\n+++ b/f.yaml\n@@ -1,3 +1,3 @@\n a\n-b: ****\n+b: ref\n c\n");
  EXPECT_EQ(
      unified_diff("f.yaml", "a", "a\nb\n"),
      "--- a/f.yaml\n+++ b/f.yaml\n@@ -1 +1,2 @@\n-a\n\\ No newline at end of file\n+a\n+b\n");
}

}  // namespace
}  // namespace titanlint::testing
