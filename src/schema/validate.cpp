#include "schema/validate.h"

#include <fmt/format.h>

#include <cmath>
#include <limits>
#include <map>
#include <vector>

#include "quantity.h"

namespace titanlint::schema {
namespace {

std::string_view key_text(const Node& key) {
  return key.text();
}

bool integral_number(const Node& node) {
  const std::optional<double> v = node.as_number();
  return v && std::isfinite(*v) && std::floor(*v) == *v;
}

std::string quoted_list(const std::vector<std::string>& values) {
  std::string out;
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i) out += i + 1 == values.size() ? " or " : ", ";
    out += values[i];
  }
  return out;
}

// YAML 1.1 words that are booleans only because the API server's decoder says so.
bool yaml11_only_bool(std::string_view text) {
  return text != "true" && text != "false";
}

// The key `node` is the value of in its parent mapping, or empty.
std::string_view key_of(const Node* node) {
  if (!node || !node->parent || !node->parent->is_mapping()) return {};
  for (const MapEntry& e : node->parent->entries())
    if (e.value == node) return e.key->text();
  return {};
}

// A container's resources.requests/limits value: TL005 reports the quantities there that do not
// parse (one problem, one finding).
bool container_resource(const Node& value) {
  const std::string_view list = key_of(value.parent);
  if (list != "requests" && list != "limits") return false;
  const Node* resources = value.parent->parent;
  if (key_of(resources) != "resources") return false;
  const Node* container = resources->parent;
  if (!container || !container->parent || !container->parent->is_sequence()) return false;
  const std::string_view containers = key_of(container->parent);
  return containers == "containers" || containers == "initContainers";
}

// Issues past this many in one object are dropped (a hostile object with 100,000 unknown keys
// must not cost 100,000 "did you mean" searches; limits.maxFindingsPerFile is lower anyway).
constexpr std::size_t kMaxIssues = 1000;

class Validator {
 public:
  Validator(unsigned problems, const IssueSink& sink) : problems_(problems), sink_(sink) {}

  void walk(const TypeNode& type, const Node& node, std::string_view field) {
    if (node.is_null()) return;        // the decoder leaves the zero value
    if (node.is_non_finite()) return;  // `.inf`, `.nan`: TL005's finding (no JSON number)
    switch (type.type) {
      case Type::Any:
        return;
      case Type::Object:
        return object(type, node, field);
      case Type::Array:
        return array(type, node, field);
      case Type::String:
        if (!node.is_string()) return wrong(type, node, field, "a string", string_hint(node));
        if (!type.enum_values.empty()) enumerated(type, node, field);
        return;
      case Type::Integer:
        return integer(type, node, field);
      case Type::Number:
        if (node.is_scalar() && (node.type == ScalarType::Int || node.type == ScalarType::Float) &&
            !node.is_non_finite())
          return;
        return wrong(type, node, field, "a number", number_hint(node));
      case Type::Boolean:
        if (node.is_scalar() && node.type == ScalarType::Bool) return;
        return wrong(type, node, field, "a boolean (true or false)",
                     node.is_string() ? "write true or false without quotes" : "");
      case Type::IntOrString:
        if (node.is_string() || (node.is_scalar() && node.type == ScalarType::Int)) return;
        if (node.is_scalar() && node.type == ScalarType::Float && integral_number(node)) return;
        return wrong(type, node, field, "an integer or a string", string_hint(node));
      case Type::Quantity:
        return quantity(type, node, field);
    }
  }

 private:
  bool wants(Problem p) const { return (problems_ & static_cast<unsigned>(p)) != 0; }

  void emit(Problem p, const Node& node, std::string_view field, std::string_view suggestion,
            const TypeNode& type, std::string message, std::string remediation) {
    if (++emitted_ > kMaxIssues) return;
    sink_(Issue{p, &node, field, suggestion, &type, std::move(message), std::move(remediation)});
  }

