#include "config.h"

#include <re2/re2.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <limits>

#include <fmt/format.h>

#include "custom/custom_check.h"
#include "inputs.h"
#include "schema/schema.h"
#include "yaml_loader.h"

namespace titanlint {
namespace {

class ConfigParser {
 public:
  ConfigParser(std::shared_ptr<const LoadedFile> file, const Registry& registry)
      : file_(std::move(file)), source_(*file_->source), registry_(&registry) {}

  Config parse(const Node* root) {
    Config config;
    config.path = source_.path();
    if (!root || root->is_null()) return config;
    expect_mapping(*root, "the config file");
    parse_custom_checks(*root, config);
    for (const MapEntry& e : root->entries()) {
      std::string_view key = e.key->str();
      if (key == "customChecks" || key == "customCheckDirs")
        continue;  // read first: `rules:` may name them
      if (key == "rules")
        parse_rules(*e.value, config);
      else if (key == "exclude")
        config.exclude = string_list(*e.value, "exclude");
      else if (key == "partial")
        config.partial = boolean(*e.value, "partial");
      else if (key == "limits")
        parse_limits(*e.value, config.limits);
      else if (key == "webhook")
        parse_webhook(*e.value, config.webhook);
      else if (key == "kubernetesVersion")
        config.kubernetes_version = kubernetes_version(*e.value);
      else if (key == "schemaDirs")
        config.schema_dirs = schema_dirs(*e.value);
      else
        fail(*e.key, fmt::format("unknown key \"{}\"; expected one of: rules, exclude, partial, "
                                 "limits, webhook, customChecks, customCheckDirs, "
                                 "kubernetesVersion, schemaDirs",
                                 key));
    }
    return config;
  }

  [[noreturn]] void fail(const Node& at, const std::string& message) const {
    throw ConfigError(source_.path(), {at.line, at.column}, message);
  }

 private:
  void expect_mapping(const Node& node, std::string_view what) const {
    if (!node.is_mapping()) fail(node, fmt::format("{} must be a mapping", what));
  }

  // schemaDirs: relative to the config file, like customCheckDirs (a config found upward names
  // its repository's directories).
  std::vector<std::string> schema_dirs(const Node& node) const {
    std::vector<std::string> dirs = string_list(node, "schemaDirs");
    const std::filesystem::path base = std::filesystem::path(source_.path()).parent_path();
    for (std::string& dir : dirs) dir = (base / dir).lexically_normal().string();
    return dirs;
  }

  // The schema rules' Kubernetes version: one of the shipped schemas ("1.36", "v1.36", "1.36.2").
  std::string kubernetes_version(const Node& node) const {
    std::string_view text = node.is_scalar() ? node.str() : std::string_view{};
    std::string_view version = text;
    if (version.starts_with('v')) version.remove_prefix(1);
    const std::string_view shipped = schema::kShippedVersion;
    if (version == shipped ||
        (version.starts_with(shipped) && version.size() > shipped.size() &&
         version[shipped.size()] == '.' &&
         version.find_first_not_of("0123456789", shipped.size() + 1) == std::string_view::npos &&
         version.size() > shipped.size() + 1))
      return std::string(shipped);
    fail(node, fmt::format("kubernetesVersion \"{}\" has no schema here: titanlint ships the "
                           "Kubernetes {} schema only, so kubernetesVersion can only be {}",
                           text, shipped, shipped));
  }

  bool boolean(const Node& node, std::string_view what) const {
    auto b = node.as_bool();
    if (!b) fail(node, fmt::format("{} must be true or false, not \"{}\"", what, node.str()));
    return *b;
  }

  std::int64_t integer(const Node& node, std::string_view what, std::int64_t min,
                       std::int64_t max = std::numeric_limits<std::int64_t>::max()) const {
    auto i = node.as_int();
    if (!i) fail(node, fmt::format("{} must be an integer, not \"{}\"", what, node.str()));
    if (*i < min) fail(node, fmt::format("{} must be at least {}", what, min));
    if (*i > max) fail(node, fmt::format("{} must be at most {}", what, max));
    return *i;
  }

  std::vector<std::string> string_list(const Node& node, std::string_view what) const {
    if (!node.is_sequence()) fail(node, fmt::format("{} must be a list of strings", what));
    std::vector<std::string> out;
    for (const Node* item : node.items()) {
      if (!item->is_scalar() || item->is_null())
        fail(*item, fmt::format("{} must be a list of strings", what));
      out.emplace_back(item->text());
    }
    return out;
  }

