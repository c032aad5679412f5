// Hostile input: each case gives a clear finding or error, never a crash, within bounded time
// (the ctest TIMEOUT) and memory (the binary runs under `ulimit -v`).
#include <gtest/gtest.h>

#include <sys/wait.h>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "tests_support.h"
#include "yaml_loader.h"

namespace titanlint::testing {
namespace {

namespace fs = std::filesystem;

// The binary with its address space capped, so a memory blow-up fails instead of swapping. Not
// in sanitizer builds, whose shadow memory alone is terabytes of address space: there the cap is
// the dev preset's, and the sanitizers check the rest.
CommandResult run_capped(const std::string& args, const fs::path& cwd, std::size_t megabytes) {
  if (kSanitized) return run_titanlint(args, cwd);
  return run_titanlint(args, cwd, "", fmt::format("ulimit -v {} && ", megabytes * 1024));
}

std::string billion_laughs() {
  std::string text = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: lol}\ndata:\n";
  text +=
      "  a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n";
  const std::string names = "abcdefghi";
  for (std::size_t i = 1; i < names.size(); ++i) {
    text += fmt::format("  {0}: &{0} [", names[i]);
    for (int k = 0; k < 10; ++k) text += fmt::format("{}*{}", k ? "," : "", names[i - 1]);
    text += "]\n";
  }
  return text;
}

const std::string kValidDeployment =
    "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: fine}\ndata: {a: b}\n";

TEST(HostileInput, AliasBombIsTL001AndTheNextDocumentStillLoads) {
  LoadedFile f = load_yaml(
      std::make_shared<SourceFile>("bomb.yaml", billion_laughs() + "---\n" + kValidDeployment), {});
  ASSERT_EQ(f.diagnostics.size(), 1u);
  EXPECT_EQ(f.diagnostics[0].problem, LoadProblem::Syntax);
  EXPECT_NE(f.diagnostics[0].message.find("alias bomb"), std::string::npos);
  ASSERT_EQ(f.documents.size(), 1u);
  EXPECT_EQ(f.documents[0].root->at({"metadata", "name"})->text(), "fine");
}

TEST(HostileInput, AliasBombThroughTheBinaryIsBounded) {
  auto dir = temp_dir("bomb");
  write_file(dir / "bomb.yaml", billion_laughs());
  CommandResult r = run_capped("--format gcc bomb.yaml", dir, 512);
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.out.find("bomb.yaml:"), std::string::npos);
  EXPECT_NE(r.out.find("[TL001]"), std::string::npos) << r.out;
  fs::remove_all(dir);
}

TEST(HostileInput, DeepFlowNestingIsTL001) {
  for (std::size_t depth : {10'000u, 100'000u}) {
    std::string text = "a: " + std::string(depth, '[') + "\n";
    LoadedFile f = load_yaml(std::make_shared<SourceFile>("deep.yaml", text), {});
    ASSERT_EQ(f.diagnostics.size(), 1u);
    EXPECT_NE(f.diagnostics[0].message.find("nesting deeper than 256 levels"), std::string::npos)
        << f.diagnostics[0].message;
  }
}

