// `titanlint rules` and `titanlint explain CODE`: the catalogue from the rules' own metadata.
#include <filesystem>
#include <iostream>
#include <optional>

#include <fmt/format.h>

#include "builtin_rules.h"
#include "commands.h"
#include "config.h"
#include "rule_doc.h"

namespace titanlint::cli {

namespace {

// The config of --config, else .titanlint.yaml from the working directory upward, else the
// default; nullopt (with the message printed) on a config error.
std::optional<Config> catalogue_config(const std::string& config_path) {
  try {
    if (!config_path.empty()) return load_config_file(config_path, builtin_registry());
    if (auto found = find_config_upward(std::filesystem::current_path()))
      return load_config_file(*found, builtin_registry());
    return Config{};
  } catch (const ConfigError& e) {
    std::cerr << "titanlint: config error: " << e.describe() << '\n';
    return std::nullopt;
  }
}

}  // namespace

int run_rules(const std::string& config_path) {
  std::optional<Config> config = catalogue_config(config_path);
  if (!config) return kExitUsage;
  std::cout << fmt::format("{:<6}  {:<34}  {:<8}  {}\n", "CODE", "NAME", "SEVERITY", "CHECKS");
  for (const RuleDefinition& r : config->rules_of(builtin_registry()).rules()) {
    std::cout << fmt::format("{:<6}  {:<34}  {:<8}  {}\n", r.meta.code, r.meta.name,
                             to_string(r.meta.severity), r.meta.summary);
  }
  return kExitClean;
}

int run_explain(const std::string& code, const std::string& config_path) {
  std::optional<Config> config = catalogue_config(config_path);
  if (!config) return kExitUsage;
  const RuleDefinition* rule = config->rules_of(builtin_registry()).find(code);
  if (!rule) {
    std::cerr << fmt::format("titanlint: unknown rule \"{}\"; `titanlint rules` lists them\n",
                             code);
    return kExitUsage;
  }
  std::cout << render_rule_doc(*rule, config->options_for(*rule));
  return kExitClean;
}

}  // namespace titanlint::cli
