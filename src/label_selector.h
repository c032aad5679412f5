// Kubernetes label selectors: metav1.LabelSelector (`matchLabels` + `matchExpressions`) and the
// plain map form (a Service's or ReplicationController's `spec.selector`), parsed from a Node,
// validated as the API server validates them, and matched against label maps.
//
// Three states, kept apart because they mean different things to different callers:
// - Nothing: the selector is null or absent (metav1.LabelSelectorAsSelector(nil) selects nothing;
//   a Service without a selector gets no endpoints).
// - Everything: the selector is present but empty, `{}` (a NetworkPolicy `podSelector: {}` and a
//   PodDisruptionBudget `selector: {}` select every pod of the namespace; apps/v1 workloads reject
//   it, which the caller checks).
// - Requirements: at least one matchLabels entry or matchExpressions item (ANDed).
// A selector with errors selects nothing (the API server would reject the object).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "node.h"

namespace titanlint {

// Labels as the API server reads them: the last occurrence of a key wins, a null value is "",
// and non-string scalars keep their text (such an object is rejected anyway).
using LabelMap = std::map<std::string, std::string, std::less<>>;
// `node` is a labels mapping (e.g. a pod template's metadata.labels); null or not a mapping gives
// an empty map.
LabelMap label_map(const Node* node);
// One label of such a mapping, read the same way, without building the map; nullopt when absent.
std::optional<std::string_view> label_value(const Node* labels, std::string_view key);

// A problem the API server would reject, with the node to point at.
struct SelectorError {
  std::string message;
  const Node* node = nullptr;
};

enum class SelectorOp : std::uint8_t { In, NotIn, Exists, DoesNotExist };
std::string_view to_string(SelectorOp op);

struct LabelRequirement {
  std::string key;
  SelectorOp op = SelectorOp::In;  // a matchLabels entry is `In` with one value
  std::vector<std::string> values;
  const Node* node = nullptr;  // the matchLabels entry's value, or the matchExpressions item

  bool matches(const LabelMap& labels) const;
  bool matches(const Node* labels) const;
};

class LabelSelector {
 public:
  enum class State : std::uint8_t { Nothing, Everything, Requirements };

  static LabelSelector nothing() { return LabelSelector(State::Nothing); }
  static LabelSelector everything() { return LabelSelector(State::Everything); }

  // A metav1.LabelSelector mapping (`spec.selector` of apps/v1 workloads, PDBs; a NetworkPolicy's
  // podSelector). A null pointer or a null node is Nothing. Validation follows
  // ValidateLabelSelector: an unknown operator (they are case-sensitive), In/NotIn without values,
  // Exists/DoesNotExist with values, an invalid label key or value, or a value of the wrong type
  // (`version: 1` must be quoted) is an error.
  static LabelSelector parse(const Node* node);
  // A plain `key: value` map selector. A null pointer or a null node is Nothing; an empty mapping
  // is Everything by label-set semantics. Note for Services: `selector: {}` is stored like an
  // absent selector (an empty map does not survive the API server's storage), so a Service caller
  // should treat selects_everything() as "no selector".
  static LabelSelector from_map(const Node* node);

  State state() const { return state_; }
  bool selects_nothing() const { return state_ == State::Nothing || !errors_.empty(); }
  bool selects_everything() const { return state_ == State::Everything && errors_.empty(); }
  bool valid() const { return errors_.empty(); }
  const std::vector<SelectorError>& errors() const { return errors_; }
  const std::vector<LabelRequirement>& requirements() const { return requirements_; }
  // The selector node itself (null when absent).
  const Node* node() const { return node_; }

  bool matches(const LabelMap& labels) const;
  // Against a labels mapping directly (selectors are matched against every pod template of a
  // namespace: no map is built per match).
  bool matches(const Node* labels) const;

  // `app=api,tier in (a,b),!legacy` for messages (upstream's selector string form; keys sorted).
  std::string to_string() const;

 private:
  explicit LabelSelector(State state) : state_(state) {}

  State state_;
  const Node* node_ = nullptr;
  std::vector<LabelRequirement> requirements_;
  std::vector<SelectorError> errors_;
};

// IsQualifiedName (label keys: optional DNS-subdomain prefix, `/`, a name of at most 63
// characters). Returns an empty string when valid, else why not.
std::string label_key_error(std::string_view key);
// IsValidLabelValue: empty, or at most 63 characters of [A-Za-z0-9._-] starting and ending with an
// alphanumeric. Empty string when valid.
std::string label_value_error(std::string_view value);

}  // namespace titanlint
