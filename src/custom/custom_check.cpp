#include "custom/custom_check.h"

#include <re2/re2.h>

#include <algorithm>
#include <cctype>
#include <mutex>
#include <optional>
#include <set>
#include <unordered_map>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/constraint_builder.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validation_results.hpp>
#include <valijson/validator.hpp>

#include "config.h"
#include "custom/go_template.h"
#include "custom/node_adapter.h"
#include "lint_set.h"
#include "quantity.h"
#include "yaml_loader.h"

namespace titanlint::custom {

nlohmann::json to_json(const Node& node, ViewMode mode) {
  if (node.is_mapping()) {
    nlohmann::json out = nlohmann::json::object();
    for (const MapEntry& e : node.entries())
      out[std::string(e.key->text())] = to_json(*e.value, child_mode(mode, e.key->text()));
    return out;
  }
  if (node.is_sequence()) {
    nlohmann::json out = nlohmann::json::array();
    for (const Node* item : node.items()) out.push_back(to_json(*item, mode));
    return out;
  }
  if (mode == ViewMode::Quantity && !node.is_null()) return std::string(node.text());
  switch (node.type) {
    case ScalarType::Null:
      return nullptr;
    case ScalarType::Bool:
      return node.as_bool().value_or(false);
    case ScalarType::Int:
      if (auto i = node.as_int()) return *i;
      if (auto d = node.as_number()) return *d;
      return std::string(node.text());
    case ScalarType::Float:
      if (auto d = node.as_number()) return *d;
      return std::string(node.text());
    case ScalarType::String:
      return std::string(node.text());
  }
  return nullptr;
}

namespace {

// ---- where a schema's nodes are in the config --------------------------------------------

// A schema given as text (schemaString): its nodes' positions are within that text, which is the
// value of `scalar` in `source`. Maps them back to the config file.
struct TextOrigin {
  const SourceFile* source = nullptr;
  const Node* scalar = nullptr;

  Position map(std::uint32_t line, std::uint32_t column) const {
    if (!scalar) return {line, column};
    if (scalar->style == ScalarStyle::Literal || scalar->style == ScalarStyle::Folded) {
      // The block's indentation is its first non-empty line's.
      std::uint32_t indent = 0;
      for (std::uint32_t l = scalar->line + 1; source && l <= source->line_count(); ++l) {
        std::string_view text = source->line(l);
        if (text.find_first_not_of(' ') == std::string_view::npos) continue;
        while (indent < text.size() && text[indent] == ' ') ++indent;
        break;
      }
      return {scalar->line + line, indent + column};
    }
    if (line <= 1) return {scalar->line, scalar->column + column};
    return {scalar->line + line - 1, column};
  }
  Position of_offset(std::string_view text, std::size_t offset) const {
    std::uint32_t line = 1, column = 1;
    for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
      if (text[i] == '\n') {
        ++line;
        column = 1;
      } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
        ++column;
      }
    }
    return map(line, column);
  }
};

// A problem in a schema, at one of its nodes.
struct SchemaError {
  const Node* at;
  std::string message;
};

// ---- the compiled schema and its custom constraints ---------------------------------------

struct CompiledSchema {
  valijson::Schema schema;
  // The schema text was empty (a template rendered nothing): as a main schema it accepts
  // anything; as an additional schema it is no requirement at all.
  bool empty = false;
  std::vector<std::shared_ptr<const RE2>> patterns;
  std::vector<Quantity> quantities;
};

class Re2PatternConstraint : public valijson::constraints::PolyConstraint {
 public:
  explicit Re2PatternConstraint(std::shared_ptr<const RE2> re) : re_(std::move(re)) {}
  bool validate(const valijson::adapters::Adapter& target, const std::vector<std::string>& context,
                valijson::ValidationResults* results) const override {
    if (!target.isString()) return true;
    if (RE2::PartialMatch(target.asString(), *re_)) return true;
    if (results)
      results->pushError(context, fmt::format("does not match the pattern '{}'", re_->pattern()));
    return false;
  }

 private:
  Constraint* cloneInto(void* memory) const override {
    return new (memory) Re2PatternConstraint(*this);
  }
  std::size_t sizeOf() const override { return sizeof(Re2PatternConstraint); }
  std::shared_ptr<const RE2> re_;
};

class QuantityConstraint : public valijson::constraints::PolyConstraint {
 public:
  QuantityConstraint(Quantity bound, bool minimum) : bound_(std::move(bound)), minimum_(minimum) {}
  bool validate(const valijson::adapters::Adapter& target, const std::vector<std::string>& context,
                valijson::ValidationResults* results) const override {
    std::optional<Quantity> q;
    if (target.isString())
      q = parse_quantity(target.asString());
    else if (target.isInteger())
      q = parse_quantity(std::to_string(target.asInteger()));
    else if (target.isDouble())
      q = parse_quantity(fmt::format("{}", target.asDouble()));
    else
      return true;  // as Polaris: the keyword judges quantities only
    bool ok = q && (minimum_ ? *q >= bound_ : *q <= bound_);
    if (!ok && results)
      results->pushError(
          context,
          q ? fmt::format("{} is {} {}", q->to_string(),
                          minimum_ ? "below the minimum" : "above the maximum", bound_.to_string())
            : std::string("is not a resource quantity"));
    return ok;
  }

 private:
  Constraint* cloneInto(void* memory) const override {
    return new (memory) QuantityConstraint(*this);
  }
  std::size_t sizeOf() const override { return sizeof(QuantityConstraint); }
  Quantity bound_;
  bool minimum_;
};

class PatternBuilder : public valijson::ConstraintBuilder {
 public:
  explicit PatternBuilder(const CompiledSchema& s) : s_(s) {}
  valijson::constraints::Constraint* make(const valijson::adapters::Adapter& value) const override {
    return new Re2PatternConstraint(s_.patterns.at(static_cast<std::size_t>(value.asInteger())));
  }

