// .titanlint.yaml: valid settings, and every mistake is a ConfigError with its position.
#include <gtest/gtest.h>

#include "builtin_rules.h"
#include "config.h"
#include "tests_support.h"

namespace titanlint::testing {
namespace {

Config parse(const std::string& text) {
  return parse_config(std::make_shared<SourceFile>(".titanlint.yaml", text), builtin_registry());
}

void expect_error(const std::string& text, std::uint32_t line, std::uint32_t column,
                  const std::string& needle) {
  try {
    parse(text);
    ADD_FAILURE() << "no error for:\n" << text;
  } catch (const ConfigError& e) {
    EXPECT_EQ(e.position().line, line) << e.describe();
    EXPECT_EQ(e.position().column, column) << e.describe();
    EXPECT_NE(e.describe().find(needle), std::string::npos) << e.describe();
    EXPECT_TRUE(e.describe().starts_with(".titanlint.yaml:")) << e.describe();
  }
}

TEST(Config, EmptyFileIsTheDefault) {
  Config c = parse("");
  EXPECT_TRUE(c.rules.empty());
  EXPECT_FALSE(c.partial);
}

TEST(Config, ReadsEverySection) {
  Config c = parse(
      "rules:\n  TL003: warning\n  yaml-syntax: off\n  TL002: {severity: info}\nexclude: "
      "['charts/vendor/**']\n"
      "partial: true\nlimits: {maxDepth: 64, maxFileBytes: 1000}\n"
      "webhook:\n  mode: warn\n  allowAnnotationIgnores: true\n  namespaces: {exclude: "
      "[kube-system, x]}\n");
  EXPECT_EQ(c.rules.at("TL003").severity, Severity::Warning);
  EXPECT_TRUE(c.rules.at("TL001").off);
  EXPECT_EQ(c.rules.at("TL002").severity, Severity::Info);
  EXPECT_EQ(c.exclude, (std::vector<std::string>{"charts/vendor/**"}));
  EXPECT_TRUE(c.partial);
  EXPECT_EQ(c.limits.max_depth, 64u);
  EXPECT_EQ(c.limits.max_file_bytes, 1000u);
  EXPECT_EQ(c.webhook.mode, WebhookMode::Warn);
  EXPECT_TRUE(c.webhook.allow_annotation_ignores);
  EXPECT_EQ(c.webhook.excluded_namespaces.size(), 2u);
}

TEST(Config, ErrorsCarryLineAndColumn) {
  expect_error("rules:\n  TL999: off\n", 2, 3, "unknown rule \"TL999\"");
  expect_error("rules:\n  TL003: loud\n", 2, 10, "must be off, error, warning, info");
  expect_error("rulez: {}\n", 1, 1, "unknown key \"rulez\"");
  expect_error("rules:\n  TL003: {threshold: 3}\n", 2, 11, "has no option \"threshold\"");
  expect_error("partial: maybe\n", 1, 10, "must be true or false");
  expect_error("limits:\n  maxDepth: deep\n", 2, 13, "must be an integer");
  expect_error("webhook: {mode: block}\n", 1, 17, "enforce, warn or audit");
  expect_error("exclude: charts\n", 1, 10, "list of strings");
  expect_error("rules: [\n", 2, 1, "YAML syntax error");
  expect_error("rules:\n  TL205: {max: lots}\n", 2, 16, "TL205.max: must be a pod count");
  expect_error("rules:\n  TL105: {minSeconds: -5}\n", 2, 23, "at least 0");
  expect_error("rules:\n  TL108: {livenessPaths: /healthz}\n", 2, 26, "list of strings");
  expect_error("a: 1\na: 2\n", 2, 1, "duplicate key");
}

TEST(Config, EveryLimitIsReadAndValidated) {
  Config c = parse(
      "limits:\n  maxFileBytes: 1000\n  maxDepth: 4096\n  maxAliasExpansion: 0\n"
      "  maxDocumentsPerFile: 3\n  maxFindingsPerFile: 7\n");
  EXPECT_EQ(c.limits.max_file_bytes, 1000u);
  EXPECT_EQ(c.limits.max_depth, kMaxDepthCeiling);
  EXPECT_EQ(c.limits.max_alias_expansion, 0u);
  EXPECT_EQ(c.limits.max_documents, 3u);
  EXPECT_EQ(c.limits.max_findings_per_file, 7u);
  EXPECT_EQ(parse("").limits.max_findings_per_file, 1000u);

  expect_error("limits:\n  maxFindingsPerFile: 0\n", 2, 23, "at least 1");
  expect_error("limits:\n  maxFindingsPerFile: many\n", 2, 23, "must be an integer");
  expect_error("limits:\n  maxDepth: 100000\n", 2, 13, "limits.maxDepth must be at most 4096");
  expect_error("limits:\n  maxDepth: 4\n", 2, 13, "at least 8");
  expect_error("limits:\n  maxDocumentsPerFile: 4294967296\n", 2, 24,
               "limits.maxDocumentsPerFile must be at most 4294967295");
  expect_error("limits:\n  maxFindingsPerFile: 4294967296\n", 2, 23, "at most 4294967295");
  expect_error("limits:\n  maxFileBytes: -1\n", 2, 17, "at least 1");
  expect_error("limits:\n  maxFileBytes: 4294967296\n", 2, 17, "at most 4294967295");
  expect_error("limits:\n  maxFindings: 5\n", 2, 3, "maxFindingsPerFile");
  expect_error("limits: 5\n", 1, 9, "limits must be a mapping");
}

TEST(Config, FoundUpwardFromTheWorkingDirectory) {
  auto dir = temp_dir("config-upward");
  write_file(dir / ".titanlint.yaml", "partial: true\n");
  std::filesystem::create_directories(dir / "a" / "b");
  auto found = find_config_upward(dir / "a" / "b");
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(std::filesystem::canonical(*found),
            std::filesystem::canonical(dir / ".titanlint.yaml"));
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace titanlint::testing
