// The fixes, on the fixtures of testdata/fix/: `CODE.variant.yaml` (or .json) is the input and
// `CODE.variant.fixed.yaml` what `titanlint fix --select CODE` must make of it. For every pair:
//   - the fix gives exactly the expected text (TITANLINT_UPDATE_GOLDEN=1 rewrites the goldens);
//   - fixing again changes nothing (idempotent);
//   - a lint of the result with every rule no longer reports CODE where a fix was applied, and
//     reports nothing the input did not (per code and object);
//   - the result parses as well as the input did;
//   - the diff shows no value that a selected sensitive rule (TL302-TL304) reports.
// A first line `# options: --select A,B` selects other rules than the file's code.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <set>

#include "builtin_rules.h"
#include "fix/fix_run.h"
#include "fix/unified_diff.h"
#include "tests_support.h"

namespace titanlint::testing {
namespace {

namespace fs = std::filesystem;

struct FixCase {
  fs::path input;
  fs::path golden;
  std::string code;  // the rule whose fixes are applied
  std::vector<std::string> select;
};

std::vector<FixCase> fix_cases() {
  std::vector<FixCase> cases;
  for (const auto& entry : fs::directory_iterator(source_dir() / "testdata" / "fix")) {
    const std::string name = entry.path().filename().string();
    if (name.find(".fixed.") != std::string::npos) continue;
    FixCase c;
    c.input = entry.path();
    const std::string ext = entry.path().extension().string();
    c.golden = entry.path().parent_path() / (entry.path().stem().string() + ".fixed" + ext);
    c.code = name.substr(0, name.find('.'));
    c.select = {c.code};
    const std::string text = read_file(c.input);
    const std::string marker = "# options: --select ";
    if (text.starts_with(marker)) {
      c.select.clear();
      std::string list = text.substr(marker.size(), text.find('\n') - marker.size());
      for (std::size_t at = 0; at <= list.size();) {
        std::size_t comma = std::min(list.find(',', at), list.size());
        c.select.push_back(list.substr(at, comma - at));
        at = comma + 1;
      }
    }
    cases.push_back(std::move(c));
  }
  std::sort(cases.begin(), cases.end(),
            [](const FixCase& a, const FixCase& b) { return a.input < b.input; });
  return cases;
}

FixOutcome fix_one(const std::string& path, const std::string& text,
                   const std::vector<std::string>& select) {
  LintOptions options;
  options.select = select;
  options.render_suppressed = false;
  options.build_fixes = true;
  Config config;
  const Engine engine(builtin_registry(), config, options);
  LintOptions later_options = options;
  later_options.select = fixing_rules(engine, builtin_registry());
  const Engine later(builtin_registry(), config, later_options);
  std::vector<FixOutcome> out = fix_texts(engine, &later, {{path, text}}, config.limits);
  return std::move(out.front());
}

// Unsuppressed findings per (code, object), every rule.
std::map<std::pair<std::string, std::string>, int> finding_counts(const std::string& path,
                                                                  const std::string& text) {
  LintResult result = lint_text(text, {}, {}, path);
  std::map<std::pair<std::string, std::string>, int> counts;
  for (const Finding& f : result.findings)
    if (!f.suppressed()) ++counts[{std::string(f.code), f.object.display()}];
  return counts;
}

TEST(FixFixtures, EveryFixtureFixesExactlyOnceAndLeavesNothingNew) {
  const std::vector<FixCase> cases = fix_cases();
  ASSERT_FALSE(cases.empty());
  const bool update = std::getenv("TITANLINT_UPDATE_GOLDEN") != nullptr;
  for (const FixCase& c : cases) {
    SCOPED_TRACE(c.input.filename().string());
    const std::string path = c.input.filename().string();
    const std::string input = read_file(c.input);
    const FixOutcome first = fix_one(path, input, c.select);
    EXPECT_TRUE(first.notes.empty()) << first.notes.front();
    EXPECT_TRUE(first.changed()) << "the fixture has nothing to fix";
    if (update) write_file(c.golden, first.fixed);
    ASSERT_TRUE(fs::exists(c.golden)) << "no golden; TITANLINT_UPDATE_GOLDEN=1 writes it";
    EXPECT_EQ(first.fixed, read_file(c.golden));

    const FixOutcome second = fix_one(path, first.fixed, c.select);
    EXPECT_FALSE(second.changed()) << "not idempotent:\n" << second.fixed;

    auto before = finding_counts(path, input);
    auto after = finding_counts(path, first.fixed);
    for (const auto& [key, count] : after) {
      EXPECT_LE(count, before[key])
          << "new finding after the fix: " << key.first << " on " << key.second;
    }
    for (const AppliedFix& a : first.applied) {
      const bool selected = std::find(c.select.begin(), c.select.end(), a.code) != c.select.end();
      EXPECT_TRUE(selected) << a.code << " was fixed without being selected";
    }
    // Every selected rule that fixed something is gone, unless the fixture says it stays.
    for (const auto& entry : after) {
      const auto& key = entry.first;  // not a structured binding: clang 14 cannot capture one
      const bool fixed_code = std::any_of(first.applied.begin(), first.applied.end(),
                                          [&](const AppliedFix& a) { return a.code == key.first; });
      if (fixed_code && input.find("# keeps: " + key.first) == std::string::npos)
        ADD_FAILURE() << key.first << " still reported on " << key.second << " after its fix";
    }
    // The diff masks the secrets, the fixed ones and those left as context lines.
    const std::string diff = unified_diff(path, input, first.fixed, first.masked);
    const LintResult lint = lint_text(input, {}, {}, path);
    for (const Finding& f : lint.findings) {
      const bool selected = std::find(c.select.begin(), c.select.end(), f.code) != c.select.end();
      if (!selected || !f.sensitive || !f.node || !f.node->is_scalar() || f.node->text().empty())
        continue;
      // Line by line: a block scalar's lines are separate lines of the diff.
      const std::string_view value = f.node->text();
      for (std::size_t at = 0; at < value.size();) {
        const std::size_t end = std::min(value.find('\n', at), value.size());
        const std::string_view line = value.substr(at, end - at);
        if (!line.empty()) {
          EXPECT_EQ(diff.find(line), std::string::npos)
              << f.code << " at line " << f.position.line << ": the diff shows the secret";
        }
        at = end + 1;
      }
    }
    // Same parse problems as before (none added).
    const LoadedFile before_load = load_text(path, input, {});
    const LoadedFile after_load = load_text(path, first.fixed, {});
    EXPECT_EQ(before_load.diagnostics.size(), after_load.diagnostics.size());
    EXPECT_EQ(before_load.documents.size(), after_load.documents.size());
  }
}

// A rule's page says what its fix does exactly when the rule has fix fixtures: the page's Fix
// section starts with "`titanlint fix`" for a rule that fixes, and says why not otherwise.
TEST(FixFixtures, EveryFixingRuleIsDocumentedAndEveryDocumentedFixIsTested) {
  std::set<std::string> with_fixtures;
  for (const FixCase& c : fix_cases()) with_fixtures.insert(c.code);
  for (const RuleDefinition& r : builtin_registry().rules()) {
    const bool documented = r.meta.doc.fix.starts_with("`titanlint fix`");
    EXPECT_EQ(r.meta.offers_fix, documented)
        << r.meta.code << ": RuleMeta::offers_fix and the page's Fix section disagree";
    EXPECT_EQ(documented, with_fixtures.count(r.meta.code) == 1)
        << r.meta.code
        << (documented ? " documents a fix but has no fixture in testdata/fix/"
                       : " has fix fixtures but its page has no Fix section");
  }
}

// A cross-resource fix edits another input: TL904 makes the Service headless in the Service's
// file (JSON here) and lists the fix with the StatefulSet's file, which it leaves unchanged.
TEST(FixCrossFile, StatefulSetFixEditsTheServiceInItsOwnFile) {
  const std::string statefulset =
      "apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: db}\nspec:\n"
      "  serviceName: db\n  selector: {matchLabels: {app: db}}\n  template:\n"
      "    metadata: {labels: {app: db}}\n"
      "    spec: {containers: [{name: db, image: \"registry.example.com/db:v15.2\"}]}\n";
  const std::string service =
      "{\n  \"apiVersion\": \"v1\",\n  \"kind\": \"Service\",\n"
      "  \"metadata\": {\"name\": \"db\"},\n"
      "  \"spec\": {\"selector\": {\"app\": \"db\"}, \"ports\": [{\"port\": 5432}]}\n}\n";
  LintOptions options;
  options.select = {"TL904"};
  options.render_suppressed = false;
  options.build_fixes = true;
  Config config;
  const Engine engine(builtin_registry(), config, options);
  std::vector<FixOutcome> out = fix_texts(
      engine, nullptr, {{"db.yaml", statefulset}, {"db-service.json", service}}, config.limits);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_FALSE(out[0].changed());
  ASSERT_EQ(out[0].applied.size(), 1u);
  EXPECT_EQ(out[0].applied.front().code, "TL904");
  EXPECT_TRUE(out[1].applied.empty());
  EXPECT_EQ(out[1].fixed,
            "{\n  \"apiVersion\": \"v1\",\n  \"kind\": \"Service\",\n"
            "  \"metadata\": {\"name\": \"db\"},\n"
            "  \"spec\": {\"selector\": {\"app\": \"db\"}, \"ports\": [{\"port\": 5432}], "
            "\"clusterIP\": \"None\"}\n}\n");
  for (const FixOutcome& o : out) EXPECT_TRUE(o.notes.empty());
}

}  // namespace
}  // namespace titanlint::testing
