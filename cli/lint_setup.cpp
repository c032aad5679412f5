#include "lint_setup.h"

#include <filesystem>
#include <iostream>

#include <fmt/format.h>

#include "builtin_rules.h"
#include "suppressions.h"

namespace titanlint::cli {

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
bool check_patterns(const std::vector<std::string>& patterns, std::string_view flag) {
  for (const std::string& p : patterns) {
    bool any = false;
    for (const RuleDefinition& r : builtin_registry().rules())
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
