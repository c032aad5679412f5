// Custom checks in Polaris's format (docs/custom-checks.md): a JSON Schema (draft 2019-09, the
// keywords Polaris's own checks use) applied to a target (`group/Kind`, Controller, PodTemplate,
// PodSpec, Container), with Go-template field references and multi-resource schemas. Each check
// becomes a rule of the run's registry, like a built-in one: listed, explained, selected,
// suppressed, counted and reported in every format, and applied by the webhook.
//
// Validation is valijson's, over the loaded nodes (custom/node_adapter.h); `pattern` goes through
// RE2 and `resourceMinimum`/`resourceMaximum` compare Kubernetes quantities. A keyword, template
// construct or pattern that cannot be evaluated as Polaris would is a config error at its
// position, never a silent pass.
#pragma once

#include <memory>
#include <string>

#include "document.h"
#include "node.h"
#include "rule.h"

namespace titanlint::custom {

// Bounds on what one check may cost (hostile or mistaken checks): the schema's nesting, its size
// in nodes, an enum's items, a pattern's length and its RE2 program's memory, and the number of
// distinct rendered schemas a templated check keeps compiled.
inline constexpr int kMaxSchemaDepth = 64;
inline constexpr std::size_t kMaxSchemaNodes = 50'000;
inline constexpr std::size_t kMaxEnumItems = 10'000;
inline constexpr std::size_t kMaxPatternBytes = 4'096;
inline constexpr std::int64_t kMaxPatternMemory = 1 << 20;
inline constexpr std::size_t kMaxCachedSchemas = 512;

// How a check's file spells its keys: a check under customChecks: in .titanlint.yaml is exact;
// a Polaris file from customCheckDirs: is read as Polaris (Go's encoding/json) reads it, with keys
// matched case-insensitively (Polaris's linuxHardening spells `FailureMessage`).
enum class KeyMatch : std::uint8_t { Exact, CaseInsensitive };

// The rule of one check: `definition` is the check's mapping in `file` (which the rule keeps
// alive). Throws ConfigError with the position of the offending key or value.
RuleDefinition make_custom_check(const std::string& id, const Node& definition,
                                 std::shared_ptr<const LoadedFile> file, KeyMatch keys);

// Whether `id` may name a custom check: letters, digits, `-`, `_` and `.`, starting with a
// letter, and not a `TL` code (TL followed by a digit). Empty when valid, else the reason.
std::string check_id_problem(std::string_view id);

}  // namespace titanlint::custom
