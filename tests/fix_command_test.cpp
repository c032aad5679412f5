// `titanlint fix` end to end: writing in place (mode kept, idempotent), --diff (a patch that
// `patch -p1` applies to the same result), stdin, helm streams, the secret in a diff, and files
// that cannot be written or changed since they were read.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <optional>

#include <fmt/format.h>

#include "fix_write.h"
#include "tests_support.h"

namespace titanlint::testing {
namespace {

namespace fs = std::filesystem;

// A Deployment with two fixable findings (TL201 and, once the preStop sleep is there, TL203)
// and one without a fix (TL101: a probe's path is the author's to choose).
const std::string kApp =
    "# the api\n"
    "apiVersion: apps/v1\n"
    "kind: Deployment\n"
    "metadata:\n"
    "  name: api\n"
    "spec:\n"
    "  selector:\n"
    "    matchLabels: {app: api}\n"
    "  strategy:\n"
    "    rollingUpdate: {maxSurge: 1, maxUnavailable: 0}\n"
    "  template:\n"
    "    metadata:\n"
    "      labels: {app: api}\n"
    "    spec:\n"
    "      containers:\n"
    "        - name: api  # the app\n"
    "          image: registry.example.com/api:1.0\n"
    "          ports: [{containerPort: 8080}]\n";

class FixCommand : public ::testing::Test {
 protected:
  void SetUp() override { dir_ = temp_dir("fix-command"); }
  void TearDown() override { fs::remove_all(dir_); }
  CommandResult run(const std::string& args, const std::string& stdin_text = "",
                    const std::string& prefix = "") {
    return run_titanlint(args, dir_, stdin_text, prefix);
  }
  fs::path dir_;
};

TEST_F(FixCommand, WritesInPlaceKeepsTheModeAndIsIdempotent) {
  write_file(dir_ / "app.yaml", kApp);
  ::chmod((dir_ / "app.yaml").c_str(), 0640);
  CommandResult r = run("fix app.yaml");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("app.yaml:16:11: TL201 fixed: add a preStop hook that sleeps 10s"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("TL203 fixed: set terminationGracePeriodSeconds to 45"), std::string::npos)
      << r.out;
  EXPECT_NE(r.err.find("fixed 2 findings in 1 file"), std::string::npos) << r.err;
  const std::string fixed = read_file(dir_ / "app.yaml");
  EXPECT_NE(fixed.find("          lifecycle:\n            preStop:\n"), std::string::npos) << fixed;
  EXPECT_NE(fixed.find("      terminationGracePeriodSeconds: 45\n"), std::string::npos) << fixed;
  EXPECT_NE(fixed.find("        - name: api  # the app\n"), std::string::npos);
  EXPECT_TRUE(fixed.starts_with("# the api\n"));
  struct stat st {};
  ASSERT_EQ(::stat((dir_ / "app.yaml").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0640u);
  // No temporary file left behind.
  EXPECT_EQ(std::distance(fs::directory_iterator(dir_), fs::directory_iterator()), 1);

  CommandResult again = run("fix app.yaml");
  EXPECT_EQ(again.exit_code, 0);
  EXPECT_EQ(again.out, "");
  EXPECT_EQ(read_file(dir_ / "app.yaml"), fixed);
  // What a lint still reports has no fix: the probes.
  CommandResult lint = run("--format gcc --select TL201,TL202,TL203,TL204,TL205 app.yaml");
  EXPECT_EQ(lint.out, "");
}

TEST_F(FixCommand, DiffWritesNothingAndPatchAppliesIt) {
  write_file(dir_ / "app.yaml", kApp);
  CommandResult diff = run("fix --diff app.yaml");
  EXPECT_EQ(diff.exit_code, 1) << diff.err;  // something to fix
  EXPECT_EQ(read_file(dir_ / "app.yaml"), kApp);
  EXPECT_TRUE(diff.out.starts_with("--- a/app.yaml\n+++ b/app.yaml\n@@ ")) << diff.out;
  EXPECT_NE(diff.err.find("would fix 2 findings in 1 file"), std::string::npos) << diff.err;

  // The diff is the fix: patch(1) makes of it what `fix` writes.
  fs::create_directories(dir_ / "patched");
  write_file(dir_ / "patched" / "app.yaml", kApp);
  write_file(dir_ / "app.diff", diff.out);
  const std::string patch =
      fmt::format("cd '{}' && patch -s -p1 < ../app.diff", (dir_ / "patched").string());
  ASSERT_EQ(std::system(patch.c_str()), 0);
  ASSERT_EQ(run("fix -q app.yaml").exit_code, 0);
  EXPECT_EQ(read_file(dir_ / "patched" / "app.yaml"), read_file(dir_ / "app.yaml"));

  CommandResult clean = run("fix --diff app.yaml");
  EXPECT_EQ(clean.exit_code, 0);
  EXPECT_EQ(clean.out, "");
}

// The same diff and the same report on every number of threads, over every fix fixture at once.
TEST_F(FixCommand, OutputDoesNotDependOnThreads) {
  for (const auto& entry : fs::directory_iterator(source_dir() / "testdata" / "fix"))
    if (entry.path().filename().string().find(".fixed.") == std::string::npos)
      fs::copy_file(entry.path(), dir_ / entry.path().filename());
  const CommandResult serial = run("fix --diff -j 1 .");
  EXPECT_EQ(serial.exit_code, 1) << serial.err;
  EXPECT_FALSE(serial.out.empty());
  for (const char* jobs : {"2", "4"}) {
    const CommandResult parallel = run(std::string("fix --diff -j ") + jobs + " .");
    EXPECT_EQ(parallel.out, serial.out) << jobs;
    EXPECT_EQ(parallel.err, serial.err) << jobs;
  }
}

TEST_F(FixCommand, SelectAndIgnoreChooseTheFixes) {
  write_file(dir_ / "app.yaml", kApp);
  CommandResult only_grace = run("fix --diff --select TL203 app.yaml");
  EXPECT_EQ(only_grace.out.find("preStop"), std::string::npos) << only_grace.out;
  EXPECT_NE(only_grace.out.find("+      terminationGracePeriodSeconds: 35"), std::string::npos)
      << only_grace.out;
  CommandResult ignored = run("fix --diff --ignore TL2 app.yaml");
  EXPECT_EQ(ignored.exit_code, 0);
  EXPECT_EQ(ignored.out, "");
  CommandResult typo = run("fix --select TL2O3 app.yaml");
  EXPECT_EQ(typo.exit_code, 2);
}

TEST_F(FixCommand, SuppressedFindingsAreNeverFixed) {
  std::string suppressed = kApp;
  suppressed.replace(suppressed.find("        - name: api  # the app"), 30,
                     "        # titanlint:ignore TL201 drained by the mesh\n        - name: api");
  write_file(dir_ / "app.yaml", suppressed);
  CommandResult r = run("fix --diff --select TL201 app.yaml");
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(r.out, "");
}

TEST_F(FixCommand, StdinWritesTheFixedStreamAndHelmStreamsAreLeftAlone) {
  CommandResult r = run("fix -", kApp);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("terminationGracePeriodSeconds: 45"), std::string::npos) << r.out;
  EXPECT_TRUE(r.out.starts_with("# the api\n"));
  EXPECT_NE(r.err.find("<stdin>:16:11: TL201 fixed"), std::string::npos) << r.err;

  const std::string helm = "---\n# Source: api/templates/deployment.yaml\n" + kApp;
  CommandResult h = run("fix -", helm);
  EXPECT_EQ(h.exit_code, 0) << h.err;
  EXPECT_EQ(h.out, helm);
  EXPECT_NE(h.err.find("helm template output"), std::string::npos) << h.err;
  EXPECT_NE(h.err.find("fix the templates"), std::string::npos) << h.err;
}

TEST_F(FixCommand, ASecretValueNeverReachesTheDiff) {
  std::string app = kApp +
                    "          env:\n            - name: DATABASE_PASSWORD\n"
                    "              value: hunter2-s3cr3t\n";
  write_file(dir_ / "app.yaml", app);
  CommandResult r = run("fix --diff --select TL302 app.yaml");
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.out.find("secretKeyRef"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("hunter2"), std::string::npos) << r.out;
  EXPECT_EQ(r.err.find("hunter2"), std::string::npos) << r.err;
}

TEST_F(FixCommand, AFileChangedSinceItWasReadIsNotWritten) {
  write_file(dir_ / "app.yaml", "edited by someone else\n");
  const std::string error =
      cli::write_fixed_file((dir_ / "app.yaml").string(), kApp, "fixed\n", LoadLimits{});
  EXPECT_NE(error.find("changed since it was read; not written"), std::string::npos) << error;
  EXPECT_EQ(read_file(dir_ / "app.yaml"), "edited by someone else\n");
  EXPECT_EQ(cli::write_fixed_file((dir_ / "app.yaml").string(), "edited by someone else\n",
                                  "fixed\n", LoadLimits{}),
            "");
  EXPECT_EQ(read_file(dir_ / "app.yaml"), "fixed\n");
  const std::string missing =
      cli::write_fixed_file((dir_ / "gone.yaml").string(), kApp, "fixed\n", LoadLimits{});
  EXPECT_NE(missing.find("cannot open"), std::string::npos) << missing;
  EXPECT_FALSE(fs::exists(dir_ / "gone.yaml"));
}

// A directory the process cannot write: the file there stays as it was, the other file is
// fixed, and the exit code is 2. As root, the binary runs as nobody (setpriv).
TEST_F(FixCommand, AnUnwritableDirectoryIsAnErrorAndTheRunGoesOn) {
  std::optional<std::string> prefix;
  if (::geteuid() != 0) {
    prefix = "";
  } else if (std::system(fmt::format("cd / && setpriv --reuid=65534 --regid=65534 "
                                     "--clear-groups '{}' version >/dev/null 2>&1",
                                     TITANLINT_BINARY)
                             .c_str()) == 0) {
    prefix = "setpriv --reuid=65534 --regid=65534 --clear-groups ";
  }
  if (!prefix) GTEST_SKIP() << "running as root, and setpriv cannot run the binary as nobody";
  fs::create_directories(dir_ / "locked");
  fs::create_directories(dir_ / "open");
  write_file(dir_ / "locked" / "app.yaml", kApp);
  write_file(dir_ / "open" / "app.yaml", kApp);
  ::chmod((dir_ / "locked").c_str(), 0555);
  ::chmod((dir_ / "open").c_str(), 0777);
  ::chmod((dir_ / "open" / "app.yaml").c_str(), 0666);
  ::chmod(dir_.c_str(), 0755);
  CommandResult r = run("fix locked/app.yaml open/app.yaml", "", *prefix);
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("cannot write locked/app.yaml: Permission denied"), std::string::npos)
      << r.err;
  EXPECT_EQ(read_file(dir_ / "locked" / "app.yaml"), kApp);
  EXPECT_NE(read_file(dir_ / "open" / "app.yaml"), kApp);
  EXPECT_EQ(std::distance(fs::directory_iterator(dir_ / "locked"), fs::directory_iterator()), 1);
  ::chmod((dir_ / "locked").c_str(), 0755);
}

}  // namespace
}  // namespace titanlint::testing