 private:
  const CompiledSchema& s_;
};

class QuantityBuilder : public valijson::ConstraintBuilder {
 public:
  QuantityBuilder(const CompiledSchema& s, bool minimum) : s_(s), minimum_(minimum) {}
  valijson::constraints::Constraint* make(const valijson::adapters::Adapter& value) const override {
    return new QuantityConstraint(s_.quantities.at(static_cast<std::size_t>(value.asInteger())),
                                  minimum_);
  }

 private:
  const CompiledSchema& s_;
  bool minimum_;
};

constexpr const char* kPatternKey = "titanlint:pattern";
constexpr const char* kMinimumKey = "titanlint:resourceMinimum";
constexpr const char* kMaximumKey = "titanlint:resourceMaximum";

// Rendered text of templated string scalars of a schema given as a tree (`schema:`).
using StringOverrides = std::unordered_map<const Node*, std::string>;

// Walks a schema, refusing what cannot be evaluated as Polaris would, and builds the JSON that
// valijson parses (`pattern` and the resource keywords renamed to our constraints).
class SchemaConverter {
 public:
  SchemaConverter(CompiledSchema& out, const StringOverrides* overrides)
      : out_(out), overrides_(overrides) {}

  nlohmann::json schema(const Node& n, int depth) {
    count(n);
    if (depth > kMaxSchemaDepth)
      throw SchemaError{&n,
                        fmt::format("the schema is nested deeper than {} levels", kMaxSchemaDepth)};
    if (n.is_null()) return nlohmann::json::object();  // an empty schema: anything is valid
    if (n.is_scalar() && n.type == ScalarType::Bool) return n.as_bool().value_or(false);
    if (!n.is_mapping()) throw SchemaError{&n, "a schema must be a mapping (or true/false)"};
    nlohmann::json out = nlohmann::json::object();
    std::optional<std::string> ref;
    for (const MapEntry& e : n.entries()) {
      std::string key(text(*e.key));
      const Node& v = *e.value;
      if (key == "$schema" || key == "$id" || key == "$comment" || key == "title" ||
          key == "description" || key == "default" || key == "examples" || key == "format" ||
          key == "readOnly" || key == "writeOnly" || key == "deprecated") {
        count_all(v);  // annotations: no effect on validation
      } else if (key == "$defs" || key == "definitions") {
        expect(v.is_mapping(), v, key + " must be a mapping of schemas");
        nlohmann::json defs = nlohmann::json::object();
        for (const MapEntry& d : v.entries())
          defs[std::string(text(*d.key))] = schema(*d.value, depth + 1);
        out[key] = std::move(defs);
      } else if (key == "$ref") {
        std::string r(string_value(v, key));
        expect(r.starts_with("#"), v, "only local references (\"#/...\") are supported in $ref");
        ref = std::move(r);
      } else if (key == "type") {
        static const std::vector<std::string_view> types = {
            "object", "array", "string", "number", "integer", "boolean", "null"};
        auto check = [&](const Node& t) {
          expect(t.is_scalar() && std::find(types.begin(), types.end(), text(t)) != types.end(), t,
                 fmt::format("unknown type \"{}\"", text(t)));
        };
        if (v.is_sequence())
          for (const Node* t : v.items()) check(*t);
        else
          check(v);
        out[key] = data(v);
      } else if (key == "enum") {
        expect(v.is_sequence(), v, "enum must be a list");
        expect(v.items().size() <= kMaxEnumItems, v,
               fmt::format("enum has over {} items", kMaxEnumItems));
        out[key] = data(v);
      } else if (key == "const") {
        out[key] = data(v);
      } else if (key == "properties") {
        expect(v.is_mapping(), v, "properties must be a mapping of schemas");
        nlohmann::json props = nlohmann::json::object();
        for (const MapEntry& p : v.entries())
          props[std::string(text(*p.key))] = schema(*p.value, depth + 1);
        out[key] = std::move(props);
      } else if (key == "additionalProperties" || key == "propertyNames" || key == "contains" ||
                 key == "additionalItems" || key == "not" || key == "if" || key == "then" ||
                 key == "else") {
        out[key] = schema(v, depth + 1);
      } else if (key == "items") {
        if (v.is_sequence()) {
          nlohmann::json list = nlohmann::json::array();
          for (const Node* s : v.items()) list.push_back(schema(*s, depth + 1));
          out[key] = std::move(list);
        } else {
          out[key] = schema(v, depth + 1);
        }
      } else if (key == "allOf" || key == "anyOf" || key == "oneOf") {
        expect(v.is_sequence() && !v.items().empty(), v,
               key + " must be a non-empty list of schemas");
        nlohmann::json list = nlohmann::json::array();
        for (const Node* s : v.items()) list.push_back(schema(*s, depth + 1));
        out[key] = std::move(list);
      } else if (key == "required") {
        if (v.is_null()) continue;  // `required:` with no value, as in Polaris's hostPortSet
        expect(v.is_sequence(), v, "required must be a list of property names");
        for (const Node* r : v.items())
          expect(r->is_scalar() && !r->is_null(), *r, "required must list property names");
        out[key] = data(v);
      } else if (key == "minProperties" || key == "maxProperties" || key == "minItems" ||
                 key == "maxItems" || key == "minLength" || key == "maxLength") {
        auto i = integer(v);
        expect(i && *i >= 0, v, key + " must be a non-negative integer");
        out[key] = *i;
      } else if (key == "minimum" || key == "maximum" || key == "exclusiveMinimum" ||
                 key == "exclusiveMaximum" || key == "multipleOf") {
        nlohmann::json d = data(v);
        expect(d.is_number(), v, key + " must be a number");
        out[key] = std::move(d);
      } else if (key == "uniqueItems") {
        expect(v.is_scalar() && v.type == ScalarType::Bool, v, "uniqueItems must be true or false");
        out[key] = v.as_bool().value_or(false);
      } else if (key == "pattern") {
        out[kPatternKey] = pattern(v);
      } else if (key == "resourceMinimum" || key == "resourceMaximum") {
        std::string q(text(v));
        auto parsed = v.is_scalar() ? parse_quantity(q) : std::nullopt;
        expect(parsed.has_value(), v,
               fmt::format("{} must be a resource quantity, not \"{}\"", key, q));
        out_.quantities.push_back(*parsed);
        out[key == "resourceMinimum" ? kMinimumKey : kMaximumKey] = out_.quantities.size() - 1;
      } else {
        static const std::vector<std::string_view> known = {
            "patternProperties", "dependencies",          "dependentRequired",
            "dependentSchemas",  "unevaluatedProperties", "unevaluatedItems",
            "minContains",       "maxContains",           "$anchor",
            "$recursiveRef",     "$recursiveAnchor",      "$vocabulary",
            "contentEncoding",   "contentMediaType",      "contentSchema"};
        if (std::find(known.begin(), known.end(), key) != known.end())
          throw SchemaError{e.key, fmt::format("the JSON Schema keyword \"{}\" is not supported by "
                                               "titanlint's custom checks",
                                               key)};
        throw SchemaError{e.key, fmt::format("unknown JSON Schema keyword \"{}\"", key)};
      }
    }
    if (ref) {
      // Draft 2019-09 applies a $ref beside other keywords; valijson (draft 7) would ignore them.
      bool others = false;
      for (auto it = out.begin(); it != out.end(); ++it)
        if (it.key() != "$defs" && it.key() != "definitions") others = true;
      if (!others) {
        out["$ref"] = *ref;
      } else {
        nlohmann::json rest = nlohmann::json::object();
        nlohmann::json wrapped = nlohmann::json::object();
        for (auto it = out.begin(); it != out.end(); ++it)
          (it.key() == "$defs" || it.key() == "definitions" ? wrapped : rest)[it.key()] =
              it.value();
        wrapped["allOf"] = nlohmann::json::array({nlohmann::json{{"$ref", *ref}}, rest});
        out = std::move(wrapped);
      }
    }
    return out;
  }

