// `titanlint rules` and `titanlint explain CODE`: the catalogue from the rules' own metadata.
#include <filesystem>
#include <iostream>

#include <fmt/format.h>

#include "builtin_rules.h"
#include "commands.h"
#include "config.h"
#include "rule_doc.h"

namespace titanlint::cli {

int run_rules() {
  std::cout << fmt::format("{:<6}  {:<34}  {:<8}  {}\n", "CODE", "NAME", "SEVERITY", "CHECKS");
  for (const RuleDefinition& r : builtin_registry().rules()) {
    std::cout << fmt::format("{:<6}  {:<34}  {:<8}  {}\n", r.meta.code, r.meta.name,
                             to_string(r.meta.severity), r.meta.summary);
  }
  return kExitClean;
}

int run_explain(const std::string& code, const std::string& config_path) {
  const RuleDefinition* rule = builtin_registry().find(code);
  if (!rule) {
    std::cerr << fmt::format("titanlint: unknown rule \"{}\"; `titanlint rules` lists them\n",
                             code);
    return kExitUsage;
  }
  Config config;
  try {
    if (!config_path.empty())
      config = load_config_file(config_path, builtin_registry());
    else if (auto found = find_config_upward(std::filesystem::current_path()))
      config = load_config_file(*found, builtin_registry());
  } catch (const ConfigError& e) {
    std::cerr << "titanlint: config error: " << e.describe() << '\n';
    return kExitUsage;
  }
  std::cout << render_rule_doc(*rule, config.options_for(*rule));
  return kExitClean;
}

}  // namespace titanlint::cli
