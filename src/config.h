// `.titanlint.yaml`: per-rule severity and options, excludes, limits, webhook settings.
// Validated once into an immutable Config; every mistake is a ConfigError with a position.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "document.h"
#include "registry.h"
#include "rule.h"

namespace titanlint {

class ConfigError : public std::runtime_error {
 public:
  ConfigError(std::string path, Position position, const std::string& message)
      : std::runtime_error(message), path_(std::move(path)), position_(position) {}
  const std::string& path() const { return path_; }
  Position position() const { return position_; }
  // "path:line:col: message"
  std::string describe() const;

 private:
  std::string path_;
  Position position_;
};

struct RuleSetting {
  bool off = false;
  std::optional<Severity> severity;
  std::map<std::string, OptionValue> options;
};

enum class WebhookMode : std::uint8_t { Enforce, Warn, Audit };

// "enforce", "warn", "audit": the config file's spelling (for /metrics, logs and --dump-config).
std::string_view mode_name(WebhookMode mode);

struct WebhookConfig {
  WebhookMode mode = WebhookMode::Enforce;
  bool allow_annotation_ignores = false;
  std::vector<std::string> excluded_namespaces = {"kube-system"};
};

struct Config {
  std::string path;                          // empty: the embedded default
  std::map<std::string, RuleSetting> rules;  // by code
  std::vector<std::string> exclude;          // globs, relative to the working directory
  bool partial = false;
  LoadLimits limits;
  WebhookConfig webhook;
  // The custom checks (customChecks:, customCheckDirs:; docs/custom-checks.md) as rules beside
  // the built-in ones: the registry every front end uses with this config. Null when the config
  // has none.
  std::shared_ptr<const Registry> registry;
  std::vector<std::string> custom_check_dirs;  // as written, for --dump-config
  std::vector<std::string> custom_check_ids;   // in definition order

  // The rules of a run with this config: `base` (the built-in registry) plus the custom checks.
  const Registry& rules_of(const Registry& base) const { return registry ? *registry : base; }

  // The Kubernetes version the schema rules (TL006-TL008, TL010-TL012) validate against: one of
  // the shipped schemas (schema::kShippedVersion, the only one today).
  std::string kubernetes_version = "1.36";
  // schemaDirs: directories of CustomResourceDefinitions for the schema rules (docs/schema.md),
  // resolved against the config file's directory. Read by the front end (load_crd_dirs()), so a
  // broken CRD file is an input error of the run, not a config error.
  std::vector<std::string> schema_dirs;

  // The severity a rule runs at, or nullopt when it is off.
  std::optional<Severity> severity_for(const RuleDefinition& rule) const;
  // The rule's options: its defaults, overridden by this config.
  RuleOptions options_for(const RuleDefinition& rule) const;
};

// Parses config text. Throws ConfigError.
Config parse_config(std::shared_ptr<const SourceFile> source, const Registry& registry);
// The effective configuration as .titanlint.yaml text: every rule of `registry` with its
// severity (or off) and every option's value, then excludes, limits and webhook settings.
// parse_config() of the result gives the same configuration (`titanlint --dump-config`).
std::string dump_config(const Config& config, const Registry& registry);

// A config file is small: this bounds what a mistaken --config (or a hostile mounted file, in the
// webhook) can make us hold. The same as a Kubernetes ConfigMap's limit.
inline constexpr std::size_t kMaxConfigBytes = 1u << 20;
// Reads and parses a config file. Throws ConfigError (also when the file cannot be read, with
// the operating system's reason, or is over kMaxConfigBytes).
Config load_config_file(const std::filesystem::path& path, const Registry& registry);
// `.titanlint.yaml` in `start` or the nearest parent directory that has one.
std::optional<std::filesystem::path> find_config_upward(std::filesystem::path start);

}  // namespace titanlint