 private:
  std::string_view text(const Node& n) const {
    if (overrides_) {
      auto it = overrides_->find(&n);
      if (it != overrides_->end()) return it->second;
    }
    return n.text();
  }

  static void expect(bool ok, const Node& at, const std::string& message) {
    if (!ok) throw SchemaError{&at, message};
  }

  void count(const Node& n) {
    if (++nodes_ > kMaxSchemaNodes)
      throw SchemaError{&n, fmt::format("the schema has over {} nodes", kMaxSchemaNodes)};
  }
  void count_all(const Node& n) {
    count(n);
    for (const MapEntry& e : n.entries()) count_all(*e.value);
    for (const Node* i : n.items()) count_all(*i);
  }

  std::string_view string_value(const Node& v, const std::string& key) const {
    expect(v.is_scalar() && !v.is_null(), v, key + " must be a string");
    return text(v);
  }

  std::optional<std::int64_t> integer(const Node& v) const {
    if (overrides_ && overrides_->count(&v))
      return data(v).is_number_integer() ? std::optional(data(v).get<std::int64_t>())
                                         : std::nullopt;
    if (!v.is_scalar() || v.type != ScalarType::Int) return std::nullopt;
    return v.as_int();
  }

  // A value (enum, const, required, type): JSON of the node; a templated string is its rendered
  // text, typed as YAML would type it when it is a plain scalar (`exclusiveMinimum: {{ ... }}`).
  nlohmann::json data(const Node& n) const {
    if (overrides_) {
      auto it = overrides_->find(&n);
      if (it != overrides_->end()) return it->second;
    }
    if (n.is_mapping()) {
      nlohmann::json out = nlohmann::json::object();
      for (const MapEntry& e : n.entries()) out[std::string(text(*e.key))] = data(*e.value);
      return out;
    }
    if (n.is_sequence()) {
      nlohmann::json out = nlohmann::json::array();
      for (const Node* i : n.items()) out.push_back(data(*i));
      return out;
    }
    return to_json(n, ViewMode::Raw);
  }

  std::size_t pattern(const Node& v) {
    std::string p(string_value(v, "pattern"));
    expect(p.size() <= kMaxPatternBytes, v,
           fmt::format("the pattern is over {} bytes", kMaxPatternBytes));
    RE2::Options options;
    options.set_log_errors(false);
    options.set_max_mem(kMaxPatternMemory);
    auto re = std::make_shared<RE2>(p, options);
    if (!re->ok())
      throw SchemaError{&v, fmt::format("the pattern '{}' is not valid RE2 syntax: {} (see "
                                        "docs/custom-checks.md, \"Patterns\")",
                                        p, re->error())};
    out_.patterns.push_back(std::move(re));
    return out_.patterns.size() - 1;
  }

  CompiledSchema& out_;
  const StringOverrides* overrides_;
  std::size_t nodes_ = 0;
};

std::shared_ptr<const CompiledSchema> compile_schema(const Node* root,
                                                     const StringOverrides* overrides) {
  auto out = std::make_shared<CompiledSchema>();
  static const Node kEmpty{};
  const Node& schema_root = root ? *root : kEmpty;
  out->empty = root == nullptr || root->is_null();
  nlohmann::json json = SchemaConverter(*out, overrides).schema(schema_root, 0);
  try {
    valijson::SchemaParser parser(valijson::SchemaParser::kDraft7);
    // The parser owns (and deletes) its builders.
    parser.addConstraintBuilder(kPatternKey, new PatternBuilder(*out));
    parser.addConstraintBuilder(kMinimumKey, new QuantityBuilder(*out, true));
    parser.addConstraintBuilder(kMaximumKey, new QuantityBuilder(*out, false));
    valijson::adapters::NlohmannJsonAdapter adapter(json);
    parser.populateSchema(adapter, out->schema);
  } catch (const std::exception& e) {
    throw SchemaError{&schema_root, fmt::format("the schema does not compile: {}", e.what())};
  }
  return out;
}

