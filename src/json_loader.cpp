#include "json_loader.h"

#include <simdjson.h>

#include <algorithm>
#include <optional>

#include <fmt/format.h>

#include "duplicate_keys.h"

namespace titanlint {
namespace {

namespace od = simdjson::ondemand;

const std::string kJsonSyntaxHelp = "fix the JSON syntax; `kubectl apply` would reject it too";

struct JsonError {
  const char* where;  // a pointer into the padded input, or null
  std::string message;
};

// Whether simdjson's DOM parser reads this number token.
bool dom_reads_number(std::string_view token) {
  thread_local simdjson::dom::parser parser;
  return !parser.parse(std::string(token)).error();
}

// What both front ends (On Demand with positions, the DOM without) share: nodes in the arena,
// the depth limit, scalar and key nodes, duplicate keys, and children on shared stacks (a child's
// range sits above its parent's and is gone before the parent continues, so building allocates
// only in the arena). A front end walks simdjson's values and calls these.
class JsonTree {
 protected:
  JsonTree(const LoadLimits& limits, LoadedFile& out)
      : limits_(limits), out_(out), arena_(*out.arena) {}

  Node* new_node(Node* parent) {
    Node* node = arena_.new_node();
    node->parent = parent;
    return node;
  }

  void check_depth(std::uint32_t depth, const char* where) const {
    if (depth >= limits_.max_depth)
      throw JsonError{
          where, fmt::format("nesting deeper than {} levels (limits.maxDepth)", limits_.max_depth)};
  }

  void set_string(Node& node, std::string_view text) {
    node.set_text(arena_.copy(text));
    node.type = ScalarType::String;
    node.style = ScalarStyle::DoubleQuoted;
  }
  // A number as written; an integer too large for 64 bits is a float64 to Go, as to the DOM.
  void set_number(Node& node, std::string_view token) {
    node.set_text(arena_.copy(token));
    node.type = token.find_first_of(".eE") == std::string_view::npos && integer_fits_64_bits(token)
                    ? ScalarType::Int
                    : ScalarType::Float;
  }
  // An integer the DOM parsed (it always fits 64 bits).
  void set_integer(Node& node, const std::string& digits) {
    node.set_text(arena_.copy(digits));
    node.type = ScalarType::Int;
  }
  static void set_bool(Node& node, bool value) {
    node.set_text(value ? "true" : "false");
    node.type = ScalarType::Bool;
  }
  static void set_null(Node& node) {
    node.set_text("null");
    node.type = ScalarType::Null;
  }

  // A mapping being built: open, then per field new_key (positioned by the caller), the value,
  // add_entry; then close.
  struct OpenMapping {
    std::size_t begin;
    DuplicateKeys keys;
  };
  OpenMapping open_mapping(Node& node) {
    node.kind = NodeKind::Mapping;
    return {scratch_entries_.size(), {}};
  }
  Node* new_key(Node& mapping, std::string_view text) {
    Node* key = new_node(&mapping);
    set_string(*key, text);
    return key;
  }
  // Call before the key's value is built, so diagnostics stay in text order.
  void check_duplicate(OpenMapping& open, const Node& key) {
    std::span<const MapEntry> earlier(scratch_entries_.data() + open.begin,
                                      scratch_entries_.size() - open.begin);
    if (const MapEntry* first = open.keys.earlier(earlier, key))
      out_.diagnostics.push_back(duplicate_key_diagnostic(key, first->key->line));
  }
  void add_entry(const Node* key, const Node* value) { scratch_entries_.push_back({key, value}); }
  void close_mapping(Node& node, const OpenMapping& open) {
    node.set_entries(arena_.copy(std::span<const MapEntry>(scratch_entries_.data() + open.begin,
                                                           scratch_entries_.size() - open.begin)));
    scratch_entries_.resize(open.begin);
  }

  std::size_t open_sequence(Node& node) {
    node.kind = NodeKind::Sequence;
    return scratch_items_.size();
  }
  void add_item(const Node* item) { scratch_items_.push_back(item); }
  void close_sequence(Node& node, std::size_t begin) {
    node.set_items(arena_.copy(std::span<const Node* const>(scratch_items_.data() + begin,
                                                            scratch_items_.size() - begin)));
    scratch_items_.resize(begin);
  }

  const LoadLimits& limits_;
  LoadedFile& out_;
  Arena& arena_;

 private:
  std::vector<MapEntry> scratch_entries_;
  std::vector<const Node*> scratch_items_;
};

// Builds the tree from On Demand: every node gets its position; numbers keep their spelling.
class JsonBuilder : JsonTree {
 public:
  JsonBuilder(const SourceFile& source, const simdjson::padded_string& padded,
              const LoadLimits& limits, LoadedFile& out)
      : JsonTree(limits, out), source_(source), padded_(padded) {}

