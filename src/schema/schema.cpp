#include "schema/schema.h"

#include <simdjson.h>

#include <algorithm>
#include <cctype>
#include <mutex>
#include <stdexcept>
#include <unordered_map>

#include "schema/enums.h"

namespace titanlint::schema {

std::string_view to_string(Type type) {
  switch (type) {
    case Type::Any:
      return "any";
    case Type::String:
      return "string";
    case Type::Integer:
      return "integer";
    case Type::Number:
      return "number";
    case Type::Boolean:
      return "boolean";
    case Type::Object:
      return "object";
    case Type::Array:
      return "array";
    case Type::IntOrString:
      return "integer or string";
    case Type::Quantity:
      return "quantity";
  }
  return "any";
}

Type type_of_word(std::string_view type, bool has_properties) {
  if (type == "string") return Type::String;
  if (type == "integer") return Type::Integer;
  if (type == "number") return Type::Number;
  if (type == "boolean") return Type::Boolean;
  if (type == "array") return Type::Array;
  if (type == "object" || has_properties) return Type::Object;
  return Type::Any;
}

const TypeNode* TypeNode::property(std::string_view key) const {
  auto it = std::lower_bound(properties.begin(), properties.end(), key,
                             [](const Property& p, std::string_view k) { return p.name < k; });
  return it != properties.end() && it->name == key ? it->type : nullptr;
}

namespace {

namespace dom = simdjson::dom;

std::string short_name(std::string_view definition) {
  const std::size_t dot = definition.rfind('.');
  return std::string(dot == std::string_view::npos ? definition : definition.substr(dot + 1));
}

std::string_view string_or_empty(dom::element e, std::string_view key) {
  std::string_view out;
  if (e[key].get_string().get(out) != simdjson::SUCCESS) return {};
  return out;
}

std::string gvk_key(std::string_view group, std::string_view version, std::string_view kind) {
  std::string key;
  key.reserve(group.size() + version.size() + kind.size() + 2);
  key.append(group).append("/").append(version).append("/").append(kind);
  return key;
}

}  // namespace

// Turns the definitions into nodes: one node per definition (so `$ref` is a pointer), one per
// inline schema.
class Compiler {
 public:
  explicit Compiler(Schema& out) : out_(out) {}

  void compile(std::string_view json) {
    simdjson::padded_string padded(json);
    dom::parser parser;
    dom::element root;
    if (auto error = parser.parse(padded).get(root))
      throw std::runtime_error(std::string("the schema does not parse: ") +
                               simdjson::error_message(error));
    dom::object definitions;
    if (root["definitions"].get_object().get(definitions) != simdjson::SUCCESS)
      throw std::runtime_error("the schema has no `definitions` object");
    for (auto [name, value] : definitions) {
      TypeNode& node = out_.nodes_.emplace_back();
      node.name = short_name(name);
      by_name_.emplace(name, &node);
    }
    for (auto [name, value] : definitions) {
      TypeNode& node = *by_name_.at(name);
      fill(node, value, name);
      dom::array gvks;
      if (value["x-kubernetes-group-version-kind"].get_array().get(gvks) != simdjson::SUCCESS)
        continue;
      const bool shared = gvks.size() > 1;
      for (dom::element gvk : gvks) {
        GroupVersionKind id{std::string(string_or_empty(gvk, "group")),
                            std::string(string_or_empty(gvk, "version")),
                            std::string(string_or_empty(gvk, "kind")), shared};
        if (id.kind.empty() || id.version.empty()) continue;
        if (out_.kinds_.emplace(gvk_key(id.group, id.version, id.kind), &node).second)
          out_.gvks_.push_back(std::move(id));
      }
    }
    for (const GroupVersionKind& id : out_.gvks_)
      if (!id.shared) out_.groups_.push_back(id.group);
    std::sort(out_.groups_.begin(), out_.groups_.end());
    out_.groups_.erase(std::unique(out_.groups_.begin(), out_.groups_.end()), out_.groups_.end());
    apply_enums();
    // Required by the API server's validation though the OpenAPI document marks it optional
    // (ValidateContainers: "image: Required value").
    for (std::string_view name : {"io.k8s.api.core.v1.Container"})
      if (auto it = by_name_.find(name); it != by_name_.end())
        it->second->required.emplace_back("image");
  }

 private:
  const TypeNode* resolve(dom::element e, std::string_view context) {
    std::string_view ref = string_or_empty(e, "$ref");
    if (!ref.empty()) {
      constexpr std::string_view prefix = "#/definitions/";
      if (ref.starts_with(prefix)) ref.remove_prefix(prefix.size());
      auto it = by_name_.find(ref);
      if (it != by_name_.end()) return it->second;
      return &any();  // a dangling reference judges nothing
    }
    TypeNode& node = out_.nodes_.emplace_back();
    node.name = std::string(context);
    fill(node, e, context);
    return &node;
  }

  const TypeNode& any() {
    if (!any_) {
      any_ = &out_.nodes_.emplace_back();
      any_->name = "any";
    }
    return *any_;
  }

