#include "label_selector.h"

#include <algorithm>
#include <optional>

#include <fmt/format.h>

namespace titanlint {
namespace {

bool is_alnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

// (([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?  -- the shape of label names and values.
bool is_qualified_name_part(std::string_view s) {
  if (s.empty()) return true;
  if (!is_alnum(s.front()) || !is_alnum(s.back())) return false;
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return is_alnum(c) || c == '-' || c == '_' || c == '.'; });
}

// IsDNS1123Subdomain: at most 253 characters, dot-separated labels of [a-z0-9-] that start and
// end with [a-z0-9].
bool is_dns1123_subdomain(std::string_view s) {
  if (s.empty() || s.size() > 253) return false;
  std::size_t start = 0;
  while (start <= s.size()) {
    std::size_t dot = s.find('.', start);
    if (dot == std::string_view::npos) dot = s.size();
    std::string_view label = s.substr(start, dot - start);
    if (label.empty()) return false;
    auto lower_alnum = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
    if (!lower_alnum(label.front()) || !lower_alnum(label.back())) return false;
    for (char c : label)
      if (!lower_alnum(c) && c != '-') return false;
    start = dot + 1;
  }
  return true;
}

std::optional<SelectorOp> parse_op(std::string_view text) {
  if (text == "In") return SelectorOp::In;
  if (text == "NotIn") return SelectorOp::NotIn;
  if (text == "Exists") return SelectorOp::Exists;
  if (text == "DoesNotExist") return SelectorOp::DoesNotExist;
  return std::nullopt;
}

std::string in_quotes(std::string_view s) {
  return fmt::format("\"{}\"", s);
}

// Describes a scalar for a message: `1` (a number), `true`.
std::string_view type_name(const Node& node) {
  if (node.is_mapping()) return "a mapping";
  if (node.is_sequence()) return "a list";
  switch (node.type) {
    case ScalarType::Int:
    case ScalarType::Float:
      return "a number";
    case ScalarType::Bool:
      return "a boolean";
    case ScalarType::Null:
      return "null";
    case ScalarType::String:
      return "a string";
  }
  return "a value";
}

// A string field: strings and null ("") decode; anything else is a decode error.
bool string_field(const Node& node, std::string& out) {
  if (node.is_scalar() && (node.type == ScalarType::String || node.type == ScalarType::Null)) {
    out = node.type == ScalarType::Null ? std::string() : std::string(node.text());
    return true;
  }
  return false;
}

class Parser {
 public:
  explicit Parser(std::vector<SelectorError>& errors) : errors_(errors) {}

  void error(const Node* node, std::string message) {
    errors_.push_back({std::move(message), node});
  }

  void check_key(const Node& node, std::string_view key, std::string_view what) {
    std::string why = label_key_error(key);
    if (!why.empty())
      error(&node, fmt::format("{} {} is not a valid label key: {}", what, in_quotes(key), why));
  }

  void check_value(const Node& node, std::string_view value, std::string_view what) {
    std::string why = label_value_error(value);
    if (!why.empty())
      error(&node,
            fmt::format("{} {} is not a valid label value: {}", what, in_quotes(value), why));
  }

  // `key: value` entries (matchLabels, or a map selector) as requirements, sorted by key.
  void map_entries(const Node& map, std::string_view what, std::vector<LabelRequirement>& out) {
    std::map<std::string_view, const MapEntry*> last;  // the last occurrence of a key wins
    for (const MapEntry& e : map.entries()) {
      if (!e.key->is_scalar()) {
        error(e.key, fmt::format("{} keys must be strings", what));
        continue;
      }
      last[e.key->text()] = &e;
    }
    for (const auto& [key, e] : last) {
      check_key(*e->key, key, fmt::format("{} key", what));
      LabelRequirement r;
      r.key = std::string(key);
      r.op = SelectorOp::In;
      r.node = e->value;
      std::string value;
      if (!string_field(*e->value, value)) {
        error(e->value,
              fmt::format("{} value of {} is {}; label values are strings{}", what, in_quotes(key),
                          type_name(*e->value), e->value->is_scalar() ? ": quote it" : ""));
        value = std::string(e->value->str());
      } else {
        check_value(*e->value, value, fmt::format("{} value of {}", what, in_quotes(key)));
      }
      r.values.push_back(std::move(value));
      out.push_back(std::move(r));
    }
  }

