// The subcommands of the titanlint binary. Each returns the process exit code.
#pragma once

#include <string>
#include <vector>

#include <CLI/CLI.hpp>

namespace titanlint::cli {

// Exit codes (interfaces.md): 0 clean, 1 findings at or above --fail-on, 2 usage/config/I/O.
inline constexpr int kExitClean = 0;
inline constexpr int kExitFindings = 1;
inline constexpr int kExitUsage = 2;

struct LintArgs {
  std::vector<std::string> paths;
  std::vector<std::string> formats;  // NAME or NAME=PATH, repeatable; none = text
  std::string output;
  std::string config;
  std::vector<std::string> select;
  std::vector<std::string> ignore;
  std::string fail_on = "error";
  bool partial = false;
  std::string namespace_ = "default";
  std::string color = "auto";
  bool quiet = false;
  bool statistics = false;
  unsigned jobs = 0;                     // 0: the cores (--jobs)
  bool dump_config = false;              // print the effective configuration and exit
  std::vector<std::string> schema_dirs;  // --schema-dir: CRDs for the schema rules
};

void add_lint_options(CLI::App& command, LintArgs& args);
int run_lint(const LintArgs& args);

struct FixArgs {
  std::vector<std::string> paths;
  bool diff = false;
  std::string config;
  std::vector<std::string> select;
  std::vector<std::string> ignore;
  bool partial = false;
  std::string namespace_ = "default";
  bool quiet = false;
  unsigned jobs = 0;  // 0: the cores
};

void add_fix_options(CLI::App& command, FixArgs& args);
int run_fix(const FixArgs& args);

int run_rules(const std::string& config_path);
int run_explain(const std::string& code, const std::string& config_path);

}  // namespace titanlint::cli
