// Helpers shared by the test suites: paths, running the built binary, linting text in-process.
#pragma once

#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <span>
#include <string>
#include <vector>

#include "config.h"
#include "engine.h"

// Sanitizer builds (the asan and tsan presets): the tests and the titanlint they spawn are
// instrumented. Such binaries reserve terabytes of address space, so `ulimit -v` cannot cap them.
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define TITANLINT_TEST_ASAN 1
#endif
#if __has_feature(thread_sanitizer)
#define TITANLINT_TEST_TSAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define TITANLINT_TEST_ASAN 1
#endif
#if defined(__SANITIZE_THREAD__)
#define TITANLINT_TEST_TSAN 1
#endif

namespace titanlint::testing {

#if defined(TITANLINT_TEST_ASAN) || defined(TITANLINT_TEST_TSAN)
inline constexpr bool kSanitized = true;
#else
inline constexpr bool kSanitized = false;
#endif

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
std::string describe(std::span<const Finding> findings);

// Findings taken out of a LintResult, with what they point into: a finding's strings are views into
// the source and the result's arenas, which `keep_alive` holds. The vector is a private base so a
// Findings cannot be sliced into a plain std::vector<Finding> (that dropped keep_alive and left
// the views dangling; ASan caught it in the peer fixture tests).
class Findings : private std::vector<Finding> {
 public:
  using vector::back;
  using vector::begin;
  using vector::data;
  using vector::empty;
  using vector::end;
  using vector::front;
  using vector::push_back;
  using vector::size;
  using vector::value_type;
  using vector::operator[];

  std::shared_ptr<const void> keep_alive;

  // The findings `keep` accepts (all of them when `keep` is null), with the same keep_alive.
  Findings only(const std::function<bool(const Finding&)>& keep) const;
};

// Lints one file in-process with only `codes` enabled; returns its unsuppressed findings.
Findings lint_with(const std::filesystem::path& path, const std::vector<std::string>& codes,
                   const Config& config = {});

// Lints one file in-process with only `code` enabled (and these options for it); returns its
// unsuppressed findings, and fails the test if another code shows up.
Findings lint_with_only(const std::filesystem::path& path, const std::string& code,
                        std::map<std::string, OptionValue> options = {});

// "file:line:col CODE" of every unsuppressed finding in a `--format json` run's output.
std::multiset<std::string> findings_of(const CommandResult& result);

// "line:CODE" for each unsuppressed finding, in order.
std::vector<std::string> line_codes(const LintResult& result);

}  // namespace titanlint::testing
