// The built binary end to end: inputs, formats, exit codes, config discovery, catalogue.
#include <gtest/gtest.h>

#include <re2/re2.h>

#include <nlohmann/json.hpp>

#include "builtin_rules.h"
#include "tests_support.h"

namespace titanlint::testing {
namespace {

namespace fs = std::filesystem;

// A valid object with one duplicate key (TL003 on line 4) and nothing else wrong.
const std::string kDuplicateKey =
    "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: {k: '1',\n  k: '2'}\n";

class Cli : public ::testing::Test {
 protected:
  void SetUp() override { dir_ = temp_dir("cli"); }
  void TearDown() override { fs::remove_all(dir_); }
  CommandResult run(const std::string& args, const std::string& stdin_text = "") {
    return run_titanlint(args, dir_, stdin_text);
  }
  fs::path dir_;
};

TEST_F(Cli, ExitCodes) {
  write_file(dir_ / "ok.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n");
  write_file(dir_ / "bad" / "broken.yaml", "a: [\n");
  EXPECT_EQ(run("ok.yaml").exit_code, 0);
  EXPECT_EQ(run("bad").exit_code, 1);
  EXPECT_EQ(run("bad --fail-on never").exit_code, 0);
  EXPECT_EQ(run("missing.yaml ok.yaml").exit_code, 2);
  EXPECT_EQ(run("--select TL99 ok.yaml").exit_code, 2);  // no rule has that prefix
  EXPECT_EQ(run("--format xml ok.yaml").exit_code, 2);
  EXPECT_EQ(run("").exit_code, 2);
  write_file(dir_ / "warn" / "dup.yaml", kDuplicateKey);
  write_file(dir_ / "warn" / ".titanlint.yaml", "rules: {TL003: warning}\n");
  EXPECT_EQ(run_titanlint("dup.yaml", dir_ / "warn").exit_code, 0);
  EXPECT_EQ(run_titanlint("--fail-on warning dup.yaml", dir_ / "warn").exit_code, 1);
}

TEST_F(Cli, UnreadableInputIsReportedAndTheRunGoesOn) {
  write_file(dir_ / "broken.yaml", "a: [\n");
  CommandResult r = run("missing.yaml broken.yaml");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find("missing.yaml: error: no such file or directory"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("broken.yaml:2:1: error[TL001]"), std::string::npos) << r.out;
}

TEST_F(Cli, BadConfigIsExit2WithPosition) {
  write_file(dir_ / ".titanlint.yaml", "rules:\n  TL003: sometimes\n");
  write_file(dir_ / "ok.yaml", "a: 1\n");
  CommandResult r = run("ok.yaml");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find(".titanlint.yaml:2:10: TL003 must be off, error, warning, info"),
            std::string::npos)
      << r.err;
  CommandResult explicit_config = run("--config nope.yaml ok.yaml");
  EXPECT_EQ(explicit_config.exit_code, 2);
  EXPECT_NE(explicit_config.err.find("nope.yaml: cannot read the config file"), std::string::npos);
}

// --dump-config prints every rule with its effective severity and options, as a config file that
// reads back to the same configuration.
TEST_F(Cli, DumpConfigPrintsTheEffectiveConfigurationAndReadsBack) {
  write_file(dir_ / ".titanlint.yaml",
             "rules:\n  TL108: { severity: off, readinessPaths: ['/ready', \"/it's\"] }\n"
             "  TL105: { severity: error, minSeconds: 90 }\n"
             "exclude: ['charts/**']\nlimits: { maxFindingsPerFile: 50 }\n"
             "webhook: { mode: warn, namespaces: { exclude: [kube-system, ops] } }\n");
  CommandResult r = run("--dump-config");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("TL108: { severity: off, livenessPaths: ['/healthz'], "), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("TL105: { severity: error, minSeconds: 90 }"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("readinessPaths: ['/ready', '/it''s']"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("TL101: { severity: error }  # liveness-probe-missing"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("exclude: ['charts/**']"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("maxFindingsPerFile: 50"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("mode: warn"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("exclude: ['kube-system', 'ops']"), std::string::npos) << r.out;
  std::size_t rules = 0;
  for (std::size_t at = r.out.find("\n  TL"); at != std::string::npos;
       at = r.out.find("\n  TL", at + 1))
    ++rules;
  EXPECT_EQ(rules, builtin_registry().rules().size());

  // Read back: the dump of the dump is the same text (but for the header naming its source).
  write_file(dir_ / "dumped.yaml", r.out);
  CommandResult again = run("--config dumped.yaml --dump-config");
  ASSERT_EQ(again.exit_code, 0) << again.err;
  auto body = [](const std::string& text) { return text.substr(text.find("\nrules:")); };
  EXPECT_EQ(body(again.out), body(r.out));

  // Without --dump-config, a PATH is required.
  CommandResult none = run("lint");
  EXPECT_EQ(none.exit_code, 2);
  EXPECT_NE(none.err.find("no PATH given"), std::string::npos) << none.err;
}

TEST_F(Cli, ConfigIsFoundUpward) {
  write_file(dir_ / ".titanlint.yaml", "rules: {TL003: off}\n");
  write_file(dir_ / "sub" / "dup.yaml", kDuplicateKey);
  EXPECT_EQ(run_titanlint("dup.yaml", dir_ / "sub").exit_code, 0);
}

TEST_F(Cli, DirectoriesRecurseSkipHiddenAndHonourExcludes) {
  write_file(dir_ / "k8s" / "a" / "x.yaml", "- not an object\n");
  write_file(dir_ / "k8s" / "b.yml", "- not an object\n");
  write_file(dir_ / "k8s" / "c.json", "[1]\n");
  write_file(dir_ / "k8s" / "notes.txt", "- ignored\n");
  write_file(dir_ / "k8s" / ".hidden" / "h.yaml", "- ignored\n");
  write_file(dir_ / "k8s" / "vendor" / "v.yaml", "- ignored\n");
  write_file(dir_ / ".titanlint.yaml", "exclude: ['k8s/vendor/**']\n");
  CommandResult r = run("--format gcc k8s/");
  EXPECT_EQ(r.out,
            "k8s/a/x.yaml:1:1: error: the document is a list, not a Kubernetes object [TL002]\n"
            "k8s/b.yml:1:1: error: the document is a list, not a Kubernetes object [TL002]\n"
            "k8s/c.json:1:1: error: the document is a list, not a Kubernetes object [TL002]\n");
}

TEST_F(Cli, EmptyDirectoryIsNotAnError) {
  fs::create_directories(dir_ / "empty");
  CommandResult r = run("empty");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("No problems found in 0 files"), std::string::npos) << r.out;
}

TEST_F(Cli, GccFormatIsReadByVsCodeProblemMatcher) {
  write_file(dir_ / "a.yaml", kDuplicateKey + "---\nb: [\n");
  CommandResult r = run("--format gcc a.yaml");
  // VS Code's $gcc pattern, verbatim.
  RE2 gcc(R"(^(.*?):(\d+):(\d*):?\s+(?:fatal\s+)?(warning|error):\s+(.*)$)");
  std::istringstream lines(r.out);
  std::string line;
  int matched = 0;
  while (std::getline(lines, line)) {
    std::string file, row, col, severity, message;
    ASSERT_TRUE(RE2::FullMatch(line, gcc, &file, &row, &col, &severity, &message)) << line;
    EXPECT_EQ(file, "a.yaml");
    ++matched;
  }
  EXPECT_EQ(matched, 2);
}

// Vim's default 'errorformat' entry for gcc, `%f:%l:%c: %t%*[^:]: %m`, as a regular expression:
// %f a file name, %l and %c numbers, %t one letter (e/w/n: error, warning, note), %*[^:] the rest
// of the word, %m the message. Info findings (`note:`) match too.
TEST_F(Cli, GccFormatIsReadByVimsDefaultErrorformat) {
  write_file(dir_ / "dir" / "a.yaml", kDuplicateKey + "---\nb: [\n");
  write_file(dir_ / ".titanlint.yaml", "rules: {TL003: info}\n");
  CommandResult r = run("--format gcc dir/a.yaml");
  RE2 vim(R"(^(.+?):(\d+):(\d+): ([A-Za-z])[^:]*: (.*)$)");
  std::istringstream lines(r.out);
  std::string line;
  std::vector<std::string> types;
  while (std::getline(lines, line)) {
    std::string file, message, type;
    int row = 0, col = 0;
    ASSERT_TRUE(RE2::FullMatch(line, vim, &file, &row, &col, &type, &message)) << line;
    EXPECT_EQ(file, "dir/a.yaml");
    EXPECT_GT(row, 0);
    EXPECT_GT(col, 0);
    EXPECT_TRUE(message.ends_with("]")) << "the code closes the message: " << message;
    types.push_back(type);
  }
  EXPECT_EQ(types, (std::vector<std::string>{"n", "e"}));
}

TEST_F(Cli, JsonFormatIsVersioned) {
  write_file(dir_ / "a.yaml",
             "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, name: b}  # titanlint:ignore "
             "TL003 -- fine\n---\n- x\n");
  CommandResult r = run("--format json a.yaml");
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["version"], 1);
  EXPECT_EQ(j["tool"]["name"], "titanlint");
  ASSERT_EQ(j["findings"].size(), 2u);
  EXPECT_EQ(j["findings"][0]["code"], "TL003");
  EXPECT_EQ(j["findings"][0]["suppressed"], true);
  EXPECT_EQ(j["findings"][0]["suppression"]["reason"], "fine");
  EXPECT_EQ(j["findings"][1]["line"], 5);
  EXPECT_EQ(j["summary"]["errors"], 1);
  EXPECT_EQ(j["summary"]["suppressed"], 1);
  EXPECT_EQ(r.exit_code, 1);
}

TEST_F(Cli, TextFormatHasCodeFrameHelpAndSummaryWithoutColourWhenPiped) {
  write_file(dir_ / "a.yaml", kDuplicateKey);
  CommandResult r = run("a.yaml");
  EXPECT_EQ(
      r.out,
      "a.yaml:5:3: error[TL003] duplicate key \"k\" (first at line 4); the API server silently "
      "keeps only the last value\n"
      "  |\n"
      "5 |   k: '2'}\n"
      "  |   ^\n"
      "  = help: remove one of the two keys, or merge their values\n"
      "\n"
      "Found 1 problem (1 error, 0 warnings, 0 infos) in 1 file (1 object).\n");
  EXPECT_NE(run("--color always a.yaml").out.find("\033["), std::string::npos);
}

TEST_F(Cli, StdinAndHelmSources) {
  CommandResult r = run("--format gcc -",
                        "---\n# Source: chart/templates/cm.yaml\napiVersion: v1\nkind: ConfigMap\n"
                        "metadata: {name: a}\n---\n# Source: chart/templates/bad.yaml\n- x\n");
  EXPECT_EQ(r.out,
            "chart/templates/bad.yaml:1:1: error: the document is a list, not a Kubernetes object "
            "[TL002]\n");
}

TEST_F(Cli, OutputFileIsWrittenWhole) {
  write_file(dir_ / "a.yaml", "- x\n");
  CommandResult r = run("--format json --output report.json a.yaml");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(r.out.empty());
  auto j = nlohmann::json::parse(read_file(dir_ / "report.json"));
  EXPECT_EQ(j["findings"].size(), 1u);
  std::set<std::string> listing;  // no temporary file left beside the report
  for (const auto& entry : fs::directory_iterator(dir_)) listing.insert(entry.path().filename());
  EXPECT_EQ(listing, (std::set<std::string>{"a.yaml", "report.json"}));
  EXPECT_EQ(run("--output no-such-dir/report.json a.yaml").exit_code, 2);
}

TEST_F(Cli, RulesAndExplain) {
  CommandResult rules = run("rules");
  EXPECT_EQ(rules.exit_code, 0);
  for (const RuleDefinition& r : builtin_registry().rules())
    EXPECT_NE(rules.out.find(r.meta.code + "   " + r.meta.name), std::string::npos) << r.meta.code;
  CommandResult explain = run("explain TL003");
  EXPECT_EQ(explain.exit_code, 0);
  for (const char* section : {"# TL003 duplicate-key", "## What it does", "## Why is this bad?",
                              "## Example", "## Use instead", "## Options"})
    EXPECT_NE(explain.out.find(section), std::string::npos) << section;
  EXPECT_EQ(run("explain duplicate-key").out, explain.out);
  EXPECT_EQ(run("explain TL999").exit_code, 2);
  EXPECT_EQ(run("version").out, std::string("titanlint ") + TITANLINT_VERSION + "\n");
}

}  // namespace
}  // namespace titanlint::testing