  void wrong(const TypeNode& type, const Node& node, std::string_view field,
             std::string_view expected, std::string remediation) {
    if (!wants(Problem::WrongType)) return;
    std::string message = fmt::format("`{}` must be {}, not {}", field.empty() ? type.name : field,
                                      expected, describe(node));
    if (node.is_scalar() && node.type == ScalarType::Bool && yaml11_only_bool(node.text()))
      message += fmt::format(
          " (YAML 1.1, which the API server reads, takes an unquoted `{}` "
          "as a boolean)",
          node.text());
    if (remediation.empty()) remediation = fmt::format("write {} here", expected);
    emit(Problem::WrongType, node, field, {}, type, std::move(message), std::move(remediation));
  }

  static std::string string_hint(const Node& node) {
    if (node.is_scalar() && !node.is_string())
      return fmt::format("quote the value: \"{}\"", node.text());
    return {};
  }

  static std::string number_hint(const Node& node) {
    if (node.is_string() && node.as_number())
      return fmt::format("write {} without quotes", node.text());
    return {};
  }

  void integer(const TypeNode& type, const Node& node, std::string_view field) {
    if (node.is_scalar() && (node.type == ScalarType::Int ||
                             (node.type == ScalarType::Float && integral_number(node)))) {
      if (!type.int32) return;
      const std::optional<double> v = node.as_number();
      if (v && *v >= std::numeric_limits<std::int32_t>::min() &&
          *v <= std::numeric_limits<std::int32_t>::max())
        return;
      return wrong(type, node, field, "a 32-bit integer",
                   "write a value from -2147483648 to 2147483647");
    }
    wrong(type, node, field, "an integer", number_hint(node));
  }

  void quantity(const TypeNode& type, const Node& node, std::string_view field) {
    if (node.is_scalar() && (node.type == ScalarType::Int || node.type == ScalarType::Float) &&
        !node.is_non_finite())
      return;
    if (node.is_string()) {
      if (parse_quantity(node.text())) return;
      if (!wants(Problem::WrongType) || container_resource(node)) return;
      emit(Problem::WrongType, node, field, {}, type,
           fmt::format("`{}` is not a quantity: \"{}\"", field, node.text()),
           "write a quantity such as 500m, 2, 128Mi or 1Gi");
      return;
    }
    wrong(type, node, field, "a quantity (a number, or a string such as 500m or 128Mi)", "");
  }

  void enumerated(const TypeNode& type, const Node& node, std::string_view field) {
    if (!wants(Problem::BadEnum)) return;
    const std::string_view value = node.text();
    if (value.empty()) return;  // unset: the API server defaults it
    for (const std::string& v : type.enum_values)
      if (v == value) return;
    const std::vector<std::string_view> candidates(type.enum_values.begin(),
                                                   type.enum_values.end());
    const std::string_view suggestion = closest(value, candidates);
    std::string message = fmt::format(
        "`{}` is \"{}\", which the API server does not accept: "
        "one of {}",
        field, value, quoted_list(type.enum_values));
    if (!suggestion.empty()) message += fmt::format("; did you mean {}?", suggestion);
    std::string remediation = suggestion.empty()
                                  ? fmt::format("use one of {}", quoted_list(type.enum_values))
                                  : fmt::format("did you mean {}?", suggestion);
    emit(Problem::BadEnum, node, field, suggestion, type, std::move(message),
         std::move(remediation));
  }

  void object(const TypeNode& type, const Node& node, std::string_view field) {
    if (!node.is_mapping())
      return wrong(type, node, field, fmt::format("a mapping ({})", type.name), "");
    if (type.free_form()) return;
    const bool judge_keys = !type.properties.empty() && !type.additional && !type.preserve_unknown;
    for (const MapEntry& e : node.entries()) {
      const std::string_view key = key_text(*e.key);
      if (const TypeNode* child = type.property(key)) {
        walk(*child, *e.value, key);
      } else if (type.additional) {
        walk(*type.additional, *e.value, key);
      } else if (judge_keys && wants(Problem::UnknownField)) {
        unknown(type, *e.key, key);
      }
    }
    if (wants(Problem::MissingRequired)) required(type, node);
  }

