#include "yaml_loader.h"

#include <yaml.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string>
#include <unordered_map>

#include <fmt/format.h>

#include "duplicate_keys.h"

namespace titanlint {
namespace {

constexpr std::string_view kYamlTagPrefix = "tag:yaml.org,2002:";

std::uint64_t saturating_add(std::uint64_t a, std::uint64_t b) {
  return a > UINT64_MAX - b ? UINT64_MAX : a + b;
}

ScalarStyle style_of(yaml_scalar_style_t style) {
  switch (style) {
    case YAML_SINGLE_QUOTED_SCALAR_STYLE:
      return ScalarStyle::SingleQuoted;
    case YAML_DOUBLE_QUOTED_SCALAR_STYLE:
      return ScalarStyle::DoubleQuoted;
    case YAML_LITERAL_SCALAR_STYLE:
      return ScalarStyle::Literal;
    case YAML_FOLDED_SCALAR_STYLE:
      return ScalarStyle::Folded;
    default:
      return ScalarStyle::Plain;
  }
}

// Type of a scalar from its explicit tag (`!!str 10`), or from its plain text.
ScalarType scalar_type(std::string_view tag, ScalarStyle style, std::string_view text) {
  if (!tag.empty() && tag != "!") {
    if (tag.starts_with(kYamlTagPrefix)) {
      std::string_view name = tag.substr(kYamlTagPrefix.size());
      if (name == "str") return ScalarType::String;
      if (name == "null") return ScalarType::Null;
      ScalarType resolved = resolve_plain_scalar(text);
      if (name == "bool" && resolved == ScalarType::Bool) return resolved;
      if (name == "int" && resolved == ScalarType::Int) return resolved;
      if (name == "float" && (resolved == ScalarType::Float || resolved == ScalarType::Int))
        return ScalarType::Float;
      return ScalarType::String;
    }
    // Custom tags: go-yaml decodes the value as if untagged.
  } else if (tag == "!") {
    return ScalarType::String;
  }
  return style == ScalarStyle::Plain ? resolve_plain_scalar(text) : ScalarType::String;
}

class YamlBuilder {
 public:
  YamlBuilder(const SourceFile& source, const LoadLimits& limits, LoadedFile& out)
      : source_(source), limits_(limits), out_(out), arena_(*out.arena) {}

  void run() {
    std::uint32_t start_line = 1;
    while (start_line != 0) start_line = parse_from_line(start_line);
    attach_helm_sources();
  }

  // Lines [first_line, end_line) only, as one stream, with no resumption after an error.
  void run_lines(std::uint32_t first_line, std::uint32_t end_line) {
    end_offset_ = source_.line_start(end_line);
    parse_from_line(first_line);
  }

 private:
  struct Frame {
    Node* node = nullptr;
    // Nodes this collection would have if every alias in it were expanded (saturating): the
    // alias-bomb bound. Kept here and for anchors, not in the tree.
    std::uint64_t expanded_size = 1;
    std::size_t scratch_begin = 0;
    const Node* pending_key = nullptr;
    DuplicateKeys keys;
    bool has_merge_key = false;
    std::string anchor;
  };

  // Why parsing of the current document stopped early.
  struct Abort {
    std::uint32_t line;
  };

  Position position(const yaml_mark_t& mark) const {
    return {static_cast<std::uint32_t>(mark.line) + line_base_ + 1,
            static_cast<std::uint32_t>(mark.column) + 1};
  }

  // A LoadProblem::Syntax diagnostic: malformed YAML or a limit hit.
  void syntax_error(Position at, std::string message, std::string remediation) {
    out_.diagnostics.push_back(
        {LoadProblem::Syntax, at, std::move(message), std::move(remediation)});
  }

  // Parses from a 1-based line to the end of the stream. Returns the line to resume at after a
  // syntax error or an exceeded limit, or 0 when the stream is done.
  std::uint32_t parse_from_line(std::uint32_t start_line) {
    const std::string& text = source_.text();
    const std::size_t offset = source_.line_start(start_line);
    line_base_ = start_line - 1;
    doc_start_line_ = start_line;
    reset_document();

    yaml_parser_t parser;
    yaml_parser_initialize(&parser);
    const std::size_t end = std::min(end_offset_, text.size());
    yaml_parser_set_input_string(&parser,
                                 reinterpret_cast<const unsigned char*>(text.data()) + offset,
                                 end > offset ? end - offset : 0);

    std::uint32_t resume_line = 0;
    for (;;) {
      yaml_event_t event;
      if (!yaml_parser_parse(&parser, &event)) {
        Position at = error_position(parser, offset);
        syntax_error(at, syntax_message(parser),
                     "fix the YAML syntax; `kubectl apply` would reject this document too");
        resume_line = next_document_marker(std::max(at.line, doc_start_line_ + 1));
        break;
      }
      const yaml_event_type_t type = event.type;
      std::optional<Abort> abort = handle(event);
      yaml_event_delete(&event);
      if (abort) {
        resume_line = abort->line;
        break;
      }
      if (type == YAML_STREAM_END_EVENT) break;
    }
    yaml_parser_delete(&parser);
    return resume_line;
  }

