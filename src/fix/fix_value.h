// A value a fix writes into a manifest: a small tree of scalars, mappings and sequences that the
// fix builder renders in the style of the place it goes to (block YAML, flow YAML or JSON).
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace titanlint {

class FixValue {
 public:
  enum class Kind : std::uint8_t { Null, Bool, Number, String, Mapping, Sequence };

  FixValue() = default;  // null
  static FixValue number(std::int64_t n) { return {Kind::Number, std::to_string(n)}; }
  // A number as written in the source (`0.5`, `1e3`): kept verbatim.
  static FixValue number_text(std::string text) { return {Kind::Number, std::move(text)}; }
  static FixValue boolean(bool b) { return {Kind::Bool, b ? "true" : "false"}; }
  static FixValue string(std::string s) { return {Kind::String, std::move(s)}; }
  static FixValue mapping() { return {Kind::Mapping, {}}; }
  static FixValue sequence() { return {Kind::Sequence, {}}; }

  // Appends an entry (mappings) and returns *this, for chains:
  //   FixValue::mapping().add("seconds", FixValue::number(10))
  FixValue& add(std::string key, FixValue value) {
    entries_.emplace_back(std::move(key), std::move(value));
    return *this;
  }
  // Appends an item (sequences).
  FixValue& push(FixValue value) {
    entries_.emplace_back(std::string(), std::move(value));
    return *this;
  }

  Kind kind() const { return kind_; }
  bool is_collection() const { return kind_ == Kind::Mapping || kind_ == Kind::Sequence; }
  // The scalar's text: the number's digits, `true`, the string unquoted; empty for null.
  const std::string& text() const { return text_; }
  // Mapping entries (key, value) or sequence items (empty key, value), in order.
  const std::vector<std::pair<std::string, FixValue>>& entries() const { return entries_; }

 private:
  FixValue(Kind kind, std::string text) : kind_(kind), text_(std::move(text)) {}
  Kind kind_ = Kind::Null;
  std::string text_;
  std::vector<std::pair<std::string, FixValue>> entries_;
};

}  // namespace titanlint
