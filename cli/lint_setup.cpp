#include "lint_setup.h"

#include <filesystem>
#include <iostream>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "builtin_rules.h"
#include "suppressions.h"

namespace titanlint::cli {

void add_rule_run_options(CLI::App& command, RuleRunOptions options) {
  command.add_option("--config", options.config,
                     "Config file (default: .titanlint.yaml from the working directory upward)");
  // allow_extra_args(false): `--select TL1 a.yaml b.yaml` must not read a.yaml as a rule.
  command
      .add_option("--select", options.select, "Only these rules (codes, prefixes like TL2, names)")
      ->delimiter(',')
      ->allow_extra_args(false);
  command.add_option("--ignore", options.ignore, "Skip these rules (codes, prefixes, names)")
      ->delimiter(',')
      ->allow_extra_args(false);
  command.add_flag("--partial", options.partial,
                   "The files are not the whole application: rules that need another object "
                   "to exist stay silent");
  command.add_option("--namespace,-n", options.namespace_,
                     "Namespace of objects that do not set one (default: default)");
  command
      .add_option("--jobs,-j", options.jobs,
                  "Threads that read, parse and check files (default: the cores; 1: serial)")
      ->check(CLI::PositiveNumber)
      ->type_name("N");
}

std::optional<Config> load_config(const std::string& explicit_path) {
  try {
    if (!explicit_path.empty()) return load_config_file(explicit_path, builtin_registry());
    if (auto found = find_config_upward(std::filesystem::current_path()))
      return load_config_file(*found, builtin_registry());
    return Config{};  // the embedded default: every rule at its default severity
  } catch (const ConfigError& e) {
    std::cerr << "titanlint: config error: " << e.describe() << '\n';
    return std::nullopt;
  }
}

// A --select/--ignore pattern that matches no rule is a typo, not a silent no-op.
bool check_patterns(const std::vector<std::string>& patterns, std::string_view flag,
                    const Registry& registry) {
  for (const std::string& p : patterns) {
    bool any = false;
    for (const RuleDefinition& r : registry.rules())
      any = any || rule_matches(p, r.meta.code, r.meta.name);
    if (!any) {
      std::cerr << fmt::format("titanlint: {} {}: matches no rule (`titanlint rules` lists them)\n",
                               flag, p);
      return false;
    }
  }
  return true;
}

}  // namespace titanlint::cli