  Position error_position(const yaml_parser_t& parser, std::size_t offset) const {
    if (parser.error == YAML_READER_ERROR)
      return source_.position_of(offset + parser.problem_offset);
    return position(parser.problem_mark);
  }

  std::string syntax_message(const yaml_parser_t& parser) const {
    std::string problem = parser.problem ? parser.problem : "unknown error";
    if (parser.error == YAML_READER_ERROR) {
      return fmt::format("YAML syntax error: {} (byte 0x{:02x}); the file must be UTF-8 text",
                         problem, parser.problem_value & 0xff);
    }
    if (parser.context) {
      Position ctx = position(parser.context_mark);
      return fmt::format("YAML syntax error: {} ({} at line {}, column {})", problem,
                         parser.context, ctx.line, ctx.column);
    }
    return fmt::format("YAML syntax error: {}", problem);
  }

  // The first `---` line at or after `from`, or 0 when there is none.
  std::uint32_t next_document_marker(std::uint32_t from) const {
    for (std::uint32_t line = from; line <= source_.line_count(); ++line) {
      std::string_view s = source_.line(line);
      if (s.starts_with("---") && (s.size() == 3 || s[3] == ' ' || s[3] == '\t')) return line;
    }
    return 0;
  }

  void reset_document() {
    stack_.clear();
    entry_scratch_.clear();
    item_scratch_.clear();
    anchors_.clear();
    root_ = nullptr;
    alias_expansion_ = 0;
  }

  std::optional<Abort> handle(const yaml_event_t& event) {
    switch (event.type) {
      case YAML_DOCUMENT_START_EVENT:
        reset_document();
        doc_start_line_ = position(event.start_mark).line;
        return std::nullopt;
      case YAML_DOCUMENT_END_EVENT:
        return finish_document();
      case YAML_SCALAR_EVENT:
        return on_scalar(event);
      case YAML_SEQUENCE_START_EVENT:
        return on_collection_start(event, NodeKind::Sequence, event.data.sequence_start.anchor);
      case YAML_MAPPING_START_EVENT:
        return on_collection_start(event, NodeKind::Mapping, event.data.mapping_start.anchor);
      case YAML_SEQUENCE_END_EVENT:
      case YAML_MAPPING_END_EVENT:
        return on_collection_end();
      case YAML_ALIAS_EVENT:
        return on_alias(event);
      default:
        return std::nullopt;
    }
  }

  std::optional<Abort> finish_document() {
    if (root_ && !root_->is_null()) {
      if (out_.documents.size() >= limits_.max_documents) {
        syntax_error(
            {root_->line, root_->column},
            fmt::format("more than {} documents in one file; the rest of the file is not linted",
                        limits_.max_documents),
            "split the file, or raise limits.maxDocumentsPerFile in .titanlint.yaml");
        return Abort{0};
      }
      Document doc;
      doc.root = root_;
      doc.index = static_cast<std::uint32_t>(out_.documents.size());
      doc.line = doc_start_line_;
      out_.documents.push_back(std::move(doc));
    }
    reset_document();
    return std::nullopt;
  }

  std::optional<Abort> on_scalar(const yaml_event_t& event) {
    const auto& s = event.data.scalar;
    Node* node = arena_.new_node();
    node->kind = NodeKind::Scalar;
    node->style = style_of(s.style);
    node->set_text(source_text({reinterpret_cast<const char*>(s.value), s.length}, event.start_mark,
                               node->style));
    std::string_view tag =
        s.tag ? std::string_view(reinterpret_cast<const char*>(s.tag)) : std::string_view{};
    node->type = scalar_type(tag, node->style, node->text());
    Position at = position(event.start_mark);
    node->line = at.line;
    node->column = at.column;
    remember_anchor(s.anchor, node, 1);
    place_in_parent(node);
    return add_to_parent(node, 1);
  }

