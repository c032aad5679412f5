// The literal strings an object carries where secrets leak (TL302-TL304): container env values,
// args and command (containers, initContainers and ephemeralContainers of every workload,
// including Jobs and CronJobs), ConfigMap data, and annotations.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

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

}  // namespace titanlint::rules
