// What `lint` and `fix` set up alike: the configuration and the rule selection.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config.h"

namespace CLI {
class App;
}

namespace titanlint::cli {

// The options `lint` and `fix` share, bound to their argument structs.
struct RuleRunOptions {
  std::string& config;
  std::vector<std::string>& select;
  std::vector<std::string>& ignore;
  bool& partial;
  std::string& namespace_;
  unsigned& jobs;
};
// --config, --select, --ignore, --partial, --namespace, --jobs.
void add_rule_run_options(CLI::App& command, RuleRunOptions options);

// The config of --config, else .titanlint.yaml from the working directory upward, else the
// embedded default. A config error is printed (path:line:col: message); nullopt then.
std::optional<Config> load_config(const std::string& explicit_path);

// False (with a message) when a --select/--ignore pattern matches no rule: a typo, not a
// silent no-op.
bool check_patterns(const std::vector<std::string>& patterns, std::string_view flag,
                    const Registry& registry);

}  // namespace titanlint::cli
