#include "fix/fix_builder.h"

#include <algorithm>
#include <functional>

#include <fmt/format.h>

namespace titanlint {
namespace {

constexpr std::string_view kByteOrderMark = "\xef\xbb\xbf";

// The byte offset of a 1-based character column within a line.
std::size_t column_offset(std::string_view line, std::uint32_t column) {
  std::size_t i = 0;
  for (std::uint32_t c = 1; c < column && i < line.size(); ++c) {
    ++i;
    while (i < line.size() && (static_cast<unsigned char>(line[i]) & 0xC0) == 0x80) ++i;
  }
  return i;
}

// A line as the block-extent scan sees it: blank, or where its content starts.
struct LineShape {
  bool blank = true;
  std::uint32_t column = 0;  // 1-based; indentation is spaces only in YAML
  std::string_view content;
};

LineShape shape_of(std::string_view line) {
  const std::size_t i = line.find_first_not_of(' ');
  if (i == std::string_view::npos || line.find_first_not_of(" \t", i) == std::string_view::npos)
    return {};
  return {false, static_cast<std::uint32_t>(i + 1), line.substr(i)};
}

bool is_document_marker(std::string_view line) {
  return (line.starts_with("---") || line.starts_with("...")) &&
         (line.size() == 3 || line[3] == ' ' || line[3] == '\t');
}

// The last line of a subtree's nodes (a block collection ends on or after it). An empty value
// (`key:` with nothing after it) has no text, and libyaml places it at the next token, which may
// be the next key's line or a `---` below: it does not count.
std::uint32_t last_line(const Node& node) {
  std::uint32_t line = node.is_scalar() && node.text().empty() ? 0 : node.line;
  for (const MapEntry& e : node.entries())
    line = std::max({line, last_line(*e.key), last_line(*e.value)});
  for (const Node* item : node.items()) line = std::max(line, last_line(*item));
  return line;
}

std::string json_quote(std::string_view s) {
  std::string out = "\"";
  for (const char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20)
          out += fmt::format("\\u{:04x}", static_cast<unsigned>(c));
        else
          out += c;
    }
  }
  return out + "\"";
}

// Whether a string can be written as a plain YAML scalar and still read back as that string.
bool plain_safe(std::string_view s, bool flow) {
  if (s.empty() || s.front() == ' ' || s.back() == ' ' || s.back() == ':') return false;
  constexpr std::string_view kNeverFirst = ",[]{}#&*!|>'\"%@`";
  constexpr std::string_view kFlowIndicators = ",[]{}";
  if (kNeverFirst.find(s.front()) != std::string_view::npos) return false;
  if ((s.front() == '-' || s.front() == '?' || s.front() == ':') &&
      (s.size() == 1 || s[1] == ' ' ||
       (flow && kFlowIndicators.find(s[1]) != std::string_view::npos)))
    return false;
  if (s.find(": ") != std::string_view::npos || s.find(" #") != std::string_view::npos)
    return false;
  if (flow && s.find_first_of(kFlowIndicators) != std::string_view::npos) return false;
  for (const char c : s)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) return false;
  return resolve_plain_scalar(s) == ScalarType::String;
}

std::string yaml_scalar(const FixValue& v, bool flow) {
  switch (v.kind()) {
    case FixValue::Kind::Null:
      return "null";
    case FixValue::Kind::String:
      return plain_safe(v.text(), flow) ? v.text() : json_quote(v.text());
    default:
      return v.text();
  }
}

std::string render_flow(const FixValue& v, bool json) {
  if (v.kind() == FixValue::Kind::Mapping || v.kind() == FixValue::Kind::Sequence) {
    const bool map = v.kind() == FixValue::Kind::Mapping;
    std::string out = map ? "{" : "[";
    bool first = true;
    for (const auto& [key, value] : v.entries()) {
      if (!first) out += ", ";
      first = false;
      if (map) out += (json ? json_quote(key) : yaml_scalar(FixValue::string(key), true)) + ": ";
      out += render_flow(value, json);
    }
    return out + (map ? "}" : "]");
  }
  if (json) return v.kind() == FixValue::Kind::String ? json_quote(v.text()) : yaml_scalar(v, true);
  return yaml_scalar(v, true);
}

