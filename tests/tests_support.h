// Helpers shared by the test suites: paths, running the built binary, linting text in-process.
#pragma once

#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "config.h"
#include "engine.h"

namespace titanlint::testing {

std::filesystem::path source_dir();
std::string read_file(const std::filesystem::path& path);
void write_file(const std::filesystem::path& path, const std::string& text);
// A fresh empty directory under the system temp dir, removed at exit of the test process.
std::filesystem::path temp_dir(const std::string& name);

struct CommandResult {
  int exit_code = -1;
  std::string out;  // stdout
  std::string err;  // stderr
};
// Runs the built titanlint with `args` (a shell fragment, already quoted) in `cwd`; `stdin_text`
// is piped in; `prefix` is a shell fragment run before (e.g. "ulimit -v 1048576 && ").
CommandResult run_titanlint(const std::string& args,
                            const std::filesystem::path& cwd = source_dir(),
                            const std::string& stdin_text = "", const std::string& prefix = "");

// Lints YAML text in-process with the built-in rules.
LintResult lint_text(const std::string& yaml, LintOptions options = {}, const Config& config = {},
                     const std::string& path = "test.yaml");

// testdata/peers/: other linters' fixtures, with their licence (NOTICE.md).
std::filesystem::path peers_dir();

// "  line: CODE message" per finding, for assertion messages; "  (none)" when empty.
std::string describe(const std::vector<Finding>& findings);

// Lints one file in-process with only `code` enabled (and these options for it); returns its
// unsuppressed findings, and fails the test if another code shows up.
std::vector<Finding> lint_with_only(const std::filesystem::path& path, const std::string& code,
                                    std::map<std::string, OptionValue> options = {});

// "file:line:col CODE" of every unsuppressed finding in a `--format json` run's output.
std::multiset<std::string> findings_of(const CommandResult& result);

// "line:CODE" for each unsuppressed finding, in order.
std::vector<std::string> line_codes(const LintResult& result);

}  // namespace titanlint::testing