  // Returns the root, or null after recording a syntax diagnostic.
  const Node* build(od::document& doc) {
    try {
      auto root_result = doc.get_value();
      if (root_result.error() == simdjson::SCALAR_DOCUMENT_AS_VALUE) {
        // `"text"`, `1`, `true`: valid JSON that On Demand reads through the document itself. Not
        // a Kubernetes object (the engine reports it), but no syntax error either. The whole text
        // is validated.
        return build_scalar_document(doc);
      }
      check(root_result.error(), nullptr);
      od::value root_value = root_result.value_unsafe();
      const Node* root = build_value(root_value, nullptr, 0);
      // current_location() fails with OUT_OF_BOUNDS once the whole input has been consumed.
      if (const char* rest = location(doc))
        throw JsonError{rest, "unexpected content after the JSON value"};
      return root;
    } catch (const JsonError& e) {
      Position at = e.where
                        ? source_.position_of(static_cast<std::size_t>(e.where - padded_.data()))
                        : Position{1, 1};
      out_.diagnostics.push_back(
          {LoadProblem::Syntax, at, "JSON syntax error: " + e.message, kJsonSyntaxHelp});
      return nullptr;
    }
  }

 private:
  const char* location(od::document& doc) {
    const char* where = nullptr;
    if (doc.current_location().get(where) != simdjson::SUCCESS) return nullptr;
    return where;
  }

  static void check(simdjson::error_code error, const char* where) {
    if (error != simdjson::SUCCESS) throw JsonError{where, simdjson::error_message(error)};
  }

  // Nodes are visited in text order, so positions advance a cursor instead of searching from
  // the line start each time: API-server bodies are one long line, and a per-node scan from the
  // start of the line would be quadratic in the body size.
  void set_position(Node* node, const char* where) {
    const std::size_t offset = static_cast<std::size_t>(where - padded_.data());
    if (offset < cursor_offset_) {  // never expected; stay correct anyway
      Position at = source_.position_of(offset);
      node->line = at.line;
      node->column = at.column;
      return;
    }
    const std::string& text = source_.text();
    for (std::size_t i = cursor_offset_; i < offset && i < text.size();) {
      // Lines as SourceFile counts them (a lone CR or a U+2028 in a string is a break too); every
      // break starts with one of these bytes.
      const unsigned char c = static_cast<unsigned char>(text[i]);
      if (c == '\n' || c == '\r' || c == 0xC2 || c == 0xE2) {
        if (const std::size_t length = line_break_at(text, i)) {
          ++cursor_.line;
          cursor_.column = 1;
          i += length;
          continue;
        }
      }
      if ((c & 0xC0) != 0x80) ++cursor_.column;
      ++i;
    }
    cursor_offset_ = offset;
    node->line = cursor_.line;
    node->column = cursor_.column;
  }

  const Node* build_value(od::value& value, Node* parent, std::uint32_t depth) {
    std::string_view token = value.raw_json_token();
    const char* where = token.data();
    od::json_type type;
    check(value.type().get(type), where);
    Node* node = new_node(parent);
    set_position(node, where);
    switch (type) {
      case od::json_type::object:
      case od::json_type::array:
        check_depth(depth, where);
        if (type == od::json_type::object)
          build_object(value, node, depth);
        else
          build_array(value, node, depth);
        break;
      case od::json_type::string:
      case od::json_type::number:
      case od::json_type::boolean:
      case od::json_type::null:
        fill_scalar(value, type, token, where, *node);
        break;
    }
    return node;
  }

  // On Demand's getters read a root scalar's prefix (`false%` is `false`) and reject some valid
  // ones (`false\t`); the DOM parser reads the whole text as the webhook's loader does (big
  // integers included), and only the position and a number's token come from On Demand.
  const Node* build_scalar_document(od::document& doc) {
    std::string_view token;
    check(doc.raw_json_token().get(token), nullptr);
    const char* where = token.data();
    while (!token.empty() && (token.back() == ' ' || token.back() == '\n' || token.back() == '\r' ||
                              token.back() == '\t'))
      token.remove_suffix(1);
    simdjson::dom::parser parser;
    simdjson::dom::element element;
    simdjson::error_code error = parser.parse(padded_).get(element);
    std::optional<std::string> widened;
    if (error == simdjson::NUMBER_ERROR && (widened = big_integers_as_floats(source_.text())))
      error = parser.parse(*widened).get(element);
    check(error, where);
    Node* node = new_node(nullptr);
    set_position(node, where);
    using T = simdjson::dom::element_type;
    switch (element.type()) {
      case T::STRING:
        set_string(*node, element.get_string().value_unsafe());
        break;
      case T::INT64:
      case T::UINT64:
      case T::DOUBLE:
        set_number(*node, token);
        break;
      case T::BOOL:
        set_bool(*node, element.get_bool().value_unsafe());
        break;
      case T::NULL_VALUE:
        set_null(*node);
        break;
      case T::OBJECT:
      case T::ARRAY:
        throw JsonError{where, "a collection where a scalar was expected"};
    }
    return node;
  }