class BlockWriter {
 public:
  BlockWriter(const FixSource& source, std::string& out) : source_(source), out_(out) {}

  // `key: value` at `indent` spaces, then its nested lines.
  void entry(std::string_view key, const FixValue& value, std::uint32_t indent) {
    out_.append(indent, ' ');
    out_ += yaml_scalar(FixValue::string(std::string(key)), false);
    out_ += ':';
    value_after_key(value, indent);
  }

  // A sequence item whose `-` is at `indent` spaces.
  void item(const FixValue& value, std::uint32_t indent) {
    if (value.kind() == FixValue::Kind::Mapping && !value.entries().empty()) {
      // The first entry goes on the dash's line.
      std::string nested;
      BlockWriter inner(source_, nested);
      for (const auto& [key, v] : value.entries()) inner.entry(key, v, indent + 2);
      nested.replace(0, indent + 2, std::string(indent, ' ') + "- ");
      out_ += nested;
      return;
    }
    out_.append(indent, ' ');
    out_ += "- ";
    out_ += value.is_collection() ? render_flow(value, false) : yaml_scalar(value, false);
    out_ += source_.newline;
  }

 private:
  void value_after_key(const FixValue& value, std::uint32_t indent) {
    if (!value.is_collection() || value.entries().empty()) {
      out_ += ' ';
      out_ += value.is_collection() ? render_flow(value, false) : yaml_scalar(value, false);
      out_ += source_.newline;
      return;
    }
    out_ += source_.newline;
    if (value.kind() == FixValue::Kind::Mapping) {
      for (const auto& [key, v] : value.entries()) entry(key, v, indent + source_.map_indent);
    } else {
      for (const auto& [key, v] : value.entries()) item(v, indent + source_.sequence_indent);
    }
  }

  const FixSource& source_;
  std::string& out_;
};

const MapEntry* own_entry(const Node& mapping, std::string_view key) {
  const MapEntry* found = nullptr;
  for (const MapEntry& e : mapping.entries())
    if (e.key->is_scalar() && same_text(e.key->text(), key)) found = &e;
  return found && found->key->parent == &mapping ? found : nullptr;
}

}  // namespace

bool fixable(const K8sObject& object) {
  return object.file && object.source && object.display_path == object.source->path() &&
         object.line_offset == 0;
}

void FixBuilder::on(const K8sObject& object) {
  if (!fixable(object)) return give_up();
  if (object.source == source_->source) return;
  for (const auto& other : other_sources_)
    if (other->source == object.source) {
      source_ = other.get();
      return;
    }
  other_sources_.push_back(std::make_unique<FixSource>(describe_fix_source(*object.file)));
  source_ = other_sources_.back().get();
}

FixSource describe_fix_source(const LoadedFile& file) {
  FixSource out;
  out.source = file.source.get();
  out.json = file.json;
  const bool json = file.json;
  out.alias_targets = file.alias_targets;
  const std::string& text = file.source->text();
  if (const std::size_t nl = text.find('\n');
      nl != std::string::npos && nl > 0 && text[nl - 1] == '\r')
    out.newline = "\r\n";
  if (json) return out;
  // The first nested block mapping and block sequence under a key say how the file indents.
  bool map_found = false;
  bool sequence_found = false;
  std::size_t budget = 20'000;
  auto is_flow = [&](const Node& n) {
    const std::size_t at =
        file.source->line_start(n.line) + column_offset(file.source->line(n.line), n.column);
    return at < text.size() && (text[at] == '{' || text[at] == '[');
  };
  std::function<void(const Node&)> walk = [&](const Node& node) {
    if (budget == 0 || (map_found && sequence_found)) return;
    --budget;
    for (const MapEntry& e : node.entries()) {
      const Node& v = *e.value;
      if (v.line > e.key->line && v.column > 0 && !v.is_scalar() && !is_flow(v) &&
          v.column >= e.key->column) {
        const std::uint32_t indent = v.column - e.key->column;
        if (v.is_mapping() && !map_found && indent > 0) {
          out.map_indent = indent;
          map_found = true;
        } else if (v.is_sequence() && !sequence_found) {
          out.sequence_indent = indent;
          sequence_found = true;
        }
      }
      walk(v);
    }
    for (const Node* item : node.items()) walk(*item);
  };
  for (const Document& doc : file.documents) walk(*doc.root);
  return out;
}

