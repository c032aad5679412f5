// `titanlint --dump-config`: the effective configuration as .titanlint.yaml text, every rule
// with its severity and every option's value (clang-tidy's --dump-config habit), so a team can
// see what runs and start a config file from it. parse_config() reads the output back unchanged.
#include <algorithm>

#include <fmt/format.h>

#include "config.h"

namespace titanlint {
namespace {

// A YAML single-quoted scalar: nothing is special inside but the quote, which doubles.
std::string yaml_quoted(std::string_view text) {
  std::string out = "'";
  for (char c : text) {
    out += c;
    if (c == '\'') out += '\'';
  }
  return out + "'";
}

std::string quoted_list(const std::vector<std::string>& items) {
  std::string out = "[";
  for (std::size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + yaml_quoted(items[i]);
  return out + "]";
}

std::string yaml_value(const OptionValue& value) {
  struct Visitor {
    std::string operator()(std::int64_t v) const { return std::to_string(v); }
    std::string operator()(bool v) const { return v ? "true" : "false"; }
    std::string operator()(const std::string& v) const { return yaml_quoted(v); }
    std::string operator()(const std::vector<std::string>& v) const { return quoted_list(v); }
  };
  return std::visit(Visitor{}, value);
}

}  // namespace

std::string dump_config(const Config& config, const Registry& registry) {
  std::string out = fmt::format(
      "# The effective configuration ({}): every rule with its severity and options.\n"
      "# Save it as .titanlint.yaml to start a config from it.\n",
      config.path.empty() ? "the embedded default" : "from " + config.path);
  out += "rules:\n";
  std::string custom;
  for (const RuleDefinition& rule : registry.rules()) {
    const std::optional<Severity> severity = config.severity_for(rule);
    if (std::find(config.custom_check_ids.begin(), config.custom_check_ids.end(), rule.meta.code) !=
        config.custom_check_ids.end()) {
      // Its definition is not repeated here: the dump stays a config of its own.
      custom +=
          fmt::format("#   {}: {}\n", rule.meta.code, severity ? to_string(*severity) : "off");
      continue;
    }
    out += fmt::format("  {}: {{ severity: {}", rule.meta.code,
                       severity ? to_string(*severity) : "off");
    const RuleOptions options = config.options_for(rule);  // the loop reads into it
    for (const auto& [name, value] : options.values())
      out += fmt::format(", {}: {}", name, yaml_value(value));
    out += fmt::format(" }}  # {}\n", rule.meta.name);
  }
  if (!custom.empty())
    out +=
        "# Custom checks (docs/custom-checks.md), defined by the customChecks: and\n"
        "# customCheckDirs: of " +
        config.path + ":\n" + custom;
  out += fmt::format("exclude: {}\n", quoted_list(config.exclude));
  out += fmt::format("partial: {}\n", config.partial ? "true" : "false");
  out += fmt::format("kubernetesVersion: \"{}\"\n", config.kubernetes_version);
  // Resolved against the config file's directory already.
  if (!config.schema_dirs.empty())
    out += fmt::format("schemaDirs: {}\n", quoted_list(config.schema_dirs));
  const LoadLimits& limits = config.limits;
  out += "limits:\n";
  out += fmt::format("  maxFileBytes: {}\n", limits.max_file_bytes);
  out += fmt::format("  maxDepth: {}\n", limits.max_depth);
  out += fmt::format("  maxAliasExpansion: {}\n", limits.max_alias_expansion);
  out += fmt::format("  maxDocumentsPerFile: {}\n", limits.max_documents);
  out += fmt::format("  maxFindingsPerFile: {}\n", limits.max_findings_per_file);
  out += "webhook:\n";
  out += fmt::format("  mode: {}\n", mode_name(config.webhook.mode));
  out += fmt::format("  allowAnnotationIgnores: {}\n",
                     config.webhook.allow_annotation_ignores ? "true" : "false");
  out += fmt::format("  namespaces: {{ exclude: {} }}\n",
                     quoted_list(config.webhook.excluded_namespaces));
  return out;
}

}  // namespace titanlint