  // A scalar value's text and type.
  void fill_scalar(od::value& source, od::json_type type, std::string_view token, const char* where,
                   Node& node) {
    switch (type) {
      case od::json_type::string: {
        std::string_view s;
        check(source.get_string().get(s), where);
        set_string(node, s);
        break;
      }
      case od::json_type::number: {
        while (!token.empty() && (token.back() == ' ' || token.back() == '\n' ||
                                  token.back() == '\r' || token.back() == '\t'))
          token.remove_suffix(1);
        double ignored;
        const simdjson::error_code error = source.get_double().get(ignored);
        // On Demand rejects exponents of more than 19 digits (`1e-40433720365475808808`), which
        // the DOM parser (the webhook's) and Go read as 0 or infinity: ask the DOM parser.
        if (error && !(error == simdjson::NUMBER_ERROR && dom_reads_number(token)))
          check(error, where);
        set_number(node, token);
        break;
      }
      case od::json_type::boolean: {
        bool b;
        check(source.get_bool().get(b), where);
        set_bool(node, b);
        break;
      }
      case od::json_type::null: {
        bool null = false;
        check(source.is_null().get(null), where);
        if (!null) throw JsonError{where, "invalid literal"};
        set_null(node);
        break;
      }
      case od::json_type::object:
      case od::json_type::array:
        throw JsonError{where, "a collection where a scalar was expected"};
    }
  }

  void build_object(od::value& value, Node* node, std::uint32_t depth) {
    od::object object;
    check(value.get_object().get(object), nullptr);
    OpenMapping mapping = open_mapping(*node);
    for (auto field_result : object) {
      od::field field;
      check(std::move(field_result).get(field), nullptr);
      const char* key_where = reinterpret_cast<const char*>(field.key().raw()) - 1;
      std::string_view key_text;
      check(field.unescaped_key().get(key_text), key_where);
      Node* key = new_key(*node, key_text);
      set_position(key, key_where);
      check_duplicate(mapping, *key);
      od::value& child = field.value();
      add_entry(key, build_value(child, node, depth + 1));
    }
    close_mapping(*node, mapping);
  }

  void build_array(od::value& value, Node* node, std::uint32_t depth) {
    od::array array;
    check(value.get_array().get(array), nullptr);
    const std::size_t begin = open_sequence(*node);
    for (auto item_result : array) {
      od::value item;
      check(std::move(item_result).get(item), nullptr);
      add_item(build_value(item, node, depth + 1));
    }
    close_sequence(*node, begin);
  }

  const SourceFile& source_;
  const simdjson::padded_string& padded_;
  std::size_t cursor_offset_ = 0;
  Position cursor_{1, 1};
};

// Builds the tree from simdjson's DOM (the webhook's request.object, parsed once with the rest
// of the review): no positions. Numbers lose their original spelling (the DOM keeps values):
// integers print as integers, doubles in their shortest round-trip form.
class DomBuilder : JsonTree {
 public:
  DomBuilder(const LoadLimits& limits, LoadedFile& out) : JsonTree(limits, out) {}

  const Node* build(simdjson::dom::element element, Node* parent, std::uint32_t depth) {
    namespace dom = simdjson::dom;
    Node* node = new_node(parent);
    switch (element.type()) {
      case dom::element_type::OBJECT:
        check_depth(depth, nullptr);
        build_object(element, node, depth);
        break;
      case dom::element_type::ARRAY:
        check_depth(depth, nullptr);
        build_array(element, node, depth);
        break;
      case dom::element_type::STRING:
        set_string(*node, element.get_string().value_unsafe());
        break;
      case dom::element_type::INT64:
        set_integer(*node, std::to_string(element.get_int64().value_unsafe()));
        break;
      case dom::element_type::UINT64:
        set_integer(*node, std::to_string(element.get_uint64().value_unsafe()));
        break;
      case dom::element_type::DOUBLE:
        node->set_text(arena_.copy(fmt::format("{}", element.get_double().value_unsafe())));
        node->type = ScalarType::Float;
        break;
      case dom::element_type::BOOL:
        set_bool(*node, element.get_bool().value_unsafe());
        break;
      case dom::element_type::NULL_VALUE:
        set_null(*node);
        break;
    }
    return node;
  }

 private:
  void build_object(simdjson::dom::element element, Node* node, std::uint32_t depth) {
    OpenMapping mapping = open_mapping(*node);
    for (simdjson::dom::key_value_pair field : simdjson::dom::object(element)) {
      Node* key = new_key(*node, field.key);
      check_duplicate(mapping, *key);
      add_entry(key, build(field.value, node, depth + 1));
    }
    close_mapping(*node, mapping);
  }