  std::optional<Abort> on_collection_start(const yaml_event_t& event, NodeKind kind,
                                           const yaml_char_t* anchor) {
    Position at = position(event.start_mark);
    if (stack_.size() >= limits_.max_depth) {
      syntax_error(at,
                   fmt::format("nesting deeper than {} levels; the document is not linted",
                               limits_.max_depth),
                   "flatten the document, or raise limits.maxDepth in .titanlint.yaml");
      return Abort{next_document_marker(std::max(at.line, doc_start_line_ + 1))};
    }
    Node* node = arena_.new_node();
    node->kind = kind;
    node->line = at.line;
    node->column = at.column;
    Frame frame;
    frame.node = node;
    frame.scratch_begin = kind == NodeKind::Mapping ? entry_scratch_.size() : item_scratch_.size();
    if (anchor) frame.anchor = reinterpret_cast<const char*>(anchor);
    place_in_parent(node);
    stack_.push_back(std::move(frame));
    return std::nullopt;
  }

  std::optional<Abort> on_collection_end() {
    Frame frame = std::move(stack_.back());
    stack_.pop_back();
    Node* node = frame.node;
    if (node->kind == NodeKind::Mapping) {
      std::span<const MapEntry> own(entry_scratch_.data() + frame.scratch_begin,
                                    entry_scratch_.size() - frame.scratch_begin);
      node->set_entries(frame.has_merge_key ? apply_merge_keys(own) : arena_.copy(own));
      entry_scratch_.resize(frame.scratch_begin);
    } else {
      std::span<const Node* const> own(item_scratch_.data() + frame.scratch_begin,
                                       item_scratch_.size() - frame.scratch_begin);
      node->set_items(arena_.copy(own));
      item_scratch_.resize(frame.scratch_begin);
    }
    if (!frame.anchor.empty()) anchors_[frame.anchor] = {node, frame.expanded_size};
    return add_to_parent(node, frame.expanded_size);
  }

  std::optional<Abort> on_alias(const yaml_event_t& event) {
    std::string name = reinterpret_cast<const char*>(event.data.alias.anchor);
    Position at = position(event.start_mark);
    auto it = anchors_.find(name);
    if (it == anchors_.end()) {
      syntax_error(at, fmt::format("YAML syntax error: unknown anchor '{}' referenced", name),
                   "define the anchor (&name) before the alias (*name) in the same document");
      return Abort{next_document_marker(std::max(at.line, doc_start_line_ + 1))};
    }
    const auto [target, target_size] = it->second;
    alias_expansion_ = saturating_add(alias_expansion_, target_size);
    if (alias_expansion_ > limits_.max_alias_expansion) {
      syntax_error(
          at,
          fmt::format("aliases expand to more than {} nodes (an alias bomb?); the document "
                      "is not linted",
                      limits_.max_alias_expansion),
          "expand fewer aliases, or raise limits.maxAliasExpansion in .titanlint.yaml");
      return Abort{next_document_marker(std::max(at.line, doc_start_line_ + 1))};
    }
    out_.alias_targets.push_back(target);
    return add_to_parent(target, target_size);
  }

  // Most scalars appear verbatim in the source (no escapes, no folding): point into the source
  // text, which the LoadedFile keeps alive, instead of copying. The guess uses the mark's line and
  // column, so on lines with non-ASCII text before the scalar it misses and we copy.
  std::string_view source_text(std::string_view value, const yaml_mark_t& mark, ScalarStyle style) {
    const std::string& text = source_.text();
    std::size_t offset =
        source_.line_start(static_cast<std::uint32_t>(mark.line) + line_base_ + 1) + mark.column;
    if (style == ScalarStyle::SingleQuoted || style == ScalarStyle::DoubleQuoted) ++offset;
    if (offset + value.size() <= text.size() &&
        std::memcmp(text.data() + offset, value.data(), value.size()) == 0)
      return {text.data() + offset, value.size()};
    return arena_.copy(value);
  }

  void remember_anchor(const yaml_char_t* anchor, const Node* node, std::uint64_t expanded_size) {
    if (anchor) anchors_[reinterpret_cast<const char*>(anchor)] = {node, expanded_size};
  }

  // Sets the parent of a node created inside the current collection.
  void place_in_parent(Node* node) {
    if (!stack_.empty()) node->parent = stack_.back().node;
  }

  // `expanded_size`: the node's size with every alias in it expanded.
  std::optional<Abort> add_to_parent(const Node* node, std::uint64_t expanded_size) {
    if (stack_.empty()) {
      root_ = node;
      return std::nullopt;
    }
    Frame& frame = stack_.back();
    Node* parent = frame.node;
    frame.expanded_size = saturating_add(frame.expanded_size, expanded_size);
    if (parent->kind == NodeKind::Sequence) {
      item_scratch_.push_back(node);
    } else if (!frame.pending_key) {
      note_key(frame, node);
      frame.pending_key = node;
    } else {
      entry_scratch_.push_back({frame.pending_key, node});
      frame.pending_key = nullptr;
    }
    return std::nullopt;
  }

