// docs/rules/ is generated from the rules' own doc text (titanlint_docgen). These tests fail when
// a committed page is missing, stale or lacks a section, and say how to regenerate.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "builtin_rules.h"
#include "rule_doc.h"

namespace titanlint {
namespace {

namespace fs = std::filesystem;

const fs::path kDocs = fs::path(TITANLINT_SOURCE_DIR) / "docs" / "rules";

std::string regenerate() {
  return "; regenerate with `" + std::string(kRuleDocsCommand) + "` and commit docs/rules/";
}

std::string read(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(RuleDocs, EveryRuleHasAnUpToDatePage) {
  for (const RuleDefinition& rule : builtin_registry().rules()) {
    const fs::path page = kDocs / (rule.meta.code + ".md");
    ASSERT_TRUE(fs::exists(page)) << page << " is missing" << regenerate();
    EXPECT_EQ(read(page), render_rule_page(rule)) << page << " is stale" << regenerate();
  }
}

TEST(RuleDocs, IndexIsUpToDate) {
  const fs::path index = kDocs / "README.md";
  ASSERT_TRUE(fs::exists(index)) << index << " is missing" << regenerate();
  EXPECT_EQ(read(index), render_rules_index(builtin_registry()))
      << index << " is stale" << regenerate();
}

TEST(RuleDocs, NoPageForARuleThatDoesNotExist) {
  const std::regex page(R"(TL\d+\.md)");
  for (const fs::directory_entry& entry : fs::directory_iterator(kDocs)) {
    const std::string name = entry.path().filename().string();
    if (!std::regex_match(name, page)) continue;
    EXPECT_NE(builtin_registry().find(name.substr(0, name.size() - 3)), nullptr)
        << entry.path() << " documents no registered rule" << regenerate();
  }
}

// Every rule that checks objects says which kinds (RuleMeta::kinds, the engine dispatches on
// them), unless it is about every object; those are named here with the reason.
TEST(RuleDocs, EveryCheckingRuleDeclaresItsKinds) {
  const std::map<std::string, std::string> every_object = {
      {"TL004", "any apiVersion/kind pair may be removed"},
      {"TL005", "invalid values in any object, pod templates of any workload"},
      {"TL006", "schema: every kind the shipped OpenAPI document has"},
      {"TL007", "schema: every kind the shipped OpenAPI document has"},
      {"TL008", "schema: every kind the shipped OpenAPI document has"},
      {"TL010", "schema: every kind the shipped OpenAPI document has"},
      {"TL011", "schema: every kind the shipped OpenAPI document has"},
      {"TL012", "any apiVersion/kind of a built-in group"},
      {"TL302", "env literals wherever a pod template is"},
      {"TL303", "credentials in any string of any object but a Secret"},
      {"TL304", "secret material in any object but a Secret"},
  };
  for (const RuleDefinition& rule : builtin_registry().rules()) {
    const RuleMeta& m = rule.meta;
    if (m.scope == RuleScope::Loader || m.scope == RuleScope::Limit) continue;
    EXPECT_EQ(m.kinds.empty(), every_object.contains(m.code))
        << m.code << ": declare m.kinds, or list it here with the reason it sees every object";
    const fs::path page = kDocs / (m.code + ".md");
    if (fs::exists(page)) {
      EXPECT_NE(read(page).find("## Applies to\n"), std::string::npos) << page << regenerate();
    }
  }
}

// Rule files write prose as indented, wrapped raw literals; pages get paragraphs.
TEST(RuleDocs, ProseIsReflowedIntoParagraphs) {
  EXPECT_EQ(reflow_prose("\n    One line\n    and its continuation.\n\n    Two.\n  "),
            "One line and its continuation.\n\nTwo.");
  EXPECT_EQ(reflow_prose("Shapes:\n\n- first,\n  wrapped;\n- second.\n"),
            "Shapes:\n\n- first, wrapped;\n- second.");
  const std::string paragraphs = "Already one paragraph.\n\nAnd another.";
  EXPECT_EQ(reflow_prose(paragraphs), paragraphs);
  EXPECT_EQ(reflow_prose("\n  \n"), "");
}

// Every page has every section, with text in it: a rule without doc text fails here, not only
// when its page is regenerated.
TEST(RuleDocs, EveryPageHasEverySection) {
  for (const RuleDefinition& rule : builtin_registry().rules()) {
    const RuleMeta& m = rule.meta;
    EXPECT_FALSE(m.summary.empty()) << m.code << ": summary";
    EXPECT_FALSE(m.doc.what.empty()) << m.code << ": doc.what (What it does)";
    EXPECT_FALSE(m.doc.why.empty()) << m.code << ": doc.why (Why is this bad?)";
    EXPECT_FALSE(m.doc.example.empty()) << m.code << ": doc.example (Example)";
    EXPECT_FALSE(m.doc.use_instead.empty()) << m.code << ": doc.use_instead (Use instead)";
    EXPECT_FALSE(m.doc.references.empty()) << m.code << ": doc.references (References)";
    for (const OptionSpec& o : m.options) EXPECT_FALSE(o.doc.empty()) << m.code << ": " << o.name;
    EXPECT_NE(builtin_registry().family_of(m.code), nullptr) << m.code << " is in no family";
    const fs::path page = kDocs / (m.code + ".md");
    if (!fs::exists(page)) continue;  // reported above
    const std::string text = read(page);
    for (const char* section : {"## What it does\n", "## Why is this bad?\n", "## Example\n",
                                "## Use instead\n", "## References\n", "## Options\n"})
      EXPECT_NE(text.find(section), std::string::npos)
          << page << " has no section " << section << regenerate();
    EXPECT_NE(read(kDocs / "README.md").find("[" + m.code + "](" + m.code + ".md)"),
              std::string::npos)
        << "docs/rules/README.md does not list " << m.code << regenerate();
  }
}

}  // namespace
}  // namespace titanlint