std::optional<std::size_t> FixBuilder::offset_of(const Node& node) const {
  if (node.line == 0 || node.line > source_->source->line_count()) return std::nullopt;
  std::string_view line = source_->source->line(node.line);
  std::size_t start = source_->source->line_start(node.line);
  // The loaders' columns do not count a byte order mark.
  if (node.line == 1 && line.starts_with(kByteOrderMark)) {
    line.remove_prefix(kByteOrderMark.size());
    start += kByteOrderMark.size();
  }
  return start + column_offset(line, node.column);
}

bool FixBuilder::is_flow(std::size_t offset) const {
  const std::string& text = source_->source->text();
  return offset < text.size() && (text[offset] == '{' || text[offset] == '[');
}

bool FixBuilder::editable(const Node& node) const {
  for (const Node* n = &node; n; n = n->parent)
    if (std::binary_search(source_->alias_targets.begin(), source_->alias_targets.end(), n))
      return false;
  return true;
}

std::optional<std::size_t> FixBuilder::scalar_end(const Node& scalar, std::size_t start) const {
  const std::string& text = source_->source->text();
  if (start >= text.size()) return std::nullopt;
  if (text[start] == '"') {
    for (std::size_t i = start + 1; i < text.size(); ++i) {
      if (text[i] == '\\')
        ++i;
      else if (text[i] == '"')
        return i + 1;
    }
    return std::nullopt;
  }
  if (text[start] == '\'') {
    for (std::size_t i = start + 1; i < text.size(); ++i) {
      if (text[i] != '\'') continue;
      if (i + 1 < text.size() && text[i + 1] == '\'')
        ++i;
      else
        return i + 1;
    }
    return std::nullopt;
  }
  // A plain scalar (or a JSON number, literal or null) is its text, on one line.
  if (scalar.style != ScalarStyle::Plain || scalar.text().empty()) return std::nullopt;
  if (std::string_view(text).substr(start, scalar.text().size()) != scalar.text())
    return std::nullopt;
  return start + scalar.text().size();
}

void FixBuilder::add_edit(std::size_t offset, std::size_t length, std::string text) {
  FileEdits* file = nullptr;
  for (FileEdits& f : fix_.files)
    if (f.source == source_->source) file = &f;
  if (!file) file = &fix_.files.emplace_back(FileEdits{source_->source, {}});
  TextEdit edit{offset, length, std::move(text)};
  for (const TextEdit& e : file->edits)
    if (edits_overlap(e, edit)) return give_up();
  file->edits.push_back(std::move(edit));
}

std::optional<std::size_t> FixBuilder::flow_close(std::size_t open) const {
  const std::string& text = source_->source->text();
  std::size_t depth = 0;
  for (std::size_t i = open; i < text.size(); ++i) {
    const char c = text[i];
    const bool token_start =
        i == open || std::string_view(" \t\r\n,[{:").find(text[i - 1]) != std::string_view::npos;
    if ((c == '"' || c == '\'') && token_start) {
      Node quoted;  // scalar_end() reads only the quote style from the text
      const auto end = scalar_end(quoted, i);
      if (!end) return std::nullopt;
      i = *end - 1;
    } else if (c == '{' || c == '[') {
      ++depth;
    } else if (c == '}' || c == ']') {
      if (--depth == 0) return i;
    }
  }
  return std::nullopt;
}

