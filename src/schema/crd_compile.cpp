#include "schema/crd_compile.h"

#include <algorithm>
#include <string>

#include "schema/crd.h"

namespace titanlint::schema {

// (A class rather than free helpers: in a unity build an anonymous namespace is shared with the
// other files of titanlint_core, so its names would have to be unique across them.)
class CrdSchemaCompiler {
 public:
  explicit CrdSchemaCompiler(std::deque<TypeNode>& nodes) : nodes_(nodes) {}

  const TypeNode* root(const Node& schema, std::string_view kind) {
    TypeNode& node = fresh(std::string(kind));
    fill(node, schema, 0);
    if (node.type != Type::Object) return &node;  // not an object: judged as written
    // Every custom resource has these, whether or not its schema lists them; metadata is
    // ObjectMeta (the API server prunes and validates it as such, whatever the schema says).
    set_property(node, "apiVersion", &string_type());
    set_property(node, "kind", &string_type());
    if (const TypeNode* meta = object_meta()) set_property(node, "metadata", meta);
    return &node;
  }

 private:
  static std::string_view text_of(const Node* node) {
    return node && node->is_scalar() ? node->text() : std::string_view{};
  }
  static bool flag(const Node& schema, std::string_view key) {
    const Node* value = schema.get(key);
    return value && value->as_bool().value_or(false);
  }

  TypeNode& fresh(std::string name) {
    TypeNode& node = nodes_.emplace_back();
    node.name = std::move(name);
    return node;
  }

  // A node that judges nothing: for what the compiler cannot or may not read further.
  const TypeNode& any() {
    if (!any_) any_ = &fresh("any");
    return *any_;
  }
  const TypeNode& string_type() {
    if (!string_) {
      string_ = &fresh("string");
      string_->type = Type::String;
    }
    return *string_;
  }
  // The built-in ObjectMeta (any built-in kind's metadata; ConfigMap is in every version).
  static const TypeNode* object_meta() {
    const TypeNode* config_map = Schema::builtin().find("", "v1", "ConfigMap");
    return config_map ? config_map->property("metadata") : nullptr;
  }

  static void set_property(TypeNode& node, std::string_view name, const TypeNode* type) {
    auto it = std::lower_bound(node.properties.begin(), node.properties.end(), name,
                               [](const Property& p, std::string_view n) { return p.name < n; });
    if (it != node.properties.end() && it->name == name)
      it->type = type;
    else
      node.properties.insert(it, Property{std::string(name), type});
  }

  const TypeNode* child(const Node* schema, std::string name, std::size_t depth) {
    if (!schema || !schema->is_mapping() || depth >= kMaxCrdSchemaDepth ||
        nodes_.size() - start_ >= kMaxCrdSchemaNodes)
      return &any();
    TypeNode& node = fresh(std::move(name));
    fill(node, *schema, depth);
    return &node;
  }

  void fill(TypeNode& node, const Node& schema, std::size_t depth) {
    if (!schema.is_mapping()) return;  // Type::Any
    node.preserve_unknown = flag(schema, "x-kubernetes-preserve-unknown-fields");
    if (flag(schema, "x-kubernetes-int-or-string")) {
      node.type = Type::IntOrString;
      return;
    }
    const bool embedded = flag(schema, "x-kubernetes-embedded-resource");
    const Node* properties = schema.get("properties");
    const std::string_view type = text_of(schema.get("type"));
    node.type = type_of_word(type, (properties && properties->is_mapping()) || embedded);
    node.int32 = node.type == Type::Integer && text_of(schema.get("format")) == "int32";
    // Anything else (no type: only with x-kubernetes-preserve-unknown-fields in a structural
    // schema, or an unknown word) stays Type::Any. `$ref` is not allowed in a CRD and is not
    // followed (so there is no cycle to guard against); allOf/anyOf/oneOf/not may not add
    // fields in a structural schema and are not read; `nullable` needs nothing: null is
    // accepted everywhere (the API server prunes a null it does not allow).
    if (node.type == Type::String) enumeration(node, schema);
    if (node.type == Type::Object) object(node, schema, properties, embedded, depth);
    if (node.type == Type::Array) array(node, schema, depth);
  }

  void enumeration(TypeNode& node, const Node& schema) {
    const Node* values = schema.get("enum");
    if (!values || !values->is_sequence() || values->items().size() > kMaxCrdEnumValues) return;
    for (const Node* v : values->items())
      if (v->is_scalar() && !v->is_null()) node.enum_values.emplace_back(v->text());
  }

  void object(TypeNode& node, const Node& schema, const Node* properties, bool embedded,
              std::size_t depth) {
    if (properties && properties->is_mapping()) {
      if (properties->entries().size() > kMaxCrdProperties) {
        node.preserve_unknown = true;  // too many to search for "did you mean": keys not judged
      }
      for (const MapEntry& e : properties->entries()) {
        if (!e.key->is_scalar()) continue;
        const std::string key(e.key->text());
        node.properties.push_back({key, child(e.value, node.name + "." + key, depth + 1)});
      }
      // Sorted once (not inserted in order: 100,000 properties would be quadratic); of a key
      // written twice the last one counts, as when the API server decodes the CRD.
      std::stable_sort(node.properties.begin(), node.properties.end(),
                       [](const Property& a, const Property& b) { return a.name < b.name; });
      auto last =
          std::unique(node.properties.rbegin(), node.properties.rend(),
                      [](const Property& a, const Property& b) { return a.name == b.name; });
      node.properties.erase(node.properties.begin(), last.base());
    }
    if (const Node* additional = schema.get("additionalProperties")) {
      if (additional->is_mapping())
        node.additional = child(additional, node.name + ".*", depth + 1);
      else if (additional->as_bool().value_or(false))
        node.additional = &any();
    }
    if (const Node* required = schema.get("required"))
      for (const Node* r : required->items())
        if (r->is_scalar() && !r->text().empty()) node.required.emplace_back(r->text());
    if (embedded) {
      // An embedded object (a template of another kind): apiVersion, kind and metadata are
      // allowed beside what the schema lists.
      set_property(node, "apiVersion", &string_type());
      set_property(node, "kind", &string_type());
      if (const TypeNode* meta = object_meta()) set_property(node, "metadata", meta);
    }
  }

  void array(TypeNode& node, const Node& schema, std::size_t depth) {
    node.items = child(schema.get("items"), node.name + "[]", depth + 1);
    if (text_of(schema.get("x-kubernetes-list-type")) != "map") return;
    if (const Node* keys = schema.get("x-kubernetes-list-map-keys"))
      for (const Node* k : keys->items())
        if (k->is_scalar() && !k->text().empty()) node.merge_keys.emplace_back(k->text());
  }

  std::deque<TypeNode>& nodes_;
  const std::size_t start_ = nodes_.size();
  TypeNode* any_ = nullptr;
  TypeNode* string_ = nullptr;
};

const TypeNode* compile_crd_schema(const Node& schema, std::string_view kind,
                                   std::deque<TypeNode>& nodes) {
  return CrdSchemaCompiler(nodes).root(schema, kind);
}

}  // namespace titanlint::schema