  void parse_rules(const Node& node, Config& config) const {
    expect_mapping(node, "rules");
    for (const MapEntry& e : node.entries()) {
      const RuleDefinition* rule = registry_->find(e.key->str());
      if (!rule)
        fail(*e.key,
             fmt::format("unknown rule \"{}\"; `titanlint rules` lists them", e.key->str()));
      RuleSetting& setting = config.rules[rule->meta.code];
      const Node& value = *e.value;
      if (value.is_mapping()) {
        for (const MapEntry& option : value.entries()) parse_rule_option(*rule, option, setting);
      } else {
        parse_rule_level(*rule, value, setting);
      }
    }
  }

  // `TL108: off`, `TL103: error`, `TL103: true`.
  void parse_rule_level(const RuleDefinition& rule, const Node& value, RuleSetting& setting) const {
    if (auto b = value.as_bool()) {  // unquoted off/on/no/yes/false/true (YAML 1.1)
      setting.off = !*b;
      return;
    }
    if (auto s = parse_severity(value.str())) {
      setting.severity = s;
      return;
    }
    fail(value, fmt::format("{} must be off, error, warning, info, or a mapping of options, not "
                            "\"{}\"",
                            rule.meta.code, value.str()));
  }

  void parse_rule_option(const RuleDefinition& rule, const MapEntry& option,
                         RuleSetting& setting) const {
    std::string_view name = option.key->str();
    if (name == "severity") {
      parse_rule_level(rule, *option.value, setting);
      return;
    }
    for (const OptionSpec& spec : rule.meta.options) {
      if (spec.name != name) continue;
      std::string what = fmt::format("{}.{}", rule.meta.code, name);
      const Node& v = *option.value;
      switch (spec.type) {
        case OptionType::Int:
          setting.options[spec.name] = integer(v, what, 0);
          break;
        case OptionType::Bool:
          setting.options[spec.name] = boolean(v, what);
          break;
        case OptionType::String:
          if (!v.is_scalar() || v.is_null()) fail(v, what + " must be a string");
          setting.options[spec.name] = std::string(v.text());
          break;
        case OptionType::StringList:
          setting.options[spec.name] = string_list(v, what);
          break;
        case OptionType::RegexList: {
          auto patterns = string_list(v, what);
          for (std::size_t i = 0; i < patterns.size(); ++i) {
            RE2 re(patterns[i], RE2::Quiet);
            if (!re.ok())
              fail(*v.items()[i],
                   fmt::format("{}: invalid RE2 pattern '{}': {}", what, patterns[i], re.error()));
          }
          setting.options[spec.name] = std::move(patterns);
          break;
        }
      }
      if (spec.validate) {
        std::string problem = spec.validate(setting.options[spec.name]);
        if (!problem.empty()) fail(v, fmt::format("{}: {}", what, problem));
      }
      return;
    }
    std::string known = "severity";
    for (const OptionSpec& spec : rule.meta.options) known += ", " + spec.name;
    fail(*option.key,
         fmt::format("{} has no option \"{}\"; it accepts: {}", rule.meta.code, name, known));
  }

  void parse_limits(const Node& node, LoadLimits& limits) const {
    constexpr std::int64_t kUint32Max = std::numeric_limits<std::uint32_t>::max();
    expect_mapping(node, "limits");
    for (const MapEntry& e : node.entries()) {
      std::string_view key = e.key->str();
      std::string what = fmt::format("limits.{}", key);
      if (key == "maxFileBytes")  // the tree stores sizes and offsets in 32 bits
        limits.max_file_bytes = static_cast<std::size_t>(integer(*e.value, what, 1, kUint32Max));
      else if (key == "maxDepth")
        limits.max_depth = static_cast<std::uint32_t>(integer(*e.value, what, 8, kMaxDepthCeiling));
      else if (key == "maxAliasExpansion")
        limits.max_alias_expansion = integer(*e.value, what, 0);
      else if (key == "maxDocumentsPerFile")
        limits.max_documents = static_cast<std::uint32_t>(integer(*e.value, what, 1, kUint32Max));
      else if (key == "maxFindingsPerFile")
        limits.max_findings_per_file =
            static_cast<std::uint32_t>(integer(*e.value, what, 1, kUint32Max));
      else
        fail(*e.key, fmt::format("unknown key \"{}\"; expected maxFileBytes, maxDepth, "
                                 "maxAliasExpansion, maxDocumentsPerFile or maxFindingsPerFile",
                                 what));
    }
  }