// ---- validating and locating the failure --------------------------------------------------

struct Failure {
  const Node* at = nullptr;  // the deepest node of the path that exists
  std::string missing;       // a required property that is absent from `at`
  std::string detail;        // what failed
};

// Nodes of a synthetic tree (schemaTarget: PodSpec) and the object's nodes they stand for.
using NodeRemap = std::vector<std::pair<const Node*, const Node*>>;

std::string_view strip_brackets(std::string_view s) {
  if (s.size() >= 2 && s.front() == '[' && s.back() == ']') return s.substr(1, s.size() - 2);
  return s;
}

std::optional<Failure> validate(const CompiledSchema& schema, const Node& target, ViewMode mode,
                                const NodeRemap* remap = nullptr) {
  NodeAdapter adapter(target, mode);
  // One pass that collects the errors: for a passing object it costs what a pass that stops at
  // the first error costs, and a failing one is not validated twice.
  valijson::ValidationResults results;
  valijson::Validator validator;
  if (validator.validate(schema.schema, adapter, &results)) return std::nullopt;
  Failure failure;
  failure.at = &target;
  std::size_t best_depth = 0;
  bool first = true;
  valijson::ValidationResults::Error error;
  while (results.popError(error)) {
    const Node* at = &target;
    std::size_t depth = 0;
    for (std::size_t i = 1; i < error.context.size(); ++i) {
      std::string_view step = strip_brackets(error.context[i]);
      const Node* next = nullptr;
      if (at->is_mapping()) {
        next = at->get(step);
      } else if (at->is_sequence()) {
        std::size_t index = 0;
        bool digits = !step.empty();
        for (char c : step) {
          if (c < '0' || c > '9')
            digits = false;
          else
            index = index * 10 + static_cast<std::size_t>(c - '0');
        }
        if (digits && index < at->items().size()) next = at->items()[index];
      }
      if (!next) break;
      at = next;
      ++depth;
    }
    std::string missing;
    constexpr std::string_view kMissing = "Missing required property '";
    if (error.description.starts_with(kMissing) && depth + 1 == error.context.size()) {
      std::string_view rest = std::string_view(error.description).substr(kMissing.size());
      missing = std::string(rest.substr(0, rest.find('\'')));
      ++depth;  // a missing field is more specific than its mapping
    }
    if (first || depth > best_depth) {
      first = false;
      best_depth = depth;
      failure.at = at;
      failure.missing = std::move(missing);
      failure.detail = error.description;
    }
  }
  if (remap)
    for (const auto& [synthetic, real] : *remap)
      if (failure.at == synthetic) failure.at = real;
  return failure;
}

// ---- schema sources: fixed, or rendered per object ----------------------------------------

class SchemaSource {
 public:
  // A fixed schema (no template): compiled once, at configuration.
  explicit SchemaSource(std::shared_ptr<const CompiledSchema> fixed) : fixed_(std::move(fixed)) {}
  // schemaString with actions: rendered per object, parsed as YAML, compiled (cached by text).
  explicit SchemaSource(GoTemplate text) : text_(std::move(text)) {}
  // schema: (a tree) with templated strings.
  SchemaSource(const Node* tree, std::vector<std::pair<const Node*, GoTemplate>> strings)
      : tree_(tree), strings_(std::move(strings)) {}

  // The schema for this object; throws std::runtime_error with a message for the finding.
  std::shared_ptr<const CompiledSchema> get(const TemplateData& data) const {
    if (fixed_) return fixed_;
    std::string key;
    StringOverrides overrides;
    if (text_) {
      key = text_->render(data);
    } else {
      for (const auto& [node, tmpl] : strings_) {
        std::string s = tmpl.render(data);
        key += s;
        key += '\x1f';
        overrides.emplace(node, std::move(s));
      }
    }
    {
      std::lock_guard lock(mutex_);
      if (auto it = cache_.find(key); it != cache_.end()) return it->second;
    }
    std::shared_ptr<const CompiledSchema> compiled;
    try {
      if (text_) {
        compiled = compile_text(key);
      } else {
        compiled = compile_schema(tree_, &overrides);
      }
    } catch (const SchemaError& e) {
      throw std::runtime_error(fmt::format("the rendered schema is invalid: {}", e.message));
    }
    std::lock_guard lock(mutex_);
    if (cache_.size() >= kMaxCachedSchemas) cache_.clear();
    cache_.emplace(std::move(key), compiled);
    return compiled;
  }

  static std::shared_ptr<const CompiledSchema> compile_text(const std::string& text,
                                                            const TextOrigin* origin = nullptr,
                                                            Position* error_position = nullptr) {
    auto source = std::make_shared<SourceFile>("schemaString", text);
    LoadedFile loaded = load_yaml(source, LoadLimits{});
    if (!loaded.diagnostics.empty()) {
      const LoadDiagnostic& d = loaded.diagnostics.front();
      if (error_position && origin)
        *error_position = origin->map(d.position.line, d.position.column);
      throw SchemaError{nullptr, fmt::format("the schema is not valid YAML: {}", d.message)};
    }
    if (loaded.documents.size() > 1)
      throw SchemaError{loaded.documents[1].root, "the schema must be one YAML document"};
    const Node* root = loaded.documents.empty() ? nullptr : loaded.documents.front().root;
    try {
      return compile_schema(root, nullptr);
    } catch (SchemaError& e) {
      if (error_position && origin && e.at) *error_position = origin->map(e.at->line, e.at->column);
      e.at = nullptr;  // its tree goes with `loaded`
      throw;
    }
  }