  void expression(const Node& item, std::size_t index, std::vector<LabelRequirement>& out) {
    const std::string where = fmt::format("matchExpressions[{}]", index);
    if (!item.is_mapping()) {
      error(&item, fmt::format("{} is {}, not a mapping with key, operator and values", where,
                               type_name(item)));
      return;
    }
    for (const MapEntry& e : item.entries()) {
      std::string_view k = e.key->str();
      if (k != "key" && k != "operator" && k != "values")
        error(e.key, fmt::format("unknown field {} in {} (fields: key, operator, values)",
                                 in_quotes(k), where));
    }
    LabelRequirement r;
    r.node = &item;
    const Node* key = item.get("key");
    if (!key || key->is_null()) {
      error(&item, fmt::format("{} has no key", where));
    } else if (!string_field(*key, r.key)) {
      error(key, fmt::format("{} key is {}, not a string", where, type_name(*key)));
    } else {
      check_key(*key, r.key, fmt::format("{} key", where));
    }

    const Node* op = item.get("operator");
    bool op_ok = false;
    std::string op_text;
    if (!op || op->is_null()) {
      error(&item, fmt::format("{} has no operator (In, NotIn, Exists or DoesNotExist)", where));
    } else if (!string_field(*op, op_text)) {
      error(op, fmt::format("{} operator is {}, not a string", where, type_name(*op)));
    } else if (auto parsed = parse_op(op_text)) {
      r.op = *parsed;
      op_ok = true;
    } else {
      error(op, fmt::format("{} operator {} is not a valid selector operator (In, NotIn, Exists, "
                            "DoesNotExist; case matters)",
                            where, in_quotes(op_text)));
    }

    const Node* values = item.get("values");
    if (values && !values->is_null()) {
      if (!values->is_sequence()) {
        error(values,
              fmt::format("{} values is {}, not a list of strings", where, type_name(*values)));
        op_ok = false;  // the count of values is unknown: one error is enough
      } else {
        for (const Node* v : values->items()) {
          std::string value;
          if (!string_field(*v, value)) {
            error(v, fmt::format("{} value {} is {}; label values are strings{}", where, v->str(),
                                 type_name(*v), v->is_scalar() ? ": quote it" : ""));
            value = std::string(v->str());
          } else {
            check_value(*v, value, fmt::format("{} value", where));
          }
          r.values.push_back(std::move(value));
        }
      }
    } else {
      values = nullptr;
    }
    if (op_ok) {
      const bool needs_values = r.op == SelectorOp::In || r.op == SelectorOp::NotIn;
      if (needs_values && r.values.empty()) {
        error(values ? values : (op ? op : &item),
              fmt::format("{} operator {} needs at least one value", where, op_text));
      } else if (!needs_values && !r.values.empty()) {
        error(values, fmt::format("{} operator {} must not have values", where, op_text));
      }
    }
    out.push_back(std::move(r));
  }

 private:
  std::vector<SelectorError>& errors_;
};

void append_values(std::string& out, const std::vector<std::string>& values) {
  std::vector<std::string> sorted = values;
  std::sort(sorted.begin(), sorted.end());
  sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
  out += " (";
  for (std::size_t i = 0; i < sorted.size(); ++i) out += (i ? "," : "") + sorted[i];
  out += ")";
}

}  // namespace

LabelMap label_map(const Node* node) {
  LabelMap out;
  if (!node || !node->is_mapping()) return out;
  for (const MapEntry& e : node->entries()) {
    if (!e.key->is_scalar() || !e.value->is_scalar()) continue;
    out.insert_or_assign(std::string(e.key->text()),
                         e.value->is_null() ? std::string() : std::string(e.value->text()));
  }
  return out;
}

std::optional<std::string_view> label_value(const Node* labels, std::string_view key) {
  if (!labels || !labels->is_mapping()) return std::nullopt;
  // The last scalar entry wins, as in label_map (entries with a collection value are skipped).
  for (auto it = labels->entries().rbegin(); it != labels->entries().rend(); ++it) {
    if (!it->key->is_scalar() || !it->value->is_scalar() || it->key->text() != key) continue;
    return it->value->is_null() ? std::string_view{} : it->value->text();
  }
  return std::nullopt;
}

std::string_view to_string(SelectorOp op) {
  switch (op) {
    case SelectorOp::In:
      return "In";
    case SelectorOp::NotIn:
      return "NotIn";
    case SelectorOp::Exists:
      return "Exists";
    case SelectorOp::DoesNotExist:
      return "DoesNotExist";
  }
  return "In";
}

namespace {

bool requirement_holds(SelectorOp op, const std::vector<std::string>& values,
                       std::optional<std::string_view> value) {
  const bool has = value.has_value();
  switch (op) {
    case SelectorOp::In:
      return has && std::find(values.begin(), values.end(), *value) != values.end();
    case SelectorOp::NotIn:
      return !has || std::find(values.begin(), values.end(), *value) == values.end();
    case SelectorOp::Exists:
      return has;
    case SelectorOp::DoesNotExist:
      return !has;
  }
  return false;
}

}  // namespace

bool LabelRequirement::matches(const LabelMap& labels) const {
  auto it = labels.find(key);
  return requirement_holds(
      op, values, it == labels.end() ? std::nullopt : std::optional<std::string_view>(it->second));
}

bool LabelRequirement::matches(const Node* labels) const {
  return requirement_holds(op, values, label_value(labels, key));
}