void FixBuilder::add_flow_member(std::size_t open, std::size_t first, const std::string& member,
                                 const std::string& gap) {
  // After the last member, where the collection has no comment (a `#` could end a line that
  // a member would otherwise be written into); else before the first.
  const std::string& text = source_->source->text();
  const auto close = flow_close(open);
  if (close && text.substr(open, *close - open).find('#') == std::string::npos) {
    std::size_t end = *close;
    while (end > open + 1 &&
           std::string_view(" \t\r\n").find(text[end - 1]) != std::string_view::npos)
      --end;
    const bool trailing_comma = text[end - 1] == ',';
    return add_edit(end, 0, (trailing_comma ? "" : ",") + gap + member);
  }
  add_edit(first, 0, member + "," + gap);
}

FixSource FixBuilder::local_style(const Node& node) const {
  FixSource style = *source_;
  bool map_found = false;
  bool sequence_found = false;
  int levels = 0;
  for (const Node* n = &node; n && levels < 4 && !(map_found && sequence_found);
       n = n->parent, ++levels) {
    for (const MapEntry& e : n->entries()) {
      const Node& v = *e.value;
      const auto at = offset_of(v);
      if (v.is_scalar() || v.line <= e.key->line || v.column < e.key->column || !at || is_flow(*at))
        continue;
      const std::uint32_t indent = v.column - e.key->column;
      if (v.is_mapping() && !map_found && indent > 0) {
        style.map_indent = indent;
        map_found = true;
      } else if (v.is_sequence() && !sequence_found) {
        style.sequence_indent = indent;
        sequence_found = true;
      }
    }
  }
  return style;
}

void FixBuilder::set(const Node& mapping, std::initializer_list<std::string_view> path,
                     FixValue value) {
  const Node* at = &mapping;
  auto key = path.begin();
  for (; key != path.end(); ++key) {
    if (!at->is_mapping()) return give_up();
    const MapEntry* e = own_entry(*at, *key);
    if (!e) break;
    if (key + 1 == path.end()) return replace(*e->value, value);
    if (!e->value->is_mapping()) return give_up();
    at = e->value;
  }
  if (key == path.end()) return;  // an empty path sets nothing
  // Nest the rest of the path under the first missing key.
  for (auto rest = path.end() - 1; rest != key; --rest)
    value = FixValue::mapping().add(std::string(*rest), std::move(value));
  insert_entry(*at, *key, value);
}

std::pair<std::size_t, std::string> FixBuilder::block_insertion(std::uint32_t last,
                                                                std::uint32_t column,
                                                                bool sequence) const {
  // A block collection goes on while lines start right of `column` (a mapping's keys may also
  // start at it, a sequence's items may not), comments and blank lines aside; a document marker
  // ends it. New text goes at the start of the line after its last line.
  const SourceFile& src = *source_->source;
  for (std::uint32_t line = last; line > 0 && is_document_marker(src.line(line)); --line)
    last = line - 1;  // never below the document's end
  for (std::uint32_t line = last + 1; line <= src.line_count(); ++line) {
    const std::string_view s = src.line(line);
    if (is_document_marker(s)) break;
    const LineShape shape = shape_of(s);
    if (shape.blank) continue;
    if (shape.column < column || (sequence && shape.column == column)) {
      if (shape.content.starts_with('#')) continue;
      // The rest of a flow collection written left of the block's column (YAML allows it):
      // the collection's end is not known here, so there is no safe place for new lines.
      if (shape.content.starts_with('}') || shape.content.starts_with(']'))
        return {std::string::npos, std::string()};
      break;
    }
    last = line;
  }
  if (last < src.line_count()) return {src.line_start(last + 1), std::string()};
  const std::string& text = src.text();
  const bool ends_with_break = text.empty() || text.back() == '\n' || text.back() == '\r';
  return {text.size(), ends_with_break ? std::string() : source_->newline};
}