  void fill(TypeNode& node, dom::element e, std::string_view definition) {
    const std::string_view type = string_or_empty(e, "type");
    const std::string_view format = string_or_empty(e, "format");
    if (definition == "io.k8s.apimachinery.pkg.api.resource.Quantity") {
      node.type = Type::Quantity;
      return;
    }
    bool preserve = false;
    if (e["x-kubernetes-preserve-unknown-fields"].get_bool().get(preserve) == simdjson::SUCCESS)
      node.preserve_unknown = preserve;
    bool int_or_string = false;
    if (e["x-kubernetes-int-or-string"].get_bool().get(int_or_string) != simdjson::SUCCESS)
      int_or_string = false;
    if (format == "int-or-string" || int_or_string) {
      node.type = Type::IntOrString;
      return;
    }
    dom::object properties;
    const bool has_properties = e["properties"].get_object().get(properties) == simdjson::SUCCESS;
    node.type = type_of_word(type, has_properties);
    node.int32 = node.type == Type::Integer && format == "int32";

    if (node.type == Type::Object) {
      if (has_properties) {
        for (auto [key, value] : properties) {
          std::string context = node.name + "." + std::string(key);
          node.properties.push_back({std::string(key), resolve(value, context)});
        }
        std::sort(node.properties.begin(), node.properties.end(),
                  [](const Property& a, const Property& b) { return a.name < b.name; });
      }
      dom::element additional;
      if (e["additionalProperties"].get(additional) == simdjson::SUCCESS) {
        if (additional.is_object())
          node.additional = resolve(additional, node.name + ".*");
        else if (additional.is_bool() && bool(additional))
          node.additional = &any();
      }
      dom::array required;
      if (e["required"].get_array().get(required) == simdjson::SUCCESS)
        for (dom::element r : required) {
          std::string_view name;
          if (r.get_string().get(name) == simdjson::SUCCESS) node.required.emplace_back(name);
        }
    } else if (node.type == Type::Array) {
      dom::element items;
      node.items =
          e["items"].get(items) == simdjson::SUCCESS ? resolve(items, node.name + "[]") : &any();
      dom::array keys;
      if (string_or_empty(e, "x-kubernetes-list-type") == "map" &&
          e["x-kubernetes-list-map-keys"].get_array().get(keys) == simdjson::SUCCESS) {
        for (dom::element k : keys) {
          std::string_view name;
          if (k.get_string().get(name) == simdjson::SUCCESS) node.merge_keys.emplace_back(name);
        }
      } else if (std::string_view key = string_or_empty(e, "x-kubernetes-patch-merge-key");
                 !key.empty()) {
        node.merge_keys.emplace_back(key);
      }
    }
  }

  void apply_enums() {
    for (const EnumEntry& entry : enum_table()) {
      auto it = by_name_.find(entry.definition);
      if (it == by_name_.end()) continue;
      TypeNode* node = const_cast<TypeNode*>(it->second->property(entry.property));
      if (node && node->type == Type::Array) node = const_cast<TypeNode*>(node->items);
      // Only an inline string schema is the property's own; a shared definition is not changed.
      if (!node || node->type != Type::String || by_name_.contains(node->name)) continue;
      std::string_view values = entry.values;
      while (!values.empty()) {
        const std::size_t space = values.find(' ');
        node->enum_values.emplace_back(values.substr(0, space));
        values = space == std::string_view::npos ? std::string_view{} : values.substr(space + 1);
      }
    }
  }

  Schema& out_;
  std::unordered_map<std::string_view, TypeNode*> by_name_;
  TypeNode* any_ = nullptr;
};

Schema Schema::compile_swagger(std::string_view json) {
  Schema schema;
  Compiler(schema).compile(json);
  return schema;
}

const Schema& Schema::builtin() {
  static const Schema schema = compile_swagger(embedded_swagger());
  return schema;
}

const TypeNode* Schema::find(std::string_view group, std::string_view version,
                             std::string_view kind) const {
  auto it = kinds_.find(gvk_key(group, version, kind));
  return it == kinds_.end() ? nullptr : it->second;
}

bool Schema::knows_group(std::string_view group) const {
  return std::binary_search(groups_.begin(), groups_.end(), group);
}

std::vector<std::string> Schema::versions_of(std::string_view group, std::string_view kind) const {
  std::vector<std::string> out;
  for (const GroupVersionKind& id : gvks_)
    if (!id.shared && id.group == group && id.kind == kind) out.push_back(id.version);
  return out;
}

std::vector<std::string> Schema::kinds_of(std::string_view group, std::string_view version) const {
  std::vector<std::string> out;
  for (const GroupVersionKind& id : gvks_)
    if (!id.shared && id.group == group && id.version == version) out.push_back(id.kind);
  return out;
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  const std::size_t n = a.size(), m = b.size();
  std::vector<std::size_t> prev2(m + 1), prev(m + 1), cur(m + 1);
  for (std::size_t j = 0; j <= m; ++j) prev[j] = j;
  for (std::size_t i = 1; i <= n; ++i) {
    cur[0] = i;
    for (std::size_t j = 1; j <= m; ++j) {
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        cur[j] = std::min(cur[j], prev2[j - 2] + 1);
    }
    std::swap(prev2, prev);
    std::swap(prev, cur);
  }
  return prev[m];
}

std::string_view closest(std::string_view word, const std::vector<std::string_view>& candidates) {
  auto lower_equal = [](std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
             return std::tolower(static_cast<unsigned char>(x)) ==
                    std::tolower(static_cast<unsigned char>(y));
           });
  };
  std::string_view best;
  std::size_t best_distance = 3;
  for (std::string_view c : candidates) {
    if (lower_equal(word, c)) return c;
    const std::size_t length = std::max(word.size(), c.size());
    if (length > word.size() + 2 || c.size() + 2 < word.size()) continue;
    const std::size_t d = edit_distance(word, c);
    if (d < best_distance && d * 3 < length) best = c, best_distance = d;
  }
  return best;
}

}  // namespace titanlint::schema