  void build_array(simdjson::dom::element element, Node* node, std::uint32_t depth) {
    const std::size_t begin = open_sequence(*node);
    for (simdjson::dom::element item : simdjson::dom::array(element))
      add_item(build(item, node, depth + 1));
    close_sequence(*node, begin);
  }
};

}  // namespace

bool integer_fits_64_bits(std::string_view token) {
  const bool negative = token.starts_with('-');
  if (negative) token.remove_prefix(1);
  while (token.size() > 1 && token.front() == '0') token.remove_prefix(1);
  const std::string_view max = negative ? "9223372036854775808" : "18446744073709551615";
  return token.size() < max.size() || (token.size() == max.size() && token <= max);
}

std::optional<std::string> big_integers_as_floats(std::string_view json) {
  std::string out;
  std::size_t copied = 0;
  auto is_digit = [](char c) { return c >= '0' && c <= '9'; };
  for (std::size_t i = 0; i < json.size();) {
    const char c = json[i];
    if (c == '"') {  // skip the string
      for (++i; i < json.size() && json[i] != '"'; ++i)
        if (json[i] == '\\') ++i;
      ++i;
      continue;
    }
    if (c != '-' && !is_digit(c)) {
      ++i;
      continue;
    }
    std::size_t end = i + 1;
    while (end < json.size() && (is_digit(json[end]) || json[end] == '.' || json[end] == 'e' ||
                                 json[end] == 'E' || json[end] == '+' || json[end] == '-'))
      ++end;
    const std::string_view token = json.substr(i, end - i);
    if (token.find_first_not_of("-0123456789", 1) == std::string_view::npos &&
        token.find('-', 1) == std::string_view::npos && token != "-" &&
        !integer_fits_64_bits(token)) {
      out.append(json.substr(copied, end - copied));
      out.append(".0");
      copied = end;
    }
    i = end;
  }
  if (copied == 0) return std::nullopt;
  out.append(json.substr(copied));
  return out;
}

LoadedFile load_json_element(std::shared_ptr<const SourceFile> source,
                             const simdjson::dom::element& value, const LoadLimits& limits,
                             std::size_t size_hint) {
  LoadedFile out;
  out.json = true;
  out.source = std::move(source);
  out.arena = std::make_unique<Arena>(std::max<std::size_t>(4096, size_hint * 2));
  try {
    const Node* node = DomBuilder(limits, out).build(value, nullptr, 0);
    if (!node->is_null()) out.documents.push_back({node, 0, 0, {}, 0});
  } catch (const JsonError& e) {
    out.diagnostics.push_back(
        {LoadProblem::Syntax, {}, "JSON syntax error: " + e.message, kJsonSyntaxHelp});
  }
  return out;
}

LoadedFile load_json_unpositioned(std::shared_ptr<const SourceFile> source,
                                  const LoadLimits& limits, std::string_view json_pointer) {
  thread_local simdjson::dom::parser parser;  // keeps its buffers between calls
  simdjson::dom::element root;
  simdjson::error_code error = parser.parse(source->text()).get(root);
  std::optional<std::string> widened;
  if (error == simdjson::NUMBER_ERROR && (widened = big_integers_as_floats(source->text())))
    error = parser.parse(*widened).get(root);
  if (!error && !json_pointer.empty()) error = root.at_pointer(json_pointer).get(root);
  if (error) {
    LoadedFile out;
    out.json = true;
    out.source = std::move(source);
    out.arena = std::make_unique<Arena>(4096);
    out.diagnostics.push_back({LoadProblem::Syntax,
                               {},
                               std::string("JSON syntax error: ") + simdjson::error_message(error),
                               kJsonSyntaxHelp});
    return out;
  }
  const std::size_t size = source->text().size();
  return load_json_element(std::move(source), root, limits, size);
}

LoadedFile load_json(std::shared_ptr<const SourceFile> source, const LoadLimits& limits) {
  LoadedFile out;
  out.json = true;
  out.source = source;
  out.arena = std::make_unique<Arena>(std::max<std::size_t>(4096, source->text().size() * 2));
  simdjson::padded_string padded(source->text());
  od::parser parser;
  od::document doc;
  simdjson::error_code error = parser.iterate(padded).get(doc);
  if (error != simdjson::SUCCESS) {
    out.diagnostics.push_back({LoadProblem::Syntax,
                               {1, 1},
                               std::string("JSON syntax error: ") + simdjson::error_message(error),
                               kJsonSyntaxHelp});
    return out;
  }
  const Node* root = JsonBuilder(*source, padded, limits, out).build(doc);
  if (root && !root->is_null()) out.documents.push_back({root, 0, root->line, {}, 0});
  return out;
}

}  // namespace titanlint