  void parse_webhook(const Node& node, WebhookConfig& webhook) const {
    expect_mapping(node, "webhook");
    for (const MapEntry& e : node.entries()) {
      std::string_view key = e.key->str();
      if (key == "mode") {
        std::string_view mode = e.value->str();
        if (mode == "enforce")
          webhook.mode = WebhookMode::Enforce;
        else if (mode == "warn")
          webhook.mode = WebhookMode::Warn;
        else if (mode == "audit")
          webhook.mode = WebhookMode::Audit;
        else
          fail(*e.value, "webhook.mode must be enforce, warn or audit");
      } else if (key == "allowAnnotationIgnores") {
        webhook.allow_annotation_ignores = boolean(*e.value, "webhook.allowAnnotationIgnores");
      } else if (key == "namespaces") {
        expect_mapping(*e.value, "webhook.namespaces");
        for (const MapEntry& n : e.value->entries()) {
          if (n.key->str() != "exclude")
            fail(*n.key, "unknown key; webhook.namespaces accepts: exclude");
          webhook.excluded_namespaces = string_list(*n.value, "webhook.namespaces.exclude");
        }
      } else {
        fail(*e.key, fmt::format("unknown key \"webhook.{}\"; expected mode, "
                                 "allowAnnotationIgnores or namespaces",
                                 key));
      }
    }
  }

  // customChecks: {ID: check} and customCheckDirs: [DIR] (one Polaris check file per *.yaml,
  // its ID the file name): each check becomes a rule of a registry of this config's own.
  void parse_custom_checks(const Node& root, Config& config) {
    std::vector<RuleDefinition> checks;
    std::vector<std::pair<std::string, Severity>> severities;
    auto add = [&](const std::string& id, const Node& at_key, const Node& definition,
                   std::shared_ptr<const LoadedFile> file, custom::KeyMatch keys) {
      auto fail_in = [&](const std::string& message) {
        throw ConfigError(file->source->path(), {at_key.line, at_key.column}, message);
      };
      if (std::string problem = custom::check_id_problem(id); !problem.empty()) fail_in(problem);
      if (registry_->find(id))
        fail_in(
            fmt::format("the custom check ID \"{}\" is the code or name of a built-in rule", id));
      for (const RuleDefinition& c : checks)
        if (c.meta.code == id)
          fail_in(fmt::format("the custom check ID \"{}\" is defined twice", id));
      RuleDefinition rule = custom::make_custom_check(id, definition, file, keys);
      if (definition.is_mapping())
        for (const MapEntry& e : definition.entries()) {
          if (e.key->str() != "severity") continue;
          std::string_view s = e.value->str();
          if (s == "danger")
            rule.meta.severity = Severity::Error;
          else if (s == "ignore")
            config.rules[id].off = true;
          else if (auto level = parse_severity(s))
            rule.meta.severity = *level;
          else
            throw ConfigError(file->source->path(), {e.value->line, e.value->column},
                              fmt::format("custom check {}: severity must be error, warning, "
                                          "info, danger or ignore, not \"{}\"",
                                          id, s));
        }
      config.custom_check_ids.push_back(id);
      checks.push_back(std::move(rule));
    };
    for (const MapEntry& e : root.entries()) {
      if (e.key->str() == "customChecks") {
        if (e.value->is_null()) continue;
        expect_mapping(*e.value, "customChecks");
        for (const MapEntry& c : e.value->entries())
          add(std::string(c.key->str()), *c.key, *c.value, file_, custom::KeyMatch::Exact);
      } else if (e.key->str() == "customCheckDirs") {
        config.custom_check_dirs = string_list(*e.value, "customCheckDirs");
        std::filesystem::path base = std::filesystem::path(source_.path()).parent_path();
        for (std::size_t i = 0; i < config.custom_check_dirs.size(); ++i) {
          const Node& item = *e.value->items()[i];
          std::filesystem::path dir = base / config.custom_check_dirs[i];
          std::error_code ec;
          std::vector<std::filesystem::path> files;
          for (std::filesystem::directory_iterator it(dir, ec), end; !ec && it != end;
               it.increment(ec)) {
            auto ext = it->path().extension();
            const bool hidden = it->path().filename().string().starts_with(".");
            if ((ext == ".yaml" || ext == ".yml") && !hidden && it->is_regular_file())
              files.push_back(it->path());
          }
          if (ec)
            fail(item,
                 fmt::format("customCheckDirs: cannot read {}: {}", dir.string(), ec.message()));
          std::sort(files.begin(), files.end());
          for (const auto& path : files) {
            FileRead r = read_whole_file(path.string(), kMaxConfigBytes);
            if (r.error != 0 || r.too_large)
              fail(item, fmt::format(
                             "customCheckDirs: cannot read {}: {}", path.string(),
                             r.too_large ? "over the config size limit" : std::strerror(r.error)));
            auto loaded = std::make_shared<LoadedFile>(load_yaml(
                std::make_shared<SourceFile>(path.string(), std::move(r.text)), LoadLimits{}));
            if (!loaded->diagnostics.empty()) {
              const LoadDiagnostic& d = loaded->diagnostics.front();
              throw ConfigError(path.string(), d.position, d.message);
            }
            if (loaded->documents.size() != 1)
              throw ConfigError(path.string(), {}, "a custom check file holds one YAML document");
            const Node& def = *loaded->documents.front().root;
            add(path.stem().string(), def, def, loaded, custom::KeyMatch::CaseInsensitive);
          }
        }
      }
    }
    if (checks.empty()) return;
    auto registry = std::make_shared<Registry>(*registry_);
    for (RuleDefinition& c : checks) registry->add(std::move(c));
    registry->finish();
    config.registry = registry;
    registry_ = registry.get();
  }

