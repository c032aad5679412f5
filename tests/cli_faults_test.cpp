// CLI faults, with the built binary: files that cannot be read, symlink loops, a file removed
// after the walk listed it, a full disk or a missing directory for --output, a closed or broken
// stdout. Each is a clear message naming the file and the operating system's reason, the rest of
// the run goes on, and the exit code says what happened (interfaces.md "Exit codes").
#include <gtest/gtest.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <optional>
#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include <fmt/format.h>

#include "tests_support.h"

namespace titanlint::testing {
namespace {

namespace fs = std::filesystem;

const std::string kNotAnObject = "- x\n";  // one TL002 finding at 1:1

bool is_root() {
  return ::geteuid() == 0;
}

// A prefix that runs the binary without root's power to read and write anything, so that
// permission tests mean something when the suite runs as root (containers, CI). Empty when the
// suite does not run as root; nullopt when root cannot drop privileges here, or the binary is not
// reachable by an unprivileged user (a build directory under a private home).
std::optional<std::string> unprivileged_prefix() {
  if (!is_root()) return std::string();
  const std::string prefix = "setpriv --reuid=65534 --regid=65534 --clear-groups ";
  const std::string probe =
      fmt::format("cd / && {}'{}' version >/dev/null 2>&1", prefix, TITANLINT_BINARY);
  if (std::system(probe.c_str()) != 0) return std::nullopt;
  return prefix;
}

// Runs a shell script in `cwd` with stdout and stderr captured; `$TITANLINT` is the binary.
CommandResult run_script(const std::string& script, const fs::path& cwd) {
  const fs::path capture = temp_dir("faults-capture");
  const std::string command =
      fmt::format("cd '{}' && {{ export TITANLINT='{}'; {}\n}} > '{}' 2> '{}'", cwd.string(),
                  TITANLINT_BINARY, script, (capture / "out").string(), (capture / "err").string());
  const int status = std::system(command.c_str());
  CommandResult r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  r.out = read_file(capture / "out");
  r.err = read_file(capture / "err");
  fs::remove_all(capture);
  return r;
}

std::set<std::string> directory_listing(const fs::path& dir) {
  std::set<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir)) names.insert(entry.path().filename());
  return names;
}

// `documents` objects that are not Kubernetes objects: one TL002 finding each.
std::string many_findings(int documents) {
  std::string text;
  for (int i = 0; i < documents; ++i) text += "---\n- x\n";
  return text;
}

class CliFaults : public ::testing::Test {
 protected:
  void SetUp() override { dir_ = temp_dir("cli-faults"); }
  void TearDown() override {
    // chmod 000 entries must become removable again.
    std::error_code ec;
    for (auto it = fs::recursive_directory_iterator(dir_, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec))
      if (!it->is_symlink()) fs::permissions(it->path(), fs::perms::owner_all, ec);
    fs::remove_all(dir_);
  }
  CommandResult run(const std::string& args, const std::string& prefix = "") {
    return run_titanlint(args, dir_, "", prefix);
  }
  fs::path dir_;
};