void FixBuilder::insert_entry(const Node& mapping, std::string_view key, const FixValue& value) {
  if (failed_ || !mapping.is_mapping() || !editable(mapping)) return give_up();
  const auto start = offset_of(mapping);
  if (!start) return give_up();
  const SourceFile& src = *source_->source;
  const std::string& text = src.text();
  const auto entries = mapping.entries();
  if (is_flow(*start)) {
    if (text[*start] != '{') return give_up();
    std::string entry =
        (source_->json ? json_quote(key) : yaml_scalar(FixValue::string(std::string(key)), true)) +
        ": " + render_flow(value, source_->json);
    if (entries.empty()) return add_edit(*start + 1, 0, std::move(entry));
    const Node& first = *entries.front().key;
    const auto first_at = offset_of(first);
    if (!first_at || first.parent != &mapping) return give_up();
    const std::string gap = first.line > mapping.line
                                ? source_->newline + std::string(first.column - 1, ' ')
                                : std::string(" ");
    return add_flow_member(*start, *first_at, entry, gap);
  }
  if (source_->json || entries.empty()) return give_up();
  // A block mapping: its keys start at the mapping's column; it ends before the first line
  // that starts left of them (comments aside) or at a document marker.
  const Node& first = *entries.front().key;
  if (first.line != mapping.line || first.column != mapping.column || first.parent != &mapping ||
      entries.back().key->parent != &mapping)
    return give_up();
  const std::uint32_t column = mapping.column;
  auto [offset, insertion] = block_insertion(
      std::max(entries.back().key->line, last_line(*entries.back().value)), column, false);
  if (offset == std::string::npos) return give_up();
  const FixSource style = local_style(mapping);
  BlockWriter(style, insertion).entry(key, value, column - 1);
  add_edit(offset, 0, std::move(insertion));
}

void FixBuilder::replace(const Node& scalar, const FixValue& value) {
  // A quoted string stays quoted the same way.
  if (value.kind() == FixValue::Kind::String &&
      (scalar.style == ScalarStyle::SingleQuoted || scalar.style == ScalarStyle::DoubleQuoted))
    return replace_string(scalar, value.text());
  if (failed_ || !scalar.is_scalar() || !editable(scalar)) return give_up();
  const auto start = offset_of(scalar);
  if (!start) return give_up();
  const auto end = scalar_end(scalar, *start);
  if (!end) return give_up();
  const bool flow = source_->json || (scalar.parent && offset_of(*scalar.parent) &&
                                      is_flow(*offset_of(*scalar.parent)));
  std::string text = value.is_collection() || source_->json ? render_flow(value, source_->json)
                                                            : yaml_scalar(value, flow);
  add_edit(*start, *end - *start, std::move(text));
}

void FixBuilder::replace_string(const Node& scalar, std::string_view text) {
  if (scalar.style == ScalarStyle::SingleQuoted && !source_->json) {
    std::string quoted = "'";
    for (const char c : text) quoted += c == '\'' ? std::string("''") : std::string(1, c);
    quoted += '\'';
    if (failed_ || !editable(scalar)) return give_up();
    const auto start = offset_of(scalar);
    const auto end = start ? scalar_end(scalar, *start) : std::nullopt;
    if (!end) return give_up();
    return add_edit(*start, *end - *start, std::move(quoted));
  }
  if (scalar.style == ScalarStyle::DoubleQuoted || source_->json) {
    if (failed_ || !editable(scalar)) return give_up();
    const auto start = offset_of(scalar);
    const auto end = start ? scalar_end(scalar, *start) : std::nullopt;
    if (!end) return give_up();
    return add_edit(*start, *end - *start, json_quote(text));
  }
  replace(scalar, FixValue::string(std::string(text)));
}