  std::shared_ptr<const LoadedFile> file_;
  const SourceFile& source_;
  const Registry* registry_;
};

}  // namespace

std::string ConfigError::describe() const {
  if (position_.line == 0) return fmt::format("{}: {}", path_, what());
  return fmt::format("{}:{}:{}: {}", path_, position_.line, position_.column, what());
}

std::string_view mode_name(WebhookMode mode) {
  switch (mode) {
    case WebhookMode::Enforce:
      return "enforce";
    case WebhookMode::Warn:
      return "warn";
    case WebhookMode::Audit:
      return "audit";
  }
  return "enforce";
}

std::optional<Severity> Config::severity_for(const RuleDefinition& rule) const {
  auto it = rules.find(rule.meta.code);
  if (it == rules.end()) return rule.meta.severity;
  if (it->second.off) return std::nullopt;
  return it->second.severity.value_or(rule.meta.severity);
}

RuleOptions Config::options_for(const RuleDefinition& rule) const {
  std::map<std::string, OptionValue> values;
  for (const OptionSpec& spec : rule.meta.options) values[spec.name] = spec.default_value;
  if (auto it = rules.find(rule.meta.code); it != rules.end()) {
    for (const auto& [name, value] : it->second.options) values[name] = value;
  }
  return RuleOptions(std::move(values));
}

Config parse_config(std::shared_ptr<const SourceFile> source, const Registry& registry) {
  // Shared: custom checks keep the tree of their schemas.
  auto loaded = std::make_shared<LoadedFile>(load_yaml(source, LoadLimits{}));
  if (!loaded->diagnostics.empty()) {
    const LoadDiagnostic& d = loaded->diagnostics.front();
    throw ConfigError(source->path(), d.position, d.message);
  }
  if (loaded->documents.size() > 1) {
    const Node* second = loaded->documents[1].root;
    throw ConfigError(source->path(), {second->line, second->column},
                      "the config file must hold one YAML document");
  }
  const Node* root = loaded->documents.empty() ? nullptr : loaded->documents.front().root;
  return ConfigParser(loaded, registry).parse(root);
}

Config load_config_file(const std::filesystem::path& path, const Registry& registry) {
  FileRead r = read_whole_file(path.string(), kMaxConfigBytes);
  if (r.error != 0)
    throw ConfigError(path.string(), {},
                      fmt::format("cannot read the config file: {}", std::strerror(r.error)));
  if (r.too_large)
    throw ConfigError(path.string(), {},
                      fmt::format("the config file is over {} bytes", kMaxConfigBytes));
  return parse_config(std::make_shared<SourceFile>(path.string(), std::move(r.text)), registry);
}

std::optional<std::filesystem::path> find_config_upward(std::filesystem::path start) {
  std::error_code ec;
  std::filesystem::path dir = std::filesystem::absolute(start, ec);
  if (ec) return std::nullopt;
  for (;;) {
    std::filesystem::path candidate = dir / ".titanlint.yaml";
    if (std::filesystem::is_regular_file(candidate, ec)) return candidate;
    if (!dir.has_parent_path() || dir.parent_path() == dir) return std::nullopt;
    dir = dir.parent_path();
  }
}

}  // namespace titanlint