 private:
  std::shared_ptr<const CompiledSchema> fixed_;
  std::optional<GoTemplate> text_;
  const Node* tree_ = nullptr;
  std::vector<std::pair<const Node*, GoTemplate>> strings_;
  mutable std::mutex mutex_;
  mutable std::unordered_map<std::string, std::shared_ptr<const CompiledSchema>> cache_;
};

// ---- the check ---------------------------------------------------------------------------

enum class Target : std::uint8_t { Kind, Controller, PodTemplate, PodSpec, Container };

struct AdditionalSchema {
  KindMatch kind;
  std::string name;  // as written: `policy/PodDisruptionBudget`
  std::unique_ptr<SchemaSource> schema;
};

struct CheckProgram {
  std::shared_ptr<const LoadedFile> file;  // keeps the schema trees alive
  std::string id;
  std::string success_message, failure_message, category;
  Target target = Target::Kind;
  std::string target_text;
  KindMatch target_kind;
  std::vector<std::string> include, exclude;  // controllers
  bool check_containers = true, check_init_containers = true;
  bool schema_on_pod_spec = false;  // schemaTarget: PodSpec
  bool no_schema = false;
  std::unique_ptr<SchemaSource> schema;
  std::vector<AdditionalSchema> additional;

  // A finding keeps a view of its missing field's name: the names live here, as long as the
  // registry that holds the check. Null past kMaxInternedNames distinct names (a templated
  // `required` over label keys): the finding then names the field in its message only.
  const std::string* intern(const std::string& name) const {
    std::lock_guard lock(names_mutex);
    if (auto it = names.find(name); it != names.end()) return &*it;
    if (names.size() >= kMaxInternedNames) return nullptr;
    return &*names.insert(name).first;
  }
  static constexpr std::size_t kMaxInternedNames = 10'000;
  mutable std::mutex names_mutex;
  mutable std::set<std::string> names;
};

const std::vector<std::string_view>& controller_kinds() {
  static const std::vector<std::string_view> kinds = {
      "Pod",     "Deployment", "StatefulSet",           "DaemonSet",       "Job",
      "CronJob", "ReplicaSet", "ReplicationController", "DeploymentConfig"};
  return kinds;
}

bool cluster_scoped(std::string_view kind) {
  static const std::vector<std::string_view> kinds = {"ClusterRole",
                                                      "ClusterRoleBinding",
                                                      "Namespace",
                                                      "Node",
                                                      "PersistentVolume",
                                                      "StorageClass",
                                                      "PriorityClass",
                                                      "IngressClass",
                                                      "CustomResourceDefinition",
                                                      "ValidatingWebhookConfiguration",
                                                      "MutatingWebhookConfiguration",
                                                      "RuntimeClass"};
  return std::find(kinds.begin(), kinds.end(), kind) != kinds.end();
}

const Node* pod_template_of(const K8sObject& object) {
  if (object.kind == "Pod") return object.root;
  if (object.kind == "CronJob") return object.root->at({"spec", "jobTemplate", "spec", "template"});
  return object.root->at({"spec", "template"});
}

class CustomCheckRule : public Rule {
 public:
  explicit CustomCheckRule(std::shared_ptr<const CheckProgram> p) : p_(std::move(p)) {}

  void check(const K8sObject& object, const LintSet& set, Reporter& out) const override {
    const CheckProgram& p = *p_;
    if (p.target == Target::Kind) {
      if (!p.target_kind.matches(object)) return;
      TemplateData data{object.root, nullptr, nullptr, nullptr};
      run(object, set, out, data, *object.root, ViewMode::Raw, nullptr);
      return;
    }
    if (!controller_selected(object.kind)) return;
    const Node* tmpl = pod_template_of(object);
    const Node* spec = tmpl && tmpl->is_mapping() ? tmpl->get("spec") : nullptr;
    TemplateData data{object.root, spec && spec->is_mapping() ? spec : nullptr,
                      tmpl && tmpl->is_mapping() ? tmpl : nullptr, nullptr};
    switch (p.target) {
      case Target::Controller:
        run(object, set, out, data, *object.root, ViewMode::Raw, nullptr);
        return;
      case Target::PodTemplate:
        if (data.pod_template)
          run(object, set, out, data, *data.pod_template, ViewMode::PodTemplateRoot, nullptr);
        return;
      case Target::PodSpec:
        if (data.pod_spec)
          run(object, set, out, data, *data.pod_spec, ViewMode::PodSpecRoot, nullptr);
        return;
      case Target::Container:
        if (!data.pod_spec) return;
        if (p.check_init_containers) containers(object, set, out, data, "initContainers");
        if (p.check_containers) containers(object, set, out, data, "containers");
        return;
      case Target::Kind:
        return;
    }
  }

 private:
  bool controller_selected(std::string_view kind) const {
    const auto& kinds = controller_kinds();
    if (std::find(kinds.begin(), kinds.end(), kind) == kinds.end()) return false;
    if (!p_->include.empty())
      return std::find(p_->include.begin(), p_->include.end(), kind) != p_->include.end();
    return std::find(p_->exclude.begin(), p_->exclude.end(), kind) == p_->exclude.end();
  }

