// Rolling-update settings of Deployments, StatefulSets and DaemonSets (TL204, TL205):
// int-or-percent values as the API server reads them, and where to point when a field is absent.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "node.h"

namespace titanlint::rules {

// An IntOrString count: `1`, `25%`. The string `"0"` is read as the number 0.
struct IntOrPercent {
  std::int64_t value = 0;
  bool percent = false;

  bool is_zero() const { return value == 0; }
  std::string str() const { return std::to_string(value) + (percent ? "%" : ""); }
};

// Nullopt for anything else (a negative number, `12.5%`, a mapping).
std::optional<IntOrPercent> parse_int_or_percent(std::string_view text);
std::optional<IntOrPercent> parse_int_or_percent(const Node& node);

// The number of pods `v` means out of `total`. Kubernetes rounds a maxSurge percentage up and a
// Deployment's maxUnavailable percentage down.
std::int64_t scaled_pods(IntOrPercent v, std::int64_t total, bool round_up);

// `<strategy_key>.rollingUpdate.<field>` of a workload spec. `value` is the field's node when
// present (it may be a null scalar); otherwise `anchor` is the deepest existing mapping on the
// way and `missing` the key absent from it, for Reporter::report_missing.
struct RolloutField {
  const Node* value = nullptr;
  const Node* anchor = nullptr;
  std::string_view missing;
};
RolloutField rolling_update_field(const Node& spec, std::string_view strategy_key,
                                  std::string_view field);

}  // namespace titanlint::rules
