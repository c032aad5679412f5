// Suppressions: comments on the line or the line above, whole-file comments, annotations.
#include <gtest/gtest.h>

#include "suppressions.h"
#include "tests_support.h"

namespace titanlint::testing {
namespace {

TEST(Suppressions, RuleListsTakeCodesPrefixesNamesAndAll) {
  EXPECT_TRUE(rule_matches("TL101", "TL101", "liveness-probe-missing"));
  EXPECT_TRUE(rule_matches("TL1", "TL101", "liveness-probe-missing"));
  EXPECT_TRUE(rule_matches("liveness-probe-missing", "TL101", "liveness-probe-missing"));
  EXPECT_TRUE(rule_matches("all", "TL101", "x"));
  EXPECT_FALSE(rule_matches("TL102", "TL101", "x"));
  EXPECT_EQ(split_rule_list(" TL101,TL102  TL2 ,"),
            (std::vector<std::string_view>{"TL101", "TL102", "TL2"}));
}

TEST(Suppressions, CommentOnTheLineOrAStandaloneCommentAbove) {
  SourceFile f("x.yaml",
               "a: 1  # titanlint:ignore TL003 -- known\n"
               "# titanlint:ignore TL1, TL2\n"
               "b: 2\n"
               "c: 3  # titanlint:ignore TL005\n"
               "d: 4\n"
               "e: '# titanlint:ignore TL009'\n");
  auto s = CommentSuppressions::scan(f);
  auto on_line = s.match("TL003", "duplicate-key", 1);
  ASSERT_TRUE(on_line.has_value());
  EXPECT_EQ(on_line->reason, "known");
  EXPECT_TRUE(s.match("TL101", "x", 3).has_value());
  EXPECT_TRUE(s.match("TL203", "x", 3).has_value());
  EXPECT_FALSE(s.match("TL301", "x", 3).has_value());
  EXPECT_TRUE(s.match("TL005", "x", 4).has_value());
  EXPECT_FALSE(s.match("TL005", "x", 5).has_value())
      << "a trailing comment covers only its own line";
  EXPECT_FALSE(s.match("TL009", "x", 6).has_value()) << "inside a string, not a comment";
}

TEST(Suppressions, WholeFileComment) {
  SourceFile f("x.yaml", "a: 1\n# titanlint:ignore-file TL4 -- policies live elsewhere\nb: 2\n");
  auto s = CommentSuppressions::scan(f);
  auto m = s.match("TL401", "x", 3);
  ASSERT_TRUE(m.has_value());
  EXPECT_EQ(to_string(m->by), "file comment");
  EXPECT_FALSE(s.match("TL101", "x", 3).has_value());
}

TEST(Suppressions, SuppressedFindingsAreKeptAndMarked) {
  LintResult r = lint_text(
      "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata:\n  b: '1'\n  b: '2'  # "
      "titanlint:ignore TL003 -- merged later\n");
  ASSERT_EQ(r.findings.size(), 1u);
  EXPECT_TRUE(r.findings[0].suppressed());
  EXPECT_EQ(to_string(r.findings[0].suppressed_by), "comment");
  EXPECT_EQ(r.findings[0].suppression_reason, "merged later");
  EXPECT_EQ(r.suppressed(), 1u);
  EXPECT_EQ(r.count(Severity::Error), 0u);
}

}  // namespace
}  // namespace titanlint::testing