  void containers(const K8sObject& object, const LintSet& set, Reporter& out, TemplateData data,
                  std::string_view list) const {
    const Node* items = data.pod_spec->get(list);
    if (!items || !items->is_sequence()) return;
    for (const Node* container : items->items()) {
      if (!container->is_mapping()) continue;
      data.container = container;
      if (!p_->schema_on_pod_spec) {
        run(object, set, out, data, *container, ViewMode::PodView, nullptr);
        continue;
      }
      // Polaris validates a copy of the pod spec that holds only this container.
      Arena arena(1024);
      Node* seq = arena.new_node();
      seq->kind = NodeKind::Sequence;
      seq->line = items->line;
      seq->column = items->column;
      const Node* one[] = {container};
      seq->set_items(arena.copy(std::span<const Node* const>(one)));
      std::vector<MapEntry> entries;
      bool placed = false;
      for (const MapEntry& e : data.pod_spec->entries()) {
        if (e.key->text() == "initContainers") continue;
        if (e.key->text() == "containers") {
          if (!placed) entries.push_back({e.key, seq});
          placed = true;
          continue;
        }
        entries.push_back(e);
      }
      if (!placed) {
        Node* key = arena.new_node();
        key->type = ScalarType::String;
        key->set_text(arena.copy(std::string_view("containers")));
        entries.push_back({key, seq});
      }
      Node* spec = arena.new_node();
      *spec = *data.pod_spec;
      spec->set_entries(arena.copy(std::span<const MapEntry>(entries)));
      NodeRemap remap = {{spec, data.pod_spec}, {seq, items}};
      run(object, set, out, data, *spec, ViewMode::PodSpecRoot, &remap, container);
    }
  }

  void run(const K8sObject& object, const LintSet& set, Reporter& out, const TemplateData& data,
           const Node& target, ViewMode mode, const NodeRemap* remap,
           const Node* fallback = nullptr) const {
    const CheckProgram& p = *p_;
    std::optional<Failure> failure;
    try {
      auto schema = p.schema->get(data);
      failure = validate(*schema, target, mode, remap);
    } catch (const std::exception& e) {
      out.report_object(fmt::format("{}: custom check {} could not be evaluated: {}",
                                    p.failure_message, p.id, e.what()));
      return;
    }
    if (failure) {
      // A synthetic node that maps to nothing in the object: report at the container.
      const Node* at = failure->at;
      if (remap && fallback) {
        bool synthetic = true;
        for (const Node* n = at; n; n = n->parent)
          if (n == object.root) synthetic = false;
        if (synthetic) at = fallback;
      }
      std::string help = fmt::format("{} ({})", p.success_message.empty() ? "" : p.success_message,
                                     failure->detail);
      const std::string* missing =
          failure->missing.empty() || !at->is_mapping() ? nullptr : p.intern(failure->missing);
      if (missing)
        out.report_missing(*at, *missing, p.failure_message, help);
      else if (!failure->missing.empty())
        out.report(*at, fmt::format("{} ({} is missing)", p.failure_message, failure->missing),
                   help);
      else
        out.report(*at, p.failure_message, help);
      return;
    }
    // Multi-resource: each additional schema must match some object of its kind in the
    // object's namespace (Polaris's CheckAdditionalObjects). Not when the set is partial (the
    // webhook sees one object; Polaris's admission controller skips these too).
    if (set.partial()) return;
    for (const AdditionalSchema& a : p.additional) {
      bool matched = false;
      try {
        auto schema = a.schema->get(data);
        if (schema->empty) continue;
        // A cluster-scoped kind (a RoleBinding's ClusterRole) is found whatever the object's
        // namespace, as in Polaris; objects without a namespace are in the default one.
        std::string_view ns =
            cluster_scoped(a.kind.kind) ? set.default_namespace() : set.namespace_of(object);
        for (const K8sObject* other : set.by_kind(ns, a.kind.kind)) {
          if (!a.kind.matches(*other)) continue;
          if (!validate(*schema, *other->root, ViewMode::Raw)) {
            matched = true;
            break;
          }
        }
      } catch (const std::exception& e) {
        out.report_object(fmt::format("{}: custom check {} could not be evaluated: {}",
                                      p.failure_message, p.id, e.what()));
        return;
      }
      if (!matched) {
        out.report_object(
            p.failure_message,
            fmt::format("{} (no {} in namespace {} matches the check's schema for it)",
                        p.success_message, a.name, set.namespace_of(object)));
        return;
      }
    }
  }

  std::shared_ptr<const CheckProgram> p_;
};

// ---- reading a check's definition --------------------------------------------------------

class CheckParser {
 public:
  CheckParser(const std::string& id, std::shared_ptr<const LoadedFile> file, KeyMatch keys)
      : id_(id), file_(std::move(file)), keys_(keys) {}

  [[noreturn]] void fail(const Node& at, const std::string& message) const {
    throw ConfigError(file_->source->path(), {at.line, at.column},
                      fmt::format("custom check {}: {}", id_, message));
  }
  [[noreturn]] void fail_at(Position at, const std::string& message) const {
    throw ConfigError(file_->source->path(), at, fmt::format("custom check {}: {}", id_, message));
  }

  bool key_is(std::string_view key, std::string_view name) const {
    if (keys_ == KeyMatch::Exact) return key == name;
    return key.size() == name.size() &&
           std::equal(key.begin(), key.end(), name.begin(), [](char a, char b) {
             return std::tolower(static_cast<unsigned char>(a)) ==
                    std::tolower(static_cast<unsigned char>(b));
           });
  }

  std::string string(const Node& v, std::string_view what) const {
    if (!v.is_scalar() || v.is_null()) fail(v, fmt::format("{} must be a string", what));
    return std::string(v.text());
  }

  std::vector<std::string> strings(const Node& v, std::string_view what) const {
    if (!v.is_sequence()) fail(v, fmt::format("{} must be a list of strings", what));
    std::vector<std::string> out;
    for (const Node* i : v.items()) out.push_back(string(*i, what));
    return out;
  }

  static KindMatch parse_kind(std::string_view text) {
    KindMatch k;
    auto slash = text.rfind('/');
    if (slash == std::string_view::npos) {
      k.kind = std::string(text);
      k.group = "";
    } else {
      k.kind = std::string(text.substr(slash + 1));
      k.group = std::string(text.substr(0, slash));
    }
    return k;
  }