  void unknown(const TypeNode& type, const Node& key_node, std::string_view key) {
    if (emitted_ >= kMaxIssues) return;  // no suggestion work for issues that are dropped
    std::vector<std::string_view> names;
    names.reserve(type.properties.size());
    for (const Property& p : type.properties) names.push_back(p.name);
    const std::string_view suggestion = closest(key, names);
    std::string message = fmt::format("unknown field `{}` in {}", key, type.name);
    std::string remediation;
    if (!suggestion.empty()) {
      message += fmt::format("; did you mean `{}`?", suggestion);
      remediation = fmt::format("rename `{}` to `{}`", key, suggestion);
    } else {
      remediation = fmt::format(
          "remove `{}`, or move it where {} fields are: the API server "
          "drops unknown fields (kubectl --validate=strict rejects them)",
          key, type.name);
    }
    emit(Problem::UnknownField, key_node, key, suggestion, type, std::move(message),
         std::move(remediation));
  }

  void required(const TypeNode& type, const Node& node) {
    for (const std::string& name : type.required) {
      if (node.get(name)) continue;
      // A misspelled required field is one problem: TL006 reports the key.
      bool misspelled = false;
      for (const MapEntry& e : node.entries())
        if (!type.property(key_text(*e.key)) && !closest(key_text(*e.key), {name}).empty())
          misspelled = true;
      if (misspelled) continue;
      emit(Problem::MissingRequired, node, name, {}, type,
           fmt::format("{} requires `{}`", type.name, name),
           fmt::format("add `{}`: the API server rejects a {} without it", name, type.name));
    }
  }

  void array(const TypeNode& type, const Node& node, std::string_view field) {
    if (!node.is_sequence())
      return wrong(type, node, field, "a list",
                   node.is_mapping() ? "write the entries as a list (`- `)" : "");
    if (type.items)
      for (const Node* item : node.items()) walk(*type.items, *item, field);
    if (!type.merge_keys.empty() && wants(Problem::DuplicateKey)) duplicates(type, node, field);
  }

  void duplicates(const TypeNode& type, const Node& node, std::string_view field) {
    if (node.items().size() < 2) return;
    // Most lists (env, ports, volumeMounts) have no duplicate: the message text is built only
    // for one that has (formatting it for every entry was a measurable part of the lint).
    std::map<std::string, const Node*> seen;
    std::vector<std::string_view> texts(type.merge_keys.size());
    for (const Node* item : node.items()) {
      if (!item->is_mapping()) continue;
      std::string tuple;
      const Node* at = nullptr;
      bool complete = true;
      for (std::size_t k = 0; k < type.merge_keys.size(); ++k) {
        const std::string& key = type.merge_keys[k];
        const Node* value = item->get(key);
        std::string_view text;
        if (value && value->is_scalar() && !value->is_null()) {
          text = value->text();
          if (!at) at = value;
        } else if (key == "protocol") {
          text = "TCP";  // the API server's default
        } else {
          complete = false;
          break;
        }
        texts[k] = text;
        tuple.append(text).push_back('\0');
      }
      if (!complete || !at) continue;
      auto [it, inserted] = seen.emplace(std::move(tuple), at);
      if (inserted) continue;
      std::string shown;
      for (std::size_t k = 0; k < type.merge_keys.size(); ++k) {
        if (!shown.empty()) shown += " and ";
        shown += fmt::format("{} {}", type.merge_keys[k], texts[k]);
      }
      emit(Problem::DuplicateKey, *at, field, {}, type,
           fmt::format("`{}` has two entries with {} (the first at line {}); the API server "
                       "merges the list by {}",
                       field, shown, it->second->line, quoted_list(type.merge_keys)),
           "give each entry its own key, or merge the two entries into one");
    }
  }

  unsigned problems_;
  const IssueSink& sink_;
  std::size_t emitted_ = 0;
};

}  // namespace

std::string describe(const Node& node) {
  if (node.is_mapping()) return "a mapping";
  if (node.is_sequence()) return "a list";
  switch (node.type) {
    case ScalarType::Null:
      return "null";
    case ScalarType::Bool:
      return fmt::format("the boolean {}", node.text());
    case ScalarType::Int:
      return fmt::format("the integer {}", node.text());
    case ScalarType::Float:
      return fmt::format("the number {}", node.text());
    case ScalarType::String:
      return fmt::format("the string \"{}\"", node.text().substr(0, 60));
  }
  return "a value";
}

void validate(const TypeNode& type, const Node& node, unsigned problems, const IssueSink& sink) {
  Validator(problems, sink).walk(type, node, {});
}

}  // namespace titanlint::schema