  void note_key(Frame& frame, const Node* key) {
    if (!key->is_scalar()) return;
    if (key->style == ScalarStyle::Plain && key->text() == "<<") {
      frame.has_merge_key = true;
      return;
    }
    std::span<const MapEntry> earlier(entry_scratch_.data() + frame.scratch_begin,
                                      entry_scratch_.size() - frame.scratch_begin);
    if (const MapEntry* first = frame.keys.earlier(earlier, *key))
      out_.diagnostics.push_back(duplicate_key_diagnostic(*key, first->key->line));
  }

  // Applies YAML merge keys (`<<: *defaults`): explicit keys win over merged ones, and for a
  // sequence of merged mappings the earlier mapping wins. Lookups take the last match, so merged
  // entries go first, latest source first.
  std::span<const MapEntry> apply_merge_keys(std::span<const MapEntry> own) {
    std::vector<MapEntry> merged;
    std::vector<MapEntry> explicit_entries;
    std::vector<const Node*> sources;
    for (const MapEntry& e : own) {
      if (e.key->is_scalar() && e.key->style == ScalarStyle::Plain && e.key->text() == "<<") {
        if (e.value->is_mapping()) {
          sources.push_back(e.value);
        } else if (e.value->is_sequence()) {
          for (auto it = e.value->items().rbegin(); it != e.value->items().rend(); ++it)
            if ((*it)->is_mapping()) sources.push_back(*it);
        }
      } else {
        explicit_entries.push_back(e);
      }
    }
    for (const Node* source : sources)
      for (const MapEntry& e : source->entries()) merged.push_back(e);
    merged.insert(merged.end(), explicit_entries.begin(), explicit_entries.end());
    return arena_.copy(std::span<const MapEntry>(merged));
  }

  // Helm renders `# Source: chart/templates/x.yaml` between `---` and each document.
  void attach_helm_sources() {
    const std::string& text = source_.text();
    if (text.find("# Source: ") == std::string::npos) return;
    std::uint32_t previous_end = 0;
    for (Document& doc : out_.documents) {
      for (std::uint32_t line = doc.root->line; line > previous_end && line >= 1; --line) {
        std::string_view s = source_.line(line);
        if (s.starts_with("# Source: ")) {
          doc.helm_source = std::string(s.substr(10));
          while (!doc.helm_source.empty() && doc.helm_source.back() == ' ')
            doc.helm_source.pop_back();
          doc.helm_origin_line = line;
          break;
        }
        if (line == doc.line && s.starts_with("---")) break;
      }
      previous_end = doc.root->line;
    }
  }

  const SourceFile& source_;
  const LoadLimits& limits_;
  LoadedFile& out_;
  Arena& arena_;
  std::uint32_t line_base_ = 0;
  std::uint32_t doc_start_line_ = 1;
  std::size_t end_offset_ = SIZE_MAX;  // where the parser's input ends (run_lines)
  std::vector<Frame> stack_;
  std::vector<MapEntry> entry_scratch_;
  std::vector<const Node*> item_scratch_;
  struct Anchor {
    const Node* node;
    std::uint64_t expanded_size;
  };
  std::unordered_map<std::string, Anchor> anchors_;
  const Node* root_ = nullptr;
  std::uint64_t alias_expansion_ = 0;
};

}  // namespace

namespace {

void sort_alias_targets(LoadedFile& out) {
  std::sort(out.alias_targets.begin(), out.alias_targets.end());
  out.alias_targets.erase(std::unique(out.alias_targets.begin(), out.alias_targets.end()),
                          out.alias_targets.end());
}

}  // namespace

LoadedFile load_yaml(std::shared_ptr<const SourceFile> source, const LoadLimits& limits) {
  LoadedFile out;
  out.source = source;
  out.arena = std::make_unique<Arena>(std::max<std::size_t>(4096, source->text().size() * 2));
  YamlBuilder(*source, limits, out).run();
  sort_alias_targets(out);
  return out;
}

LoadedFile load_yaml_lines(std::shared_ptr<const SourceFile> source, std::uint32_t first_line,
                           std::uint32_t end_line, const LoadLimits& limits) {
  LoadedFile out;
  out.source = source;
  const std::size_t bytes = source->line_start(end_line) - source->line_start(first_line);
  out.arena = std::make_unique<Arena>(std::max<std::size_t>(4096, bytes * 2));
  YamlBuilder(*source, limits, out).run_lines(first_line, end_line);
  sort_alias_targets(out);
  return out;
}

}  // namespace titanlint
