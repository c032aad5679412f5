// The rule fixture harness (spec/README.md "Tests"): every file testdata/rules/<family>/TLNNN*.yaml
// is linted with only rule TLNNN enabled, and the set of (line, code) findings must equal the set
// of `# expect: CODE` comments, in both directions. Every registered rule must have a fixture
// that fires and objects named `dont-fire-*` that must not. Header comments: `# options:` (line 1,
// the rule's options), `# config: KEY: VALUE` (more of the config) and `# also-select: CODES`.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <regex>

#include <fmt/format.h>

#include "builtin_rules.h"
#include "inputs.h"
#include "suppressions.h"
#include "tests_support.h"

namespace titanlint::testing {
namespace {

namespace fs = std::filesystem;

std::vector<fs::path> fixture_files() {
  std::vector<fs::path> files;
  fs::path root = source_dir() / "testdata" / "rules";
  if (!fs::exists(root)) return files;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (entry.is_regular_file() && entry.path().extension() == ".yaml" &&
        entry.path().filename().string().starts_with("TL"))
      files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

// TL203.margin.yaml -> TL203
std::string rule_code_of(const fs::path& fixture) {
  std::string name = fixture.filename().string();
  return name.substr(0, name.find('.'));
}

std::string trim(std::string s) {
  s.erase(0, s.find_first_not_of(" \t"));
  s.erase(s.find_last_not_of(" \t\r") + 1);
  return s;
}

struct Expectations {
  std::multiset<std::pair<std::uint32_t, std::string>> findings;
  std::string options;  // the `# options:` header, as YAML for `rules:`
  // `# config: KEY: VALUE` lines: more of .titanlint.yaml (e.g. `limits: {...}`), one key a line.
  std::string config;
  // `# also-select: CODE,...`: rules enabled beside the fixture's own (their findings are
  // expected like its own), for a rule such as TL009 that reports on other rules' findings.
  std::vector<std::string> also_select;
};

Expectations read_expectations(const std::string& text) {
  Expectations e;
  std::istringstream in(text);
  std::string line;
  std::uint32_t number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (number == 1 && line.starts_with("# options:")) e.options = trim(line.substr(10));
    if (line.starts_with("# config:")) e.config += trim(line.substr(9)) + "\n";
    if (line.starts_with("# also-select:")) {
      const std::string codes = line.substr(14);  // split_rule_list's views point into it
      for (std::string_view code : split_rule_list(codes)) e.also_select.emplace_back(code);
    }
    auto at = line.find("# expect:");
    if (at == std::string::npos) continue;
    std::string codes = line.substr(at + 9);
    for (std::string_view code : split_rule_list(codes))
      e.findings.insert({number, std::string(code)});
  }
  return e;
}

std::string describe(const std::multiset<std::pair<std::uint32_t, std::string>>& set) {
  std::string out;
  for (const auto& [line, code] : set) out += fmt::format("  line {}: {}\n", line, code);
  return out.empty() ? "  (none)\n" : out;
}

class RuleFixture : public ::testing::TestWithParam<fs::path> {};

TEST_P(RuleFixture, FindingsMatchExpectCommentsExactly) {
  const fs::path& path = GetParam();
  const std::string code = rule_code_of(path);
  ASSERT_NE(builtin_registry().find(code), nullptr) << "fixture for an unregistered rule: " << path;
  const std::string text = read_file(path);
  Expectations expected = read_expectations(text);
  ASSERT_FALSE(expected.findings.empty()) << path << " has no `# expect:` comment: it cannot fail";

  Config config;
  if (!expected.options.empty() || !expected.config.empty()) {
    const std::string rules = expected.options.empty() ? "" : "rules: " + expected.options + "\n";
    auto source =
        std::make_shared<SourceFile>(path.string() + " (options)", rules + expected.config);
    config = parse_config(source, builtin_registry());
  }
  LintOptions options;
  options.select = {code};
  for (const std::string& other : expected.also_select) options.select.push_back(other);
  Engine engine(builtin_registry(), config, options);
  std::vector<LoadedFile> files;
  files.push_back(load_text(path.string(), text, config.limits));
  LintResult result = engine.lint(std::move(files));

  std::multiset<std::pair<std::uint32_t, std::string>> actual;
  std::string messages;
  for (const Finding& f : result.findings) {
    if (f.suppressed()) continue;
    actual.emplace(f.position.line, std::string(f.code));
    messages += fmt::format("  {}:{}: {} {} [{}]\n", f.position.line, f.position.column, f.code,
                            f.message, f.object.name);
    EXPECT_FALSE(f.object.name.starts_with("dont-fire"))
        << path << ":" << f.position.line << ": " << f.code << " fired on " << f.object.name;
  }
  std::multiset<std::pair<std::uint32_t, std::string>> missing, unexpected;
  std::set_difference(expected.findings.begin(), expected.findings.end(), actual.begin(),
                      actual.end(), std::inserter(missing, missing.end()));
  std::set_difference(actual.begin(), actual.end(), expected.findings.begin(),
                      expected.findings.end(), std::inserter(unexpected, unexpected.end()));
  EXPECT_TRUE(missing.empty() && unexpected.empty())
      << path << "\nexpected but not reported:\n"
      << describe(missing) << "reported but not expected:\n"
      << describe(unexpected) << "all findings:\n"
      << messages;
}

std::string fixture_name(const ::testing::TestParamInfo<fs::path>& info) {
  std::string name =
      info.param.parent_path().filename().string() + "_" + info.param.stem().string();
  std::replace_if(
      name.begin(), name.end(), [](char c) { return !std::isalnum(static_cast<unsigned char>(c)); },
      '_');
  return name;
}

INSTANTIATE_TEST_SUITE_P(AllFixtures, RuleFixture, ::testing::ValuesIn(fixture_files()),
                         fixture_name);

TEST(RuleFixtures, EveryRegisteredRuleHasAFixtureThatFiresAndDontFireCases) {
  std::map<std::string, std::vector<fs::path>> by_code;
  for (const fs::path& f : fixture_files()) by_code[rule_code_of(f)].push_back(f);
  for (const RuleDefinition& rule : builtin_registry().rules()) {
    const std::string& code = rule.meta.code;
    auto it = by_code.find(code);
    if (it == by_code.end()) {
      ADD_FAILURE() << code << " has no fixture testdata/rules/<family>/" << code << ".yaml";
      continue;
    }
    bool fires = false;
    bool has_negative = false;
    for (const fs::path& f : it->second) {
      std::string text = read_file(f);
      for (const auto& [line, expected_code] : read_expectations(text).findings)
        fires = fires || expected_code == code;
      has_negative = has_negative || text.find("name: dont-fire") != std::string::npos;
    }
    EXPECT_TRUE(fires) << code << ": no fixture expects a finding";
    EXPECT_TRUE(has_negative) << code << ": no fixture has a dont-fire-* object";
  }
}

TEST(RuleFixtures, EveryRuleHasCompleteDocText) {
  for (const RuleDefinition& rule : builtin_registry().rules()) {
    const RuleMeta& m = rule.meta;
    EXPECT_FALSE(m.summary.empty()) << m.code;
    EXPECT_FALSE(m.remediation.empty()) << m.code;
    EXPECT_FALSE(m.doc.what.empty()) << m.code << ": What it does";
    EXPECT_FALSE(m.doc.why.empty()) << m.code << ": Why is this bad?";
    EXPECT_FALSE(m.doc.example.empty()) << m.code << ": Example";
    EXPECT_FALSE(m.doc.use_instead.empty()) << m.code << ": Use instead";
    for (const OptionSpec& o : m.options) EXPECT_FALSE(o.doc.empty()) << m.code << "." << o.name;
    EXPECT_TRUE(std::regex_match(m.code, std::regex("TL[0-9]{3}"))) << m.code;
    EXPECT_TRUE(std::regex_match(m.name, std::regex("[a-z0-9]+(-[a-z0-9]+)*"))) << m.name;
  }
}

}  // namespace
}  // namespace titanlint::testing