// The read fails for root too: a symlink loop cannot be opened (ELOOP), and /proc/self/mem opens
// but fails at read(2) (EIO). Both are reported with the reason; the other file is linted.
TEST_F(CliFaults, OpenAndReadFailuresNameTheReasonAndTheRunGoesOn) {
  write_file(dir_ / "broken.yaml", "a: [\n");
  fs::create_symlink("loop.yaml", dir_ / "loop.yaml");
  CommandResult r = run("--format gcc loop.yaml /proc/self/mem broken.yaml");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("titanlint: loop.yaml: broken symlink to loop.yaml: Too many levels of "
                       "symbolic links"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("titanlint: /proc/self/mem: cannot read: Input/output error"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.out.find("broken.yaml:2:1: error: YAML syntax error"), std::string::npos) << r.out;
}

TEST_F(CliFaults, PermissionDeniedFilesAndDirectoriesAreReportedAndTheRunGoesOn) {
  std::optional<std::string> prefix = unprivileged_prefix();
  if (!prefix) GTEST_SKIP() << "running as root, and setpriv cannot run the binary as nobody here";
  write_file(dir_ / "k8s" / "secret.yaml", kNotAnObject);
  write_file(dir_ / "k8s" / "locked" / "inside.yaml", kNotAnObject);
  write_file(dir_ / "k8s" / "ok.yaml", kNotAnObject);
  fs::permissions(dir_ / "k8s" / "secret.yaml", fs::perms::none);
  fs::permissions(dir_ / "k8s" / "locked", fs::perms::none);
  CommandResult r = run("k8s", *prefix);
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_NE(r.out.find("k8s/secret.yaml: error: cannot open: Permission denied"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("k8s/locked: error: cannot read the directory: Permission denied"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("k8s/ok.yaml:1:1: error[TL002]"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("2 inputs not read."), std::string::npos) << r.out;
}

// Symlinked files are linted; symlinked directories are followed, each directory once (by device
// and inode) and after the real tree, so loops end, a link into the tree adds nothing and a link
// out of it adds the files there; a file reached twice is linted once, under its real path.
TEST_F(CliFaults, SymlinkLoopsAndLinksAreWalkedWithEachFileOnce) {
  write_file(dir_ / "k8s" / "sub" / "x.yaml", kNotAnObject);
  write_file(dir_ / "outside" / "e.yaml", kNotAnObject);
  write_file(dir_ / "outside.yaml", kNotAnObject);
  fs::create_directory_symlink("..", dir_ / "k8s" / "sub" / "up");     // a loop
  fs::create_directory_symlink("sub", dir_ / "k8s" / "a-alias");       // into the tree
  fs::create_symlink("self", dir_ / "k8s" / "self");                   // a self-loop
  fs::create_directory_symlink("../outside", dir_ / "k8s" / "ext");    // out of the tree
  fs::create_symlink("../outside.yaml", dir_ / "k8s" / "out.yaml");    // a file outside
  fs::create_symlink("sub/x.yaml", dir_ / "k8s" / "twice.yaml");       // a file inside
  fs::create_symlink("nowhere.yaml", dir_ / "k8s" / "dangling.yaml");  // broken
  fs::create_symlink("nowhere", dir_ / "k8s" / "dangling-dir");        // broken, no manifest

  CommandResult r = run("--format json k8s k8s/sub/x.yaml");
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_EQ(findings_of(r),
            (std::multiset<std::string>{"k8s/ext/e.yaml:1:1 TL002", "k8s/out.yaml:1:1 TL002",
                                        "k8s/sub/x.yaml:1:1 TL002"}))
      << r.out;
  auto j = nlohmann::json::parse(r.out);
  ASSERT_EQ(j["errors"].size(), 1u) << j["errors"].dump();
  EXPECT_EQ(j["errors"][0]["path"], "k8s/dangling.yaml");
  EXPECT_EQ(j["errors"][0]["message"], "broken symlink to nowhere.yaml: No such file or directory");
  EXPECT_NE(r.err.find("titanlint: k8s/dangling.yaml: broken symlink"), std::string::npos);
}

// A bind mount of a directory inside itself is a loop without any symlink: the (device, inode)
// check ends it too. Needs a private mount namespace.
TEST_F(CliFaults, BindMountLoopIsWalkedOnce) {
  if (std::system("unshare --user --map-root-user --mount true 2>/dev/null") != 0)
    GTEST_SKIP() << "unshare --user --mount is not permitted here";
  write_file(dir_ / "k8s" / "x.yaml", kNotAnObject);
  fs::create_directories(dir_ / "k8s" / "mnt");
  CommandResult r = run_script(
      "unshare --user --map-root-user --mount sh -c "
      "'mount --bind k8s k8s/mnt && \"$TITANLINT\" --format gcc k8s; echo rc=$?'",
      dir_);
  EXPECT_EQ(r.out,
            "k8s/x.yaml:1:1: error: the document is a list, not a Kubernetes object [TL002]\n"
            "rc=1\n")
      << r.err;
}

// Deterministic, without a test hook: the first argument is a FIFO. titanlint lists every input
// before it reads any, and the FIFO's writer can open it only once titanlint opens it to read, so
// the writer then removes a listed file and truncates another before titanlint reads them.
TEST_F(CliFaults, FileRemovedAfterTheWalkListedItIsAnErrorAndTheRunGoesOn) {
  ASSERT_EQ(::mkfifo((dir_ / "first.yaml").c_str(), 0600), 0);
  write_file(dir_ / "tree" / "a.yaml", kNotAnObject);
  write_file(dir_ / "tree" / "b.yaml", kNotAnObject);
  write_file(dir_ / "tree" / "c.yaml", kNotAnObject);
  CommandResult r = run_script(
      "{ ( exec 3>first.yaml; rm tree/b.yaml; : > tree/c.yaml; printf -- '- x\\n' >&3 ) & }\n"
      "\"$TITANLINT\" --jobs 1 --format gcc first.yaml tree; echo rc=$?",
      dir_);
  // Release a writer still blocked in open() if titanlint never opened the FIFO.
  const int fd = ::open((dir_ / "first.yaml").c_str(), O_RDONLY | O_NONBLOCK);
  if (fd >= 0) ::close(fd);
  EXPECT_EQ(r.out,
            "tree/b.yaml:1:1: error: cannot open: No such file or directory [input]\n"
            "first.yaml:1:1: error: the document is a list, not a Kubernetes object [TL002]\n"
            "tree/a.yaml:1:1: error: the document is a list, not a Kubernetes object [TL002]\n"
            "rc=2\n")
      << r.err;
  EXPECT_NE(r.err.find("titanlint: tree/b.yaml: cannot open: No such file or directory"),
            std::string::npos)
      << r.err;
}

// RLIMIT_FSIZE makes write(2) fail with EFBIG (titanlint ignores SIGXFSZ, which would otherwise
// kill it). Both report files fail, the old report is left as it was, no temporary remains.
TEST_F(CliFaults, OutputOverTheFileSizeLimitLeavesTheOldReportAndNoTemporary) {
  write_file(dir_ / "many.yaml", many_findings(200));
  write_file(dir_ / "report.json", "old report\n");
  // dash counts `ulimit -f` in 512-byte blocks, bash in 1024: either is far below the reports.
  CommandResult r = run("--format json --output report.json --format sarif=out.sarif many.yaml",
                        "ulimit -f 2 && ");
  EXPECT_EQ(r.exit_code, 2) << "not killed by SIGXFSZ (153), not a success: " << r.err;
  EXPECT_NE(r.err.find("titanlint: cannot write report.json: File too large\n"), std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("titanlint: cannot write out.sarif: File too large\n"), std::string::npos)
      << r.err;
  EXPECT_EQ(read_file(dir_ / "report.json"), "old report\n");
  EXPECT_EQ(directory_listing(dir_), (std::set<std::string>{"many.yaml", "report.json"}));
}

// A real full disk: a 64 KiB tmpfs in a private user and mount namespace.
TEST_F(CliFaults, OutputOnAFullDiskLeavesTheOldReportAndNoTemporary) {
  if (std::system("unshare --user --map-root-user --mount true 2>/dev/null") != 0)
    GTEST_SKIP() << "unshare --user --mount is not permitted here";
  write_file(dir_ / "many.yaml", many_findings(600));  // about 300 KB of json
  fs::create_directories(dir_ / "full");
  CommandResult r = run_script(
      "unshare --user --map-root-user --mount sh -c '"
      "mount -t tmpfs -o size=64k tmpfs full && echo old report > full/report.json && "
      "\"$TITANLINT\" --format json -o full/report.json many.yaml; echo rc=$?; "
      "cat full/report.json; ls -A full'",
      dir_);
  EXPECT_EQ(r.out, "rc=2\nold report\nreport.json\n") << r.err;
  EXPECT_EQ(r.err, "titanlint: cannot write full/report.json: No space left on device\n");
}

TEST_F(CliFaults, OutputDirectoryMissingOrNotWritableIsAClearError) {
  write_file(dir_ / "a.yaml", kNotAnObject);
  write_file(dir_ / "plain-file", "");
  CommandResult missing = run("--output no-such-dir/report.txt a.yaml");
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_EQ(missing.err,
            "titanlint: cannot write no-such-dir/report.txt: No such file or directory\n");
  CommandResult not_dir = run("--format sarif=plain-file/out.sarif a.yaml");
  EXPECT_EQ(not_dir.exit_code, 2);
  EXPECT_NE(not_dir.err.find("titanlint: cannot write plain-file/out.sarif: Not a directory"),
            std::string::npos)
      << not_dir.err;
  fs::create_directories(dir_ / "a-directory");
  CommandResult is_dir = run("--output a-directory a.yaml");
  EXPECT_EQ(is_dir.exit_code, 2);
  EXPECT_EQ(is_dir.err, "titanlint: cannot write a-directory: Is a directory\n");

  std::optional<std::string> prefix = unprivileged_prefix();
  if (!prefix) GTEST_SKIP() << "running as root, and setpriv cannot run the binary as nobody here";
  // Root-owned and 0755 keeps an unprivileged process out; as another user, 0555 does.
  fs::create_directories(dir_ / "read-only");
  fs::permissions(dir_ / "read-only", fs::perms::owner_read | fs::perms::owner_exec |
                                          fs::perms::group_read | fs::perms::group_exec |
                                          fs::perms::others_read | fs::perms::others_exec);
  CommandResult denied = run("--output read-only/report.txt a.yaml", *prefix);
  EXPECT_EQ(denied.exit_code, 2);
  EXPECT_EQ(denied.err, "titanlint: cannot write read-only/report.txt: Permission denied\n");
  EXPECT_TRUE(fs::is_empty(dir_ / "read-only"));
}

// An existing report keeps its permissions, a symlinked report path keeps its link (the target is
// replaced), and a path that is not a regular file is written to, never replaced: as root,
// renaming over /dev/null would replace the device with a file.
TEST_F(CliFaults, ReplacingAReportKeepsModeLinksAndDevices) {
  write_file(dir_ / "a.yaml", kNotAnObject);
  write_file(dir_ / "reports" / "report.txt", "old\n");
  fs::permissions(dir_ / "reports" / "report.txt",
                  fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read);
  fs::create_symlink("reports/report.txt", dir_ / "link.txt");
  CommandResult r = run("--output link.txt a.yaml");
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_TRUE(fs::is_symlink(dir_ / "link.txt"));
  EXPECT_NE(read_file(dir_ / "reports" / "report.txt").find("[TL002]"), std::string::npos);
  EXPECT_EQ(fs::status(dir_ / "reports" / "report.txt").permissions(),
            fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read);
  EXPECT_EQ(directory_listing(dir_ / "reports"), (std::set<std::string>{"report.txt"}));

  CommandResult device = run("--output /dev/null a.yaml");
  EXPECT_EQ(device.exit_code, 1) << device.err;
  EXPECT_TRUE(fs::is_character_file("/dev/null"));
}

// `titanlint k8s/ | head -c 1`: the reader goes away. No SIGPIPE death and no noise on stderr;
// the files are still written and the exit code still says what the lint found.
TEST_F(CliFaults, BrokenPipeOnStdoutIsQuietAndTheExitCodeStillReportsFindings) {
  // About 700 KB of text, far more than a pipe holds: the write after `head` exits gets EPIPE.
  for (int i = 0; i < 4; ++i) write_file(dir_ / fmt::format("m{}.yaml", i), many_findings(900));
  CommandResult r = run_script(
      "{ \"$TITANLINT\" --format text --format sarif=out.sarif m0.yaml m1.yaml m2.yaml m3.yaml "
      "2>stderr.txt; echo $? > rc.txt; } | head -c 1 > /dev/null",
      dir_);
  EXPECT_EQ(read_file(dir_ / "rc.txt"), "1\n");
  EXPECT_EQ(read_file(dir_ / "stderr.txt"), "");
  auto sarif = nlohmann::json::parse(read_file(dir_ / "out.sarif"));
  EXPECT_EQ(sarif["runs"][0]["results"].size(), 3600u);
}

// A closed stdout or a full disk behind it lost the report: a message and exit 2, never a
// success that printed nothing (and never a report written into a file that took descriptor 1).
TEST_F(CliFaults, ClosedOrFullStdoutIsExit2) {
  write_file(dir_ / "a.yaml", kNotAnObject);
  write_file(dir_ / "ok.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n");
  CommandResult closed = run_script("\"$TITANLINT\" a.yaml >&-; echo rc=$? >&2", dir_);
  EXPECT_EQ(closed.err,
            "titanlint: cannot write the report to standard output: Bad file descriptor\nrc=2\n");
  CommandResult clean = run_script("\"$TITANLINT\" ok.yaml >&-; echo rc=$? >&2", dir_);
  EXPECT_EQ(clean.err,
            "titanlint: cannot write the report to standard output: Bad file descriptor\nrc=2\n");
  CommandResult full = run_script("\"$TITANLINT\" a.yaml > /dev/full; echo rc=$? >&2", dir_);
  EXPECT_EQ(full.err,
            "titanlint: cannot write the report to standard output: No space left on device\n"
            "rc=2\n");
}

TEST_F(CliFaults, UnreadableConfigFileNamesTheReason) {
  write_file(dir_ / "a.yaml", kNotAnObject);
  fs::create_directories(dir_ / "config-dir");
  CommandResult dir_config = run("--config config-dir a.yaml");
  EXPECT_EQ(dir_config.exit_code, 2);
  EXPECT_EQ(dir_config.err,
            "titanlint: config error: config-dir: cannot read the config file: Is a directory\n");
  write_file(dir_ / "huge.yaml", "# " + std::string(2u << 20, 'x') + "\n");
  CommandResult huge = run("--config huge.yaml a.yaml");
  EXPECT_EQ(huge.exit_code, 2);
  EXPECT_EQ(huge.err,
            "titanlint: config error: huge.yaml: the config file is over 1048576 bytes\n");
}

}  // namespace
}  // namespace titanlint::testing