void FixBuilder::append(const Node& sequence, const FixValue& value) {
  if (failed_ || !sequence.is_sequence() || !editable(sequence)) return give_up();
  const auto start = offset_of(sequence);
  if (!start) return give_up();
  const SourceFile& src = *source_->source;
  const std::string& text = src.text();
  const auto items = sequence.items();
  if (is_flow(*start)) {
    if (text[*start] != '[') return give_up();
    std::string item = render_flow(value, source_->json);
    if (items.empty()) return add_edit(*start + 1, 0, std::move(item));
    const Node& first = *items.front();
    const auto first_at = offset_of(first);
    if (!first_at || first.parent != &sequence) return give_up();
    const std::string gap = first.line > sequence.line
                                ? source_->newline + std::string(first.column - 1, ' ')
                                : std::string(" ");
    return add_flow_member(*start, *first_at, item, gap);
  }
  if (source_->json || items.empty() || text[*start] != '-') return give_up();
  // A block sequence: its items start with `-` at the sequence's column; it ends before the
  // first line that starts at or left of that column (comments aside).
  const std::uint32_t column = sequence.column;
  auto [offset, insertion] = block_insertion(last_line(sequence), column, true);
  if (offset == std::string::npos) return give_up();
  const FixSource style = local_style(sequence);
  BlockWriter(style, insertion).item(value, column - 1);
  add_edit(offset, 0, std::move(insertion));
}

void FixBuilder::replace_entry(const Node& mapping, std::string_view key, std::string_view new_key,
                               const FixValue& value) {
  if (failed_ || !mapping.is_mapping() || !editable(mapping)) return give_up();
  const MapEntry* e = own_entry(mapping, key);
  if (!e || !e->value->is_scalar()) return give_up();
  const auto key_at = offset_of(*e->key);
  const auto value_at = offset_of(*e->value);
  const auto mapping_at = offset_of(mapping);
  if (!key_at || !value_at || !mapping_at) return give_up();
  const auto end = scalar_end(*e->value, *value_at);
  if (!end || *end <= *key_at) return give_up();
  std::string text;
  if (source_->json || is_flow(*mapping_at)) {
    text = (source_->json ? json_quote(new_key)
                          : yaml_scalar(FixValue::string(std::string(new_key)), true)) +
           ": " + render_flow(value, source_->json);
  } else {
    const FixSource style = local_style(mapping);
    BlockWriter(style, text).entry(new_key, value, e->key->column - 1);
    text.erase(0, e->key->column - 1);                  // the key's own line is indented already
    text.erase(text.size() - source_->newline.size());  // the line break after the value stays
  }
  fix_.replaced.push_back(source_->source->text().substr(*value_at, *end - *value_at));
  add_edit(*key_at, *end - *key_at, std::move(text));
}

std::optional<Fix> FixBuilder::take() {
  if (failed_ || fix_.files.empty()) return std::nullopt;
  for (FileEdits& f : fix_.files)
    std::sort(f.edits.begin(), f.edits.end(),
              [](const TextEdit& a, const TextEdit& b) { return a.offset < b.offset; });
  return std::move(fix_);
}

FixValue fix_value_of(const Node& node) {
  if (node.is_mapping()) {
    FixValue out = FixValue::mapping();
    for (const MapEntry& e : node.entries())
      out.add(std::string(e.key->str()), fix_value_of(*e.value));
    return out;
  }
  if (node.is_sequence()) {
    FixValue out = FixValue::sequence();
    for (const Node* item : node.items()) out.push(fix_value_of(*item));
    return out;
  }
  switch (node.type) {
    case ScalarType::Null:
      return FixValue();
    case ScalarType::Bool:
      return FixValue::boolean(*node.as_bool());
    case ScalarType::Int:
    case ScalarType::Float:
      return FixValue::number_text(std::string(node.text()));
    default:
      return FixValue::string(std::string(node.text()));
  }
}

}  // namespace titanlint