TEST(HostileInput, DeepBlockNestingIsTL001ThroughTheBinary) {
  auto dir = temp_dir("deep");
  // Block sequences nest on one line: `- - - x`.
  std::string text;
  for (int i = 0; i < 10'000; ++i) text += "- ";
  text += "x\n";
  write_file(dir / "deep.yaml", text);
  write_file(dir / "ok.yaml", "a: [b\n");
  CommandResult r = run_capped("--format gcc .", dir, 1024);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("deep.yaml:"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("nesting deeper than"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("ok.yaml:2:1: error"), std::string::npos)
      << "the other file is still linted:\n"
      << r.out;
  fs::remove_all(dir);
}

TEST(HostileInput, InvalidUtf8IsTL001AtTheBadByte) {
  const std::string text =
      "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: \xff\xfe bad\n---\n" + kValidDeployment;
  LoadedFile f = load_yaml(std::make_shared<SourceFile>("bin.yaml", text), {});
  ASSERT_EQ(f.diagnostics.size(), 1u);
  EXPECT_EQ(f.diagnostics[0].problem, LoadProblem::Syntax);
  EXPECT_EQ(f.diagnostics[0].position.line, 4u);
  EXPECT_NE(f.diagnostics[0].message.find("UTF-8"), std::string::npos) << f.diagnostics[0].message;
  EXPECT_EQ(f.documents.size(), 1u);

  auto dir = temp_dir("utf8");
  write_file(dir / "bin.yaml", text);
  CommandResult r = run_capped("--format json bin.yaml", dir, 512);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("\"TL001\""), std::string::npos) << r.out;  // and the JSON stays valid UTF-8
  fs::remove_all(dir);
}

std::string big_manifest(std::size_t bytes) {
  std::string doc =
      "---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\n  namespace: platform\ndata:\n"
      "  key: \"0123456789012345678901234567890123456789012345678901234567890123456789\"\n";
  std::string text;
  text.reserve(bytes + doc.size());
  while (text.size() < bytes) text += doc;
  return text;
}

TEST(HostileInput, FiftyMegabyteFileIsAClearErrorAndTheRunGoesOn) {
  auto dir = temp_dir("big");
  write_file(dir / "big.yaml", big_manifest(50u << 20));
  write_file(dir / "small.yaml", "a: [b\n");
  CommandResult r = run_capped("--format gcc big.yaml small.yaml", dir, 512);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find("big.yaml:1:1: error: file is"), std::string::npos) << r.out;
  EXPECT_NE(r.err.find("limits.maxFileBytes"), std::string::npos) << r.err;
  EXPECT_NE(r.out.find("small.yaml:2:1: error"), std::string::npos) << r.out;
  fs::remove_all(dir);
}

TEST(HostileInput, FiftyMegabyteFileLintsInBoundedMemoryWhenAllowed) {
  auto dir = temp_dir("big-allowed");
  write_file(dir / "big.yaml", big_manifest(50u << 20));
  write_file(dir / ".titanlint.yaml",
             "limits: {maxFileBytes: 67108864, maxDocumentsPerFile: 1000000}\n");
  CommandResult r = run_capped("--format json --quiet big.yaml", dir, 2048);
  EXPECT_EQ(r.exit_code, 0) << r.err << r.out.substr(0, 2000);
  EXPECT_NE(r.out.find("\"objects\":"), std::string::npos);
  fs::remove_all(dir);
}

TEST(HostileInput, FiftyMegabytesOnStdinIsRefusedWithoutReadingItAll) {
  auto dir = temp_dir("big-stdin");
  write_file(dir / "big.yaml", big_manifest(50u << 20));
  CommandResult r = run_capped("--format gcc - < big.yaml", dir, 512);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("over the"), std::string::npos) << r.err;
  fs::remove_all(dir);
}

}  // namespace
}  // namespace titanlint::testing

