#include "common/rollout.h"

#include <charconv>
#include <cmath>

namespace titanlint::rules {

std::optional<IntOrPercent> parse_int_or_percent(std::string_view text) {
  IntOrPercent out;
  if (!text.empty() && text.back() == '%') {
    out.percent = true;
    text.remove_suffix(1);
  }
  if (text.empty()) return std::nullopt;
  for (char c : text)
    if (c < '0' || c > '9') return std::nullopt;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), out.value);
  if (ec != std::errc{} || ptr != text.data() + text.size()) return std::nullopt;
  return out;
}

std::optional<IntOrPercent> parse_int_or_percent(const Node& node) {
  if (!node.is_scalar()) return std::nullopt;
  if (node.type == ScalarType::Int || node.type == ScalarType::Float) {
    auto value = node.as_int();
    if (!value || *value < 0) return std::nullopt;
    return IntOrPercent{*value, false};
  }
  if (node.type != ScalarType::String) return std::nullopt;
  return parse_int_or_percent(node.text());
}

std::int64_t scaled_pods(IntOrPercent v, std::int64_t total, bool round_up) {
  if (!v.percent) return v.value;
  if (v.value > 1'000'000 || total > 1'000'000'000 || total < 0) {  // no overflow on nonsense
    const double pods = static_cast<double>(v.value) * static_cast<double>(total) / 100;
    return static_cast<std::int64_t>(round_up ? std::ceil(pods) : std::floor(pods));
  }
  const std::int64_t product = v.value * total;
  return round_up ? (product + 99) / 100 : product / 100;
}

RolloutField rolling_update_field(const Node& spec, std::string_view strategy_key,
                                  std::string_view field) {
  RolloutField out;
  const Node* strategy = spec.get(strategy_key);
  if (!strategy || !strategy->is_mapping()) {
    out.anchor = &spec;
    out.missing = strategy_key;
    return out;
  }
  const Node* rolling = strategy->get("rollingUpdate");
  if (!rolling || !rolling->is_mapping()) {
    out.anchor = strategy;
    out.missing = "rollingUpdate";
    return out;
  }
  out.value = rolling->get(field);
  if (!out.value) {
    out.anchor = rolling;
    out.missing = field;
  }
  return out;
}

}  // namespace titanlint::rules
