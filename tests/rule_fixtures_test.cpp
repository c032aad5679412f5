// The rule fixture harness (spec/README.md "Tests"): every file testdata/rules/<family>/TLNNN*.yaml
// is linted with only rule TLNNN enabled, and its findings must equal the `# expect:` comments, in
// both directions. An expectation is `CODE` (a finding of that code on this line), optionally with
// its column and a substring of its message: `# expect: TL203:7 grace period`; several are
// separated by commas (`# expect: TL501:11 cpu, TL501:11 memory`). Every registered rule must
// have a fixture that fires, with at least one column pinned, and objects named `dont-fire-*`
// that must not. Header comments: `# options:` (line 1, the rule's options), `# config: KEY:
// VALUE` (more of the config) and `# also-select: CODES`.
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

// One `# expect:` item: a finding of `code` on `line`, at `column` when given (0: any), whose
// message contains `text`.
struct Expected {
  std::uint32_t line = 0;
  std::string code;
  std::uint32_t column = 0;
  std::string text;
  // The more an expectation pins, the earlier it picks its finding, so that a looser one on the
  // same line cannot take the finding a stricter one needs.
  int constraints() const { return (column != 0 ? 2 : 0) + (text.empty() ? 0 : 1); }
  std::string describe() const {
    return fmt::format("  line {}: {}{}{}\n", line, code, column ? fmt::format(":{}", column) : "",
                       text.empty() ? "" : " \"" + text + "\"");
  }
};

// `TL203:7 grace period, TL201` -> two expectations. An item starts at the beginning or after a
// comma with a code; its message text runs to the next such item (it may contain commas).
std::vector<Expected> parse_expect_items(std::uint32_t line, const std::string& items) {
  static const std::regex start(R"((^|,)\s*([A-Z]{2,}[0-9]{3})(?::([0-9]+))?(?=\s|,|$))");
  std::vector<Expected> out;
  std::vector<std::smatch> starts;
  for (auto it = std::sregex_iterator(items.begin(), items.end(), start);
       it != std::sregex_iterator(); ++it)
    starts.push_back(*it);
  if (starts.empty() || starts.front().position(0) != 0) {
    ADD_FAILURE() << "line " << line
                  << ": malformed `# expect:` (want CODE[:COLUMN] [text], ...): " << items;
    return out;
  }
  for (std::size_t i = 0; i < starts.size(); ++i) {
    const std::smatch& m = starts[i];
    Expected e;
    e.line = line;
    e.code = m.str(2);
    if (m[3].matched) e.column = static_cast<std::uint32_t>(std::stoul(m.str(3)));
    const auto text_begin = static_cast<std::size_t>(m.position(0) + m.length(0));
    const auto text_end =
        i + 1 < starts.size() ? static_cast<std::size_t>(starts[i + 1].position(0)) : items.size();
    e.text = trim(items.substr(text_begin, text_end - text_begin));
    out.push_back(std::move(e));
  }
  return out;
}

struct Expectations {
  std::vector<Expected> findings;
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
    for (Expected& item : parse_expect_items(number, line.substr(at + 9)))
      e.findings.push_back(std::move(item));
  }
  return e;
}

struct Actual {
  std::uint32_t line;
  std::uint32_t column;
  std::string code;
  std::string message;
  bool matched = false;
};

bool satisfies(const Actual& a, const Expected& e) {
  return a.line == e.line && a.code == e.code && (e.column == 0 || a.column == e.column) &&
         a.message.find(e.text) != std::string::npos;
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

  std::vector<Actual> actual;
  std::string messages;
  for (const Finding& f : result.findings) {
    if (f.suppressed()) continue;
    actual.push_back({f.position.line, f.position.column, std::string(f.code), f.message});
    messages += fmt::format("  {}:{}: {} {} [{}]\n", f.position.line, f.position.column, f.code,
                            f.message, f.object.name);
    EXPECT_FALSE(f.object.name.starts_with("dont-fire"))
        << path << ":" << f.position.line << ": " << f.code << " fired on " << f.object.name;
  }
  std::stable_sort(
      expected.findings.begin(), expected.findings.end(),
      [](const Expected& a, const Expected& b) { return a.constraints() > b.constraints(); });
  std::string missing, unexpected;
  for (const Expected& e : expected.findings) {
    auto found = std::find_if(actual.begin(), actual.end(),
                              [&](const Actual& a) { return !a.matched && satisfies(a, e); });
    if (found == actual.end())
      missing += e.describe();
    else
      found->matched = true;
  }
  for (const Actual& a : actual)
    if (!a.matched) unexpected += fmt::format("  line {}: {}:{}\n", a.line, a.code, a.column);
  EXPECT_TRUE(missing.empty() && unexpected.empty())
      << path << "\nexpected but not reported:\n"
      << (missing.empty() ? "  (none)\n" : missing) << "reported but not expected:\n"
      << (unexpected.empty() ? "  (none)\n" : unexpected) << "all findings:\n"
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
    bool pins_column = false;
    bool has_negative = false;
    for (const fs::path& f : it->second) {
      std::string text = read_file(f);
      for (const Expected& e : read_expectations(text).findings) {
        fires = fires || e.code == code;
        pins_column = pins_column || (e.code == code && e.column != 0);
      }
      has_negative = has_negative || text.find("name: dont-fire") != std::string::npos;
    }
    EXPECT_TRUE(fires) << code << ": no fixture expects a finding";
    EXPECT_TRUE(pins_column) << code << ": no fixture pins a column (`# expect: " << code
                             << ":COLUMN`)";
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
