// A container's preStop hook and how long it sleeps: what the shutdown rules (TL201-TL203) need.
#pragma once

#include <optional>
#include <span>
#include <string_view>

#include "fix/fix_builder.h"
#include "fix/fix_value.h"
#include "node.h"

namespace titanlint::rules {

struct PreStop {
  // lifecycle.preStop, when it is a mapping (null: the container has no preStop hook).
  const Node* hook = nullptr;
  // The handler: "exec", "sleep", "httpGet", "tcpSocket", or empty when none is recognised.
  std::string_view handler;
  // The sleep the hook starts with, in seconds, when it is known: exec `sleep N` (also
  // `/bin/sleep`, `busybox sleep`, and the leading `sleep N` of a `sh -c` script; GNU suffixes
  // s/m/h/d and fractions such as `2.5` are understood), or the native `sleep.seconds`.
  // Unknown for httpGet/tcpSocket hooks and for exec commands that do not start with a sleep.
  std::optional<double> sleep_seconds;
  // What to point at about the sleep: the exec `command` sequence or the `sleep.seconds` value
  // (set whenever `sleep_seconds` is).
  const Node* sleep_node = nullptr;

  bool present() const { return hook != nullptr; }
};

PreStop prestop_of(const Node& container);

// The hook the guide writes, `exec: {command: [sh, -c, sleep N]}` (the fixes of TL201 and TL202
// write it). The exec form, not the native `sleep` action: on a cluster older than 1.30 the
// API server drops an unknown `sleep` field and the pod would silently have no delay.
FixValue prestop_sleep(std::int64_t seconds);

// Makes the hook's sleep `seconds` long (TL202's fix): the native `sleep.seconds`, the operand
// of an exec `sleep N`, or the leading `sleep N` of a `sh -c` script. Gives up where the sleep
// is not one plain operand (`sleep 1 2`, `sleep "$D"`) or the script is a block scalar.
void set_prestop_sleep(FixBuilder& fix, const PreStop& hook, std::int64_t seconds);

// The seconds a `sleep` argument list sleeps (GNU sleep sums its
// arguments), nullopt when an argument is not a finite duration (`infinity`, `$DELAY`).
std::optional<double> sleep_arguments_seconds(std::span<const std::string_view> args);

}  // namespace titanlint::rules
