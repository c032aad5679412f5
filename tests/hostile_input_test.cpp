// Hostile input: each case gives a clear finding or error, never a crash, within bounded time
// (the ctest TIMEOUT) and memory (the binary runs under `ulimit -v`).
#include <gtest/gtest.h>

#include <sys/wait.h>

#include <fmt/format.h>

#include "tests_support.h"
#include "yaml_loader.h"

namespace titanlint::testing {
namespace {

namespace fs = std::filesystem;

// The binary with its address space capped, so a memory blow-up fails instead of swapping.
CommandResult run_capped(const std::string& args, const fs::path& cwd, std::size_t megabytes) {
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
  EXPECT_EQ(f.diagnostics[0].code, "TL001");
  EXPECT_NE(f.diagnostics[0].message.find("alias bomb"), std::string::npos);
  ASSERT_EQ(f.documents.size(), 1u);
  EXPECT_EQ(f.documents[0].root->at({"metadata", "name"})->text, "fine");
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
  EXPECT_EQ(f.diagnostics[0].code, "TL001");
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
  auto dir = std::filesystem::temp_directory_path() / "titanlint-test-json-line";
  std::filesystem::create_directories(dir);
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