LabelSelector LabelSelector::parse(const Node* node) {
  if (!node || node->is_null()) return nothing();
  LabelSelector s(State::Everything);
  s.node_ = node;
  Parser p(s.errors_);
  if (!node->is_mapping()) {
    s.state_ = State::Nothing;
    p.error(node, fmt::format("the selector is {}, not a mapping with matchLabels and/or "
                              "matchExpressions",
                              type_name(*node)));
    return s;
  }
  for (const MapEntry& e : node->entries()) {
    std::string_view k = e.key->str();
    if (k != "matchLabels" && k != "matchExpressions") {
      p.error(e.key, fmt::format("unknown field {} in a label selector: labels go under "
                                 "matchLabels (`matchLabels: {{{}: ...}}`)",
                                 in_quotes(k), k));
    }
  }
  std::size_t count = 0;
  if (const Node* labels = node->get("matchLabels"); labels && !labels->is_null()) {
    if (!labels->is_mapping()) {
      p.error(labels,
              fmt::format("matchLabels is {}, not a mapping of labels", type_name(*labels)));
    } else {
      p.map_entries(*labels, "matchLabels", s.requirements_);
      count += labels->entries().size();
    }
  }
  if (const Node* exprs = node->get("matchExpressions"); exprs && !exprs->is_null()) {
    if (!exprs->is_sequence()) {
      p.error(exprs, fmt::format("matchExpressions is {}, not a list", type_name(*exprs)));
    } else {
      for (std::size_t i = 0; i < exprs->items().size(); ++i)
        p.expression(*exprs->items()[i], i, s.requirements_);
      count += exprs->items().size();
    }
  }
  if (count > 0) s.state_ = State::Requirements;
  return s;
}

LabelSelector LabelSelector::from_map(const Node* node) {
  if (!node || node->is_null()) return nothing();
  LabelSelector s(State::Everything);
  s.node_ = node;
  Parser p(s.errors_);
  if (!node->is_mapping()) {
    s.state_ = State::Nothing;
    p.error(node, fmt::format("the selector is {}, not a mapping of labels", type_name(*node)));
    return s;
  }
  p.map_entries(*node, "selector", s.requirements_);
  if (!node->entries().empty()) s.state_ = State::Requirements;
  return s;
}

namespace {

template <typename Labels>
bool selector_matches(const std::vector<SelectorError>& errors, LabelSelector::State state,
                      const std::vector<LabelRequirement>& requirements, const Labels& labels) {
  if (!errors.empty()) return false;
  switch (state) {
    case LabelSelector::State::Nothing:
      return false;
    case LabelSelector::State::Everything:
      return true;
    case LabelSelector::State::Requirements:
      return std::all_of(requirements.begin(), requirements.end(),
                         [&](const LabelRequirement& r) { return r.matches(labels); });
  }
  return false;
}

}  // namespace

bool LabelSelector::matches(const LabelMap& labels) const {
  return selector_matches(errors_, state_, requirements_, labels);
}

bool LabelSelector::matches(const Node* labels) const {
  return selector_matches(errors_, state_, requirements_, labels);
}

std::string LabelSelector::to_string() const {
  if (state_ == State::Nothing) return "<none>";
  if (state_ == State::Everything) return "<everything>";
  std::vector<const LabelRequirement*> sorted;
  for (const LabelRequirement& r : requirements_) sorted.push_back(&r);
  std::stable_sort(
      sorted.begin(), sorted.end(),
      [](const LabelRequirement* a, const LabelRequirement* b) { return a->key < b->key; });
  std::string out;
  for (const LabelRequirement* r : sorted) {
    if (!out.empty()) out += ",";
    switch (r->op) {
      case SelectorOp::In:
        if (r->values.size() == 1) {
          out += r->key + "=" + r->values[0];
        } else {
          out += r->key + " in";
          append_values(out, r->values);
        }
        break;
      case SelectorOp::NotIn:
        out += r->key + " notin";
        append_values(out, r->values);
        break;
      case SelectorOp::Exists:
        out += r->key;
        break;
      case SelectorOp::DoesNotExist:
        out += "!" + r->key;
        break;
    }
  }
  return out;
}

std::string label_key_error(std::string_view key) {
  std::string_view name = key;
  const auto slash = key.find('/');
  if (slash != std::string_view::npos) {
    if (key.find('/', slash + 1) != std::string_view::npos)
      return "at most one '/' (an optional DNS subdomain prefix, then the name)";
    std::string_view prefix = key.substr(0, slash);
    name = key.substr(slash + 1);
    if (prefix.empty()) return "the prefix before '/' must not be empty";
    if (!is_dns1123_subdomain(prefix))
      return "the prefix before '/' must be a lowercase DNS subdomain of at most 253 characters";
  }
  if (name.empty()) return "the name must not be empty";
  if (name.size() > 63) return "the name must be at most 63 characters";
  if (!is_qualified_name_part(name))
    return "the name must consist of alphanumerics, '-', '_' or '.', and start and end with an "
           "alphanumeric";
  return {};
}

std::string label_value_error(std::string_view value) {
  if (value.size() > 63) return "at most 63 characters";
  if (!is_qualified_name_part(value))
    return "alphanumerics, '-', '_' or '.', starting and ending with an alphanumeric (or empty)";
  return {};
}

}  // namespace titanlint