namespace titanlint::testing {
namespace {

// API-server bodies are one long line of JSON: positions must be computed in linear time, or an
// 8 MB line (hundreds of thousands of nodes) would take hours instead of a fraction of a second.
TEST(HostileInput, LongSingleLineJsonLoadsInLinearTime) {
  auto dir = temp_dir("json-line");
  std::string text = R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"wide"},"data":{)";
  for (int i = 0; text.size() < (8u << 20); ++i)
    text += fmt::format("{}\"k{}\":\"v{}\"", i ? "," : "", i, i);
  text += "}}";
  write_file(dir / "wide.json", text);
  CommandResult r = run_titanlint("--format gcc wide.json", dir);
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace titanlint::testing

namespace titanlint::testing {
namespace {

// `count` documents that are lists, not objects: one TL002 finding each, on lines 2, 4, ...
std::string not_objects(int count) {
  std::string text;
  for (int i = 0; i < count; ++i) text += "---\n- x\n";
  return text;
}

// One TL003 error (a duplicate key), nothing else.
const std::string kDuplicateKeyConfigMap =
    "---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: {k: '1',\n  k: '2'}\n";

TEST(FindingsPerFileLimit, ListsTheFirstAndOneTL009ThatCountsTheRest) {
  Config config;
  config.limits.max_findings_per_file = 5;
  LintResult r = lint_text(not_objects(12), {}, config);
  ASSERT_EQ(r.findings.size(), 6u) << describe(r.findings);
  for (std::size_t i = 0; i < 5; ++i) EXPECT_EQ(r.findings[i].code, "TL002");
  const Finding& note = r.findings.back();
  EXPECT_EQ(note.code, "TL009");
  EXPECT_EQ(note.name, "findings-limit");
  EXPECT_EQ(note.severity, Severity::Error);
  EXPECT_EQ(note.position.line, 12u) << "where the listing stops: the 6th finding";
  EXPECT_EQ(note.message,
            "7 more findings in this file are not listed (limits.maxFindingsPerFile is 5): 7 "
            "errors, 0 warnings, 0 infos, 0 suppressed");
  EXPECT_NE(note.remediation().find("raise limits.maxFindingsPerFile"), std::string::npos);
  // The counts keep the dropped findings: 5 listed + 7 dropped + the TL009 itself.
  EXPECT_EQ(r.count(Severity::Error), 13u);
  ASSERT_EQ(r.dropped.size(), 1u);
  EXPECT_EQ(r.dropped[0].total(), 7u);

  config.limits.max_findings_per_file = 12;
  EXPECT_EQ(lint_text(not_objects(12), {}, config).findings.size(), 12u) << "at the limit: all";
}

// The TL009 stands for what it drops: at their highest severity, whatever is listed, and
// reported even when TL009 is not selected, so --fail-on still sees a dropped error.
TEST(FindingsPerFileLimit, TheSummaryTakesTheHighestDroppedSeverity) {
  Config config;
  config.limits.max_findings_per_file = 3;
  config.rules["TL002"].severity = Severity::Info;
  LintOptions only_tl002_tl003;
  only_tl002_tl003.select = {"TL002", "TL003"};
  LintResult r = lint_text(not_objects(4) + kDuplicateKeyConfigMap, only_tl002_tl003, config);
  ASSERT_EQ(r.findings.size(), 4u) << describe(r.findings);
  EXPECT_EQ(r.findings.back().code, "TL009");
  EXPECT_EQ(r.findings.back().severity, Severity::Error) << "a dropped TL003 error";
  EXPECT_NE(r.findings.back().message.find("2 more findings"), std::string::npos);
  EXPECT_NE(r.findings.back().message.find("1 errors, 0 warnings, 1 infos"), std::string::npos);
  EXPECT_EQ(r.count(Severity::Error), 2u);  // the dropped TL003 and the TL009
  EXPECT_EQ(r.count(Severity::Info), 4u);
}

TEST(FindingsPerFileLimit, SuppressedDropsGiveASuppressedSummary) {
  Config config;
  config.limits.max_findings_per_file = 2;
  LintResult r =
      lint_text("# titanlint:ignore-file TL002 -- generated\n" + not_objects(5), {}, config);
  ASSERT_EQ(r.findings.size(), 3u) << describe(r.findings);
  EXPECT_TRUE(r.findings.back().suppressed());
  EXPECT_EQ(to_string(r.findings.back().suppressed_by), "limit");
  EXPECT_EQ(r.count(Severity::Error), 0u);
  EXPECT_EQ(r.suppressed(), 6u);  // 2 listed, 3 dropped, and the summary
}

TEST(FindingsPerFileLimit, AppliesPerFileThroughTheBinaryAndTheExitCodeSeesDroppedErrors) {
  auto dir = temp_dir("findings-limit");
  write_file(dir / "a.yaml", not_objects(4) + kDuplicateKeyConfigMap);
  write_file(dir / "b.yaml", not_objects(3));
  write_file(dir / ".titanlint.yaml", "rules: {TL002: info}\nlimits: {maxFindingsPerFile: 3}\n");
  CommandResult r = run_titanlint("--format json a.yaml b.yaml", dir);
  EXPECT_EQ(r.exit_code, 1) << "the dropped TL003 is an error: " << r.out << r.err;
  auto j = nlohmann::json::parse(r.out);
  ASSERT_EQ(j["findings"].size(), 7u);  // a.yaml: 3 + the TL009; b.yaml: its 3, at the limit
  EXPECT_EQ(j["findings"][3]["code"], "TL009");
  EXPECT_EQ(j["findings"][3]["file"], "a.yaml");
  EXPECT_EQ(j["summary"]["errors"], 2);
  EXPECT_EQ(j["summary"]["infos"], 7);
  fs::remove_all(dir);
}

// Every limit is read from .titanlint.yaml and, when hit, is a finding or error that names its
// config key; the default would not have fired on these inputs.
TEST(Limits, EachIsSetFromTheConfigFileAndNamesItsKey) {
  auto dir = temp_dir("limits-config");
  const std::string head = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm}\n";
  write_file(dir / "deep.yaml", head + "x: [[[[[[[[[[1]]]]]]]]]]\n");
  write_file(dir / "alias.yaml", head + "x: &a [1, 2, 3]\ny: [*a, *a, *a]\n");
  write_file(dir / "docs.yaml", "---\n" + head + "---\n" + head + "---\n" + head);
  write_file(dir / "big.yaml", head + "data: {a: " + std::string(200, 'x') + "}\n");
  write_file(dir / "findings.yaml", not_objects(3));
  write_file(dir / ".titanlint.yaml",
             "limits:\n  maxDepth: 8\n  maxAliasExpansion: 5\n  maxDocumentsPerFile: 2\n"
             "  maxFileBytes: 220\n  maxFindingsPerFile: 2\n");
  CommandResult r = run_titanlint("--format gcc .", dir);
  EXPECT_EQ(r.exit_code, 2) << "big.yaml is an input error";
  for (const char* expected : {
           "alias.yaml:5:",
           "aliases expand to more than 5 nodes",
           "big.yaml:1:1: error: file is 264 bytes, over the 220-byte limit",
           "deep.yaml:4:",
           "nesting deeper than 8 levels",
           "docs.yaml:10:1: error: more than 2 documents in one file",
           "findings.yaml:6:1: error: 1 more findings in this file are not listed "
           "(limits.maxFindingsPerFile is 2)",
       })
    EXPECT_NE(r.out.find(expected), std::string::npos) << expected << "\n" << r.out;
  EXPECT_NE(r.err.find("raise limits.maxFileBytes"), std::string::npos) << r.err;
  CommandResult defaults = run_titanlint("--format gcc --config /dev/null --select TL001 .", dir);
  EXPECT_EQ(defaults.exit_code, 0) << defaults.out << defaults.err;
  fs::remove_all(dir);
}

// limits.maxDepth is capped (kMaxDepthCeiling) where the JSON loader's recursion is still far from
// the stack's end: at the ceiling, deep YAML and JSON are a TL001 or lint, never a crash. (simdjson
// itself refuses JSON deeper than 1024 levels, whatever maxDepth says.)
TEST(Limits, DepthAtTheCeilingNeverCrashes) {
  auto dir = temp_dir("depth-ceiling");
  const std::size_t n = kMaxDepthCeiling + 1000;
  write_file(dir / "deep.json", "{\"a\": " + std::string(n, '[') + std::string(n, ']') + "}");
  write_file(dir / "deep.yaml", "a: " + std::string(n, '[') + std::string(n, ']') + "\n");
  const std::size_t fits = kMaxDepthCeiling - 2;  // with the root mapping: at the ceiling
  write_file(dir / "fits.yaml", "apiVersion: example.com/v1\nkind: Deep\nmetadata: {name: a}\nx: " +
                                    std::string(fits, '[') + std::string(fits, ']') + "\n");
  write_file(dir / ".titanlint.yaml", fmt::format("limits: {{maxDepth: {}}}\n", kMaxDepthCeiling));
  CommandResult r = run_titanlint("--format gcc deep.json deep.yaml fits.yaml", dir);
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.out.find("deep.json:1:"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("deep.yaml:1:4099: error: nesting deeper than 4096 levels"),
            std::string::npos)
      << r.out;
  EXPECT_EQ(r.out.find("fits.yaml:"), std::string::npos) << r.out;
  fs::remove_all(dir);
}

}  // namespace
}  // namespace titanlint::testing