  std::unique_ptr<SchemaSource> tree_schema(const Node& v) const {
    std::vector<std::pair<const Node*, GoTemplate>> strings;
    collect_templates(v, strings);
    try {
      if (strings.empty()) return std::make_unique<SchemaSource>(compile_schema(&v, nullptr));
      // Compiled once with the templates unrendered, for the keyword checks' positions.
      StringOverrides probe;
      for (const auto& s : strings) probe.emplace(s.first, std::string(s.first->text()));
      compile_schema(&v, &probe);
    } catch (const SchemaError& e) {
      fail(e.at ? *e.at : v, e.message);
    }
    return std::make_unique<SchemaSource>(&v, std::move(strings));
  }

  void collect_templates(const Node& n,
                         std::vector<std::pair<const Node*, GoTemplate>>& out) const {
    if (n.is_scalar()) {
      if (n.type == ScalarType::String && has_template(n.text())) {
        try {
          out.emplace_back(&n, GoTemplate(n.text()));
        } catch (const TemplateSyntaxError& e) {
          fail(n, fmt::format("template: {}", e.what()));
        }
      }
      return;
    }
    for (const MapEntry& e : n.entries()) {
      if (e.key->is_scalar() && has_template(e.key->text()))
        fail(*e.key, "a template in a key of `schema:` is not supported; use schemaString");
      collect_templates(*e.value, out);
    }
    for (const Node* i : n.items()) collect_templates(*i, out);
  }

  std::unique_ptr<SchemaSource> text_schema(const Node& v, std::string_view what) const {
    std::string text = string(v, what);
    TextOrigin origin{file_->source.get(), &v};
    if (has_template(text)) {
      try {
        GoTemplate t(text);
        return std::make_unique<SchemaSource>(std::move(t));
      } catch (const TemplateSyntaxError& e) {
        fail_at(origin.of_offset(text, e.offset()), fmt::format("template: {}", e.what()));
      }
    }
    Position at{v.line, v.column};
    try {
      return std::make_unique<SchemaSource>(SchemaSource::compile_text(text, &origin, &at));
    } catch (const SchemaError& e) {
      fail_at(at, e.message);
    }
  }

  std::shared_ptr<const CheckProgram> parse(const Node& def) {
    auto p = std::make_shared<CheckProgram>();
    p->file = file_;
    p->id = id_;
    if (!def.is_mapping()) fail(def, "a custom check must be a mapping");
    const Node* schema = nullptr;
    const Node* schema_string = nullptr;
    const Node* additional = nullptr;
    const Node* additional_strings = nullptr;
    const Node* target = nullptr;
    for (const MapEntry& e : def.entries()) {
      std::string_view key = e.key->text();
      const Node& v = *e.value;
      if (key_is(key, "successMessage")) {
        p->success_message = string(v, key);
      } else if (key_is(key, "failureMessage")) {
        p->failure_message = string(v, key);
      } else if (key_is(key, "category")) {
        p->category = string(v, key);
      } else if (key_is(key, "target")) {
        target = &v;
      } else if (key_is(key, "schemaTarget")) {
        std::string t = string(v, key);
        if (t != "PodSpec") fail(v, "schemaTarget must be PodSpec (the only one Polaris has)");
        p->schema_on_pod_spec = true;
      } else if (key_is(key, "controllers")) {
        if (!v.is_mapping()) fail(v, "controllers must be a mapping (include, exclude)");
        for (const MapEntry& c : v.entries()) {
          if (key_is(c.key->text(), "include"))
            p->include = strings(*c.value, "controllers.include");
          else if (key_is(c.key->text(), "exclude"))
            p->exclude = strings(*c.value, "controllers.exclude");
          else
            fail(*c.key, fmt::format("unknown key \"controllers.{}\"; expected include or exclude",
                                     c.key->text()));
        }
      } else if (key_is(key, "containers")) {
        if (!v.is_mapping()) fail(v, "containers must be a mapping (exclude)");
        for (const MapEntry& c : v.entries()) {
          if (!key_is(c.key->text(), "exclude"))
            fail(*c.key,
                 fmt::format("unknown key \"containers.{}\"; expected exclude", c.key->text()));
          for (const Node* x : c.value->items()) {
            std::string s = string(*x, "containers.exclude");
            if (s == "initContainer")
              p->check_init_containers = false;
            else if (s == "container")
              p->check_containers = false;
            else
              fail(*x, "containers.exclude lists initContainer or container");
          }
          if (!c.value->is_sequence()) fail(*c.value, "containers.exclude must be a list");
        }
      } else if (key_is(key, "schema")) {
        schema = &v;
      } else if (key_is(key, "schemaString") || key_is(key, "jsonSchema")) {
        if (schema_string) fail(*e.key, "only one of schemaString and jsonSchema may be given");
        schema_string = &v;
      } else if (key_is(key, "additionalSchemas")) {
        additional = &v;
      } else if (key_is(key, "additionalSchemaStrings")) {
        additional_strings = &v;
      } else if (key_is(key, "mutations") || key_is(key, "severity") || key_is(key, "id")) {
        // mutations: Polaris's fixes (not applied; docs/custom-checks.md); severity: read by
        // the caller; id: Polaris's file may repeat its own name.
      } else {
        fail(*e.key, fmt::format("unknown key \"{}\"; expected successMessage, failureMessage, "
                                 "category, target, schemaTarget, controllers, containers, schema, "
                                 "schemaString, additionalSchemas, additionalSchemaStrings, "
                                 "mutations or severity",
                                 key));
      }
    }
    if (!target)
      fail(def, "target is missing (group/Kind, Controller, PodTemplate, PodSpec or Container)");
    p->target_text = string(*target, "target");
    if (p->target_text == "Controller")
      p->target = Target::Controller;
    else if (p->target_text == "PodTemplate")
      p->target = Target::PodTemplate;
    else if (p->target_text == "PodSpec")
      p->target = Target::PodSpec;
    else if (p->target_text == "Container")
      p->target = Target::Container;
    else {
      p->target = Target::Kind;
      p->target_kind = parse_kind(p->target_text);
      if (p->target_kind.kind.empty() ||
          !std::isupper(static_cast<unsigned char>(p->target_kind.kind[0])))
        fail(*target,
             fmt::format("target \"{}\" is not group/Kind, Controller, PodTemplate, PodSpec "
                         "or Container",
                         p->target_text));
    }
    if (p->schema_on_pod_spec && p->target != Target::Container)
      fail(def, "schemaTarget: PodSpec applies to target: Container only");
    if (schema && schema_string)
      fail(*schema_string, "only one of schema and schemaString may be given");
    // No schema at all accepts every object, as in Polaris (whose
    // pdbMinAvailableGreaterThanHPAMinReplicas is Go code behind such a definition).
    if (!schema && !schema_string)
      p->schema = std::make_unique<SchemaSource>(compile_schema(nullptr, nullptr));
    else
      p->schema = schema ? tree_schema(*schema) : text_schema(*schema_string, "schemaString");
    p->no_schema = !schema && !schema_string;
    if (additional && additional_strings)
      fail(*additional_strings,
           "only one of additionalSchemas and additionalSchemaStrings may be given");
    if (const Node* a = additional ? additional : additional_strings) {
      if (!a->is_mapping())
        fail(*a, "additional schemas must be a mapping of group/Kind to schema");
      for (const MapEntry& e : a->entries()) {
        AdditionalSchema s;
        s.name = string(*e.key, "an additional schema's kind");
        s.kind = parse_kind(s.name);
        s.schema = additional ? tree_schema(*e.value) : text_schema(*e.value, s.name);
        p->additional.push_back(std::move(s));
      }
    }
    if (p->failure_message.empty()) p->failure_message = fmt::format("custom check {} failed", id_);
    return p;
  }

