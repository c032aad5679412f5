// The engine: objects from documents and Lists, selection, severities, helm source mapping.
#include <gtest/gtest.h>

#include "builtin_rules.h"
#include "tests_support.h"

namespace titanlint::testing {
namespace {

LintOptions selecting(std::vector<std::string> select, std::vector<std::string> ignore = {}) {
  LintOptions options;
  options.select = std::move(select);
  options.ignore = std::move(ignore);
  return options;
}

TEST(Engine, ListItemsAreLintedOneByOne) {
  LintResult r = lint_text(
      "apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: ConfigMap\n    metadata: "
      "{name: a}\n  - {name: not-an-object}\n  - apiVersion: v1\n    kind: Secret\n    metadata: "
      "{name: b}\n",
      selecting({"TL002"}));
  EXPECT_EQ(r.objects, 2u);
  EXPECT_EQ(line_codes(r), (std::vector<std::string>{"7:TL002"}));
}

TEST(Engine, SelectAndIgnoreTakePrefixesAndNames) {
  const std::string text =
      "a: [1\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: {b: 1, b: "
      "2}\n---\n- "
      "x\n";
  EXPECT_EQ(line_codes(lint_text(text)).size(), 3u);
  EXPECT_EQ(line_codes(lint_text(text, selecting({"TL00"}, {"duplicate-key"}))),
            (std::vector<std::string>{"2:TL001", "8:TL002"}));
  EXPECT_EQ(line_codes(lint_text(text, selecting({"TL003"}))),
            (std::vector<std::string>{"6:TL003"}));
}

TEST(Engine, ConfigSeverityAndOffApply) {
  auto source = std::make_shared<SourceFile>("c.yaml", "rules:\n  TL003: warning\n  TL002: off\n");
  Config config = parse_config(source, builtin_registry());
  LintResult r = lint_text(
      "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: {b: 1, b: 2}\n", {}, config);
  ASSERT_EQ(r.findings.size(), 1u);
  EXPECT_EQ(r.findings[0].code, "TL003");
  EXPECT_EQ(r.findings[0].severity, Severity::Warning);
}

TEST(Engine, HelmOutputOnStdinIsReportedAgainstTheSourceFile) {
  const std::string text =
      "---\n# Source: chart/templates/a.yaml\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: "
      "x\n"
      "---\n# Source: chart/templates/b.yaml\napiVersion: v1\nmetadata: {name: y}\n";
  LintResult r = lint_text(text, selecting({"TL002"}), {}, "<stdin>");
  ASSERT_EQ(r.findings.size(), 1u);
  EXPECT_EQ(r.findings[0].file, "chart/templates/b.yaml");
  EXPECT_EQ(r.findings[0].position.line, 1u);  // the first line after `# Source:`
  EXPECT_EQ(r.findings[0].source_position.line, 9u);
  // A file that happens to contain the comments keeps its own path and lines.
  LintResult from_file = lint_text(text, selecting({"TL002"}), {}, "rendered.yaml");
  EXPECT_EQ(from_file.findings[0].file, "rendered.yaml");
  EXPECT_EQ(from_file.findings[0].position.line, 9u);
}

TEST(Engine, FindingsAreSortedByFileLineColumn) {
  LintResult r = lint_text("- a\n---\nb: 1\nb: 2\n---\nc: [\n");
  ASSERT_EQ(r.findings.size(), 4u);  // TL002, TL002 + TL003 on the second document, TL001
  for (std::size_t i = 1; i < r.findings.size(); ++i)
    EXPECT_LE(r.findings[i - 1].position.line, r.findings[i].position.line);
}

}  // namespace
}  // namespace titanlint::testing
