// Every doc page's Example makes its rule fire and its Use instead does not: the pages are
// linted, so a page cannot drift from what the rule does. Each block is linted alone, with only
// that rule selected, its default options and a complete set (not --partial).
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "builtin_rules.h"
#include "tests_support.h"

namespace titanlint::testing {
namespace {

// Pages whose blocks are not manifests, with the test that covers the rule instead.
const std::map<std::string, std::string>& not_manifests() {
  static const std::map<std::string, std::string> table = {
      {"TL009",
       "its blocks are .titanlint.yaml limits; hostile_input's FindingsPerFileLimit suite lints "
       "over and under the cap"},
  };
  return table;
}

// Rules that are off until configured: the options their page's Example states in a comment.
Config config_for(const std::string& code) {
  Config config;
  if (code == "TL602")
    config.rules["TL602"].options["allowedRegistries"] =
        std::vector<std::string>{"registry.example.com"};
  return config;
}

std::size_t findings_of(const std::string& code, const std::string& yaml) {
  LintOptions options;
  options.select = {code};
  std::size_t n = 0;
  for (const Finding& f : lint_text(yaml, options, config_for(code), "page.yaml").findings)
    if (f.code == code && !f.suppressed()) ++n;
  return n;
}

TEST(RuleDocExamples, ExampleFiresAndUseInsteadDoesNot) {
  for (const RuleDefinition& rule : builtin_registry().rules()) {
    const RuleMeta& m = rule.meta;
    if (not_manifests().contains(m.code)) continue;
    EXPECT_GE(findings_of(m.code, m.doc.example), 1u)
        << m.code << ": the page's Example does not make the rule fire:\n"
        << m.doc.example;
    EXPECT_EQ(findings_of(m.code, m.doc.use_instead), 0u)
        << m.code << ": the page's Use instead makes the rule fire:\n"
        << m.doc.use_instead;
  }
}

// The exceptions above are real rules whose blocks are indeed not manifests.
TEST(RuleDocExamples, ExceptionsAreNamedRules) {
  for (const auto& [code, why] : not_manifests())
    EXPECT_NE(builtin_registry().find(code), nullptr) << code << ": " << why;
}

}  // namespace
}  // namespace titanlint::testing