 private:
  std::string id_;
  std::shared_ptr<const LoadedFile> file_;
  KeyMatch keys_;
};

std::string render_target(const CheckProgram& p) {
  std::string out = p.target_text;
  if (p.target != Target::Kind) {
    if (!p.include.empty()) out += fmt::format(" (controllers: {})", fmt::join(p.include, ", "));
    if (!p.exclude.empty()) out += fmt::format(" (not: {})", fmt::join(p.exclude, ", "));
  }
  if (p.target == Target::Container) {
    if (!p.check_init_containers) out += ", not init containers";
    if (!p.check_containers) out += ", init containers only";
    if (p.schema_on_pod_spec) out += "; the schema applies to the pod spec holding the container";
  }
  return out;
}

}  // namespace

std::string check_id_problem(std::string_view id) {
  if (id.empty()) return "a custom check's ID must not be empty";
  if (!std::isalpha(static_cast<unsigned char>(id[0])))
    return fmt::format("the custom check ID \"{}\" must start with a letter", id);
  for (char c : id)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_' && c != '.')
      return fmt::format("the custom check ID \"{}\" may hold letters, digits, -, _ and . only",
                         id);
  if (id.size() >= 3 && (id[0] == 'T' || id[0] == 't') && (id[1] == 'L' || id[1] == 'l') &&
      std::isdigit(static_cast<unsigned char>(id[2])))
    return fmt::format(
        "the custom check ID \"{}\" looks like a titanlint code (TLnnn); choose "
        "another",
        id);
  return {};
}

RuleDefinition make_custom_check(const std::string& id, const Node& definition,
                                 std::shared_ptr<const LoadedFile> file, KeyMatch keys) {
  CheckParser parser(id, file, keys);
  std::shared_ptr<const CheckProgram> program = parser.parse(definition);
  RuleDefinition def;
  RuleMeta& m = def.meta;
  m.code = id;
  m.name = id;
  m.severity = Severity::Warning;
  m.summary = program->failure_message;
  m.remediation = program->success_message;
  m.scope = program->additional.empty() ? RuleScope::Object : RuleScope::Set;
  // Not needs_complete_set: under --partial (and in the webhook) the check still applies its
  // main schema; only the additional schemas are skipped (CustomCheckRule::run).
  if (program->target == Target::Kind) {
    m.kinds.push_back(program->target_kind);
  } else {
    for (std::string_view k : controller_kinds()) m.kinds.push_back(KindMatch{std::string(k)});
    if (program->target == Target::Container) m.containers = kAllContainers;
  }
  std::string source_text;
  {
    const SourceFile& src = *file->source;
    std::uint32_t first = definition.line;
    std::uint32_t indent = definition.column;
    // The definition's lines, as written, for `explain` (up to the next less-indented line).
    for (std::uint32_t l = first; l <= src.line_count(); ++l) {
      std::string_view line = src.line(l);
      std::size_t lead = line.find_first_not_of(' ');
      if (l > first && lead != std::string_view::npos && lead + 1 < indent) break;
      source_text += std::string(line);
      source_text += '\n';
      if (source_text.size() > 16'000) break;
    }
    while (source_text.ends_with("\n\n")) source_text.pop_back();
  }
  std::string needs;
  if (!program->additional.empty()) {
    std::vector<std::string> names;
    for (const auto& a : program->additional) names.push_back(a.name);
    needs = fmt::format(" It also needs, in the object's namespace, a {} matching its schema.",
                        fmt::join(names, " and a "));
  }
  m.doc.what = fmt::format(
      "A custom check in Polaris's format (docs/custom-checks.md), defined in `{}` line {}.\n\n"
      "Category: {}. Target: {}.{}",
      file->source->path(), definition.line,
      program->category.empty() ? "(none)" : program->category, render_target(*program), needs);
  if (program->no_schema) m.doc.what += "\n\nIt has no schema: it passes every object.";
  m.doc.why = program->success_message.empty()
                  ? fmt::format("It fails with: {}.", program->failure_message)
                  : fmt::format("It fails with: {}. It passes when: {}.", program->failure_message,
                                program->success_message);
  m.doc.example = source_text;
  def.make = [program](const RuleOptions&) { return std::make_unique<CustomCheckRule>(program); };
  return def;
}

}  // namespace titanlint::custom
