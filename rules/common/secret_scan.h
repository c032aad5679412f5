// The literal strings an object carries where secrets leak (TL302-TL304): container env values,
// args and command (containers, initContainers and ephemeralContainers of every workload,
// including Jobs and CronJobs), ConfigMap data, and annotations.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "fix/fix_builder.h"
#include "k8s_object.h"
#include "node.h"

namespace titanlint::rules {

enum LiteralKind : std::uint8_t {
  kEnvValue = 1,
  kArgs = 2,
  kCommand = 4,
  kConfigMapData = 8,
  kAnnotations = 16,
};

struct Literal {
  const Node* node;  // the scalar
  LiteralKind kind;
  std::string_view key;      // env var name, data key, annotation key; empty for args/command
  std::size_t index;         // args/command item index
  const std::string& owner;  // `container "api" of Deployment/api`, `Deployment/api`, ...

  // For messages: `env var DB_URL of container "api" of Deployment/api`. Built only when a rule
  // reports: most literals are scanned and never mentioned.
  std::string where() const;
};

// Calls `visit` for every non-empty string scalar of the kinds in `kinds` (a mask of
// LiteralKind). Env values set through `valueFrom` have no literal and are not visited.
// Annotations skip `kubectl.kubernetes.io/last-applied-configuration` (a copy of the object
// itself: its contents are reported where they are written, once).
void for_each_literal(const K8sObject& object, unsigned kinds,
                      const std::function<void(const Literal&)>& visit);

// The fix of TL302-TL304 for a literal env value: the `value:` entry becomes
// `valueFrom: {secretKeyRef: {name: <object>-secrets, key: <var name>}}` (the guide's
// `api-secrets`; the key is the var name lowercased with `_` as `-`). Only env values: args,
// command, ConfigMap data and annotations would need their consumer changed as well (a mounted
// file, `$(VAR)` expansion), which is the author's design, not an edit.
struct EnvSecretRef {
  const Node* env_entry = nullptr;  // the env list item holding `value:`
  std::string secret;
  std::string key;
};

// Nullopt when the literal is not an env value, or the Secret name or key derived from the names
// would not be valid (Secret names are DNS subdomains, keys [-._a-zA-Z0-9]).
std::optional<EnvSecretRef> env_secret_ref(const K8sObject& object, const Literal& literal);

// Writes the edit. The fix is marked sensitive (the diff masks the removed value) and its
// description names the var, the Secret and the key, never the value.
void write_env_secret_ref(FixBuilder& edit, const EnvSecretRef& ref, const Literal& literal);

}  // namespace titanlint::rules
