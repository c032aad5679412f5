// `--jobs N` never changes the output: every format is byte-identical for 1, 2, 4 and 8 threads
// and across repeated runs, on the guide, the real-world manifests, the rule fixtures, the
// generated corpora and a tree with unreadable and broken files. The parallel pipeline's order
// of work differs from run to run; its output must not.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "corpus_generator.h"
#include "tests_support.h"

namespace titanlint::testing {
namespace {

namespace fs = std::filesystem;

const std::vector<std::string> kFormats = {"text", "gcc", "json", "sarif", "github", "junit"};
// Under a sanitizer a run is 5-20x slower: fewer repetitions still cross every thread count.
const int kRepetitions = kSanitized ? 1 : 3;

// Runs `args` with every --jobs value, several times, writing every format at once (one run
// exercises all six writers), and expects each format's text to equal the --jobs 1 run's.
void expect_same_for_every_jobs(const std::string& args, const fs::path& cwd,
                                const std::string& stdin_text = "") {
  std::string outputs;
  for (const std::string& format : kFormats)
    outputs += " --format " + format + "=" + format + ".out";
  auto run = [&](int jobs) {
    for (const std::string& format : kFormats) fs::remove(cwd / (format + ".out"));
    CommandResult r =
        run_titanlint("--jobs " + std::to_string(jobs) + outputs + " " + args, cwd, stdin_text);
    std::vector<std::string> texts;
    for (const std::string& format : kFormats) texts.push_back(read_file(cwd / (format + ".out")));
    texts.push_back("exit " + std::to_string(r.exit_code) + "\n" + r.err);
    return texts;
  };
  const std::vector<std::string> serial = run(1);
  ASSERT_FALSE(serial[1].empty()) << "the gcc output has no findings: " << serial.back();
  for (int repetition = 0; repetition < kRepetitions; ++repetition)
    for (int jobs : {2, 4, 8, 1}) {
      const std::vector<std::string> parallel = run(jobs);
      for (std::size_t i = 0; i < kFormats.size(); ++i)
        ASSERT_EQ(parallel[i], serial[i])
            << kFormats[i] << " differs with --jobs " << jobs << " (" << args << ")";
      ASSERT_EQ(parallel.back(), serial.back()) << "exit code or stderr, --jobs " << jobs;
    }
}

class Jobs : public ::testing::Test {
 protected:
  void SetUp() override { dir_ = temp_dir("jobs"); }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

TEST_F(Jobs, GuideRealWorldAndFixtures) {
  const fs::path testdata = source_dir() / "testdata";
  expect_same_for_every_jobs((testdata / "guide").string(), dir_);
  expect_same_for_every_jobs((testdata / "realworld").string(), dir_);
  expect_same_for_every_jobs((testdata / "rules").string(), dir_);
  expect_same_for_every_jobs((testdata / "peers").string(), dir_);
}

TEST_F(Jobs, GeneratedCorpora) {
  const std::size_t documents = kSanitized ? 200 : 2000;
  bench::write_realistic_and_heavy_corpora(dir_, documents);
  expect_same_for_every_jobs("realistic", dir_);
  expect_same_for_every_jobs("heavy", dir_);
}

// Unreadable and broken inputs among good ones, helm output on stdin naming a file that is also
// linted from disk, and a file over limits.maxFindingsPerFile: each is reported as with one
// thread, wherever in the order it comes.
TEST_F(Jobs, ErrorsStdinAndCapsAreReportedTheSameWay) {
  const fs::path tree = dir_ / "tree";
  for (int i = 0; i < 40; ++i)
    write_file(tree / ("ok-" + std::to_string(100 + i) + ".yaml"),
               "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c" + std::to_string(i) +
                   "}\ndata: {k: v, k: w}\n");
  write_file(tree / "broken.yaml", "a: [\n");
  write_file(tree / "not-utf8.yaml", std::string("a: \xff\xfe\n"));
  write_file(tree / "big.yaml", std::string(2000, '#') + "\n");
  fs::create_symlink("does-not-exist.yaml", tree / "dangling.yaml");
  std::string many;
  for (int i = 0; i < 30; ++i) many += "---\n- item\n";
  write_file(tree / "many.yaml", many);
  write_file(dir_ / ".titanlint.yaml", "limits: {maxFileBytes: 1000, maxFindingsPerFile: 10}\n");
  const std::string helm_stream =
      "---\n# Source: chart/templates/a.yaml\napiVersion: v1\nkind: ConfigMap\n"
      "metadata: {name: from-helm}\ndata: {x: 1, x: 2}\n";
  expect_same_for_every_jobs("tree missing.yaml -", dir_, helm_stream);
}

TEST_F(Jobs, ZeroOrNotANumberIsAUsageError) {
  write_file(dir_ / "ok.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n");
  for (const char* value : {"0", "-1", "two", "1.5", ""}) {
    CommandResult r = run_titanlint(std::string("--jobs '") + value + "' ok.yaml", dir_);
    EXPECT_EQ(r.exit_code, 2) << "--jobs '" << value << "': " << r.err;
    EXPECT_NE(r.err.find("--jobs"), std::string::npos) << r.err;
  }
  EXPECT_EQ(run_titanlint("-j 3 ok.yaml", dir_).exit_code, 0);
}

}  // namespace
}  // namespace titanlint::testing
