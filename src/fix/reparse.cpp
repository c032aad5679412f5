#include "fix/reparse.h"

#include <algorithm>
#include <cstdint>
#include <memory>
#include <vector>

#include "yaml_loader.h"

namespace titanlint {
namespace {

// Moves a carried-over tree `delta` lines. Its nodes were allocated (non-const) in the earlier
// load's arena, which the new load owns from here on. Only documents without alias targets are
// moved, so each node is reached once.
void move_lines(const Node& node, std::int64_t delta) {
  Node& n = const_cast<Node&>(node);
  if (n.line > 0) n.line = static_cast<std::uint32_t>(static_cast<std::int64_t>(n.line) + delta);
  for (const MapEntry& e : node.entries()) {
    move_lines(*e.key, delta);
    move_lines(*e.value, delta);
  }
  for (const Node* item : node.items()) move_lines(*item, delta);
}

// A `%YAML` or `%TAG` directive applies to the document after it, whose region (from its `---`
// line) would not include it: such a stream is loaded whole.
bool has_directive(std::string_view text) {
  return text.starts_with('%') || text.find("\n%") != std::string_view::npos;
}

// Whether the stream can be cut into documents: no syntax error (after one the loader resumes at
// a `---` of its choosing), no helm sources, no directive. Duplicate keys and aliases are fine:
// they stay inside their document.
bool cuttable_yaml_stream(const LoadedFile& file) {
  return file.source && !file.json && !file.documents.empty() &&
         !has_directive(file.source->text()) &&
         std::none_of(file.diagnostics.begin(), file.diagnostics.end(),
                      [](const LoadDiagnostic& d) { return d.problem == LoadProblem::Syntax; }) &&
         std::none_of(file.documents.begin(), file.documents.end(),
                      [](const Document& d) { return !d.helm_source.empty() || !d.root; });
}

// The document whose lines [first_line[k], first_line[k + 1]) hold `line`.
std::size_t document_at(const std::vector<std::uint32_t>& first_line, std::uint32_t line) {
  return static_cast<std::size_t>(
      std::upper_bound(first_line.begin() + 1, first_line.end() - 1, line) - first_line.begin() -
      1);
}

}  // namespace

std::optional<LoadedFile> reparse_changed_documents(LoadedFile& before, std::string after,
                                                    std::span<const TextEdit> edits,
                                                    const LoadLimits& limits) {
  if (edits.empty() || !cuttable_yaml_stream(before)) return std::nullopt;
  const SourceFile& old_source = *before.source;
  const std::size_t n = before.documents.size();

  // Document k owns the text from the start of its first line (its `---` line) to the start of
  // the next document's; the first one also owns what comes before it.
  std::vector<std::size_t> start(n + 1);
  std::vector<std::uint32_t> first_line(n + 1);
  for (std::size_t k = 0; k < n; ++k) {
    first_line[k] = k == 0 ? 1 : before.documents[k].line;
    start[k] = old_source.line_start(first_line[k]);
    if (k > 0 && start[k] <= start[k - 1]) return std::nullopt;
    // A document after `...` without a `---` of its own would join the one before if an edit
    // removed the `...`: only documents that start with a marker line are cut apart.
    if (k > 0 && !old_source.line(first_line[k]).starts_with("---")) return std::nullopt;
  }
  start[n] = old_source.text().size();
  first_line[n] = static_cast<std::uint32_t>(old_source.line_count()) + 1;

  // Parsed again: the documents the edits change.
  std::vector<bool> reparse(n, false);
  std::vector<std::int64_t> growth(n, 0);  // bytes each document's edits add
  for (const TextEdit& e : edits) {
    std::size_t k = static_cast<std::size_t>(
        std::upper_bound(start.begin() + 1, start.begin() + static_cast<std::ptrdiff_t>(n),
                         e.offset) -
        start.begin() - 1);
    // Text inserted where a document starts goes before its `---`: the end of the one before.
    if (k > 0 && e.length == 0 && e.offset == start[k]) --k;
    if (e.end() > start[k + 1]) return std::nullopt;  // crosses into the next document
    // An edit of a document's `---` line could remove the marker and join it to the one before.
    if (k > 0 && e.offset < old_source.line_start(first_line[k] + 1)) return std::nullopt;
    // An edit that reaches the next document's first line must end a line of its own.
    if (k + 1 < n && e.end() == start[k + 1] &&
        (e.text.empty() ? e.length > 0 : e.text.back() != '\n'))
      return std::nullopt;
    reparse[k] = true;
    growth[k] += static_cast<std::int64_t>(e.text.size()) - static_cast<std::int64_t>(e.length);
  }

  auto source = std::make_shared<SourceFile>(old_source.path(), std::move(after));
  std::vector<std::uint32_t> new_first_line(n + 1);
  std::int64_t shift = 0;
  for (std::size_t k = 0; k < n; ++k) {
    const Position at =
        source->position_of(static_cast<std::size_t>(static_cast<std::int64_t>(start[k]) + shift));
    if (at.column != 1) return std::nullopt;
    new_first_line[k] = at.line;
    shift += growth[k];
  }
  if (static_cast<std::int64_t>(start[n]) + shift !=
      static_cast<std::int64_t>(source->text().size()))
    return std::nullopt;  // the edits do not describe this text
  new_first_line[n] = static_cast<std::uint32_t>(source->line_count()) + 1;
  const auto delta = [&](std::size_t k) {
    return static_cast<std::int64_t>(new_first_line[k]) - static_cast<std::int64_t>(first_line[k]);
  };

  // A document that moves is parsed again too when it holds what cannot simply be moved: a
  // duplicate-key diagnostic (its message names a line) or an alias target (shared nodes).
  for (const LoadDiagnostic& d : before.diagnostics) {
    const std::size_t k = document_at(first_line, d.position.line);
    if (delta(k) != 0) reparse[k] = true;
  }
  for (const Node* target : before.alias_targets) {
    const std::size_t k = document_at(first_line, target->line);
    if (delta(k) != 0) reparse[k] = true;
  }

  // Parse those documents, each on its own; nothing of `before` changes until all parse.
  std::vector<Document> documents(n);
  std::vector<std::vector<LoadDiagnostic>> diagnostics(n);
  std::vector<const Node*> alias_targets;
  std::vector<std::unique_ptr<Arena>> arenas;
  for (std::size_t k = 0; k < n; ++k) {
    if (!reparse[k]) continue;
    if (new_first_line[k + 1] <= new_first_line[k]) return std::nullopt;
    LoadedFile region = load_yaml_lines(source, new_first_line[k], new_first_line[k + 1], limits);
    if (region.documents.size() != 1 ||
        std::any_of(region.diagnostics.begin(), region.diagnostics.end(),
                    [](const LoadDiagnostic& d) { return d.problem == LoadProblem::Syntax; }))
      return std::nullopt;
    documents[k] = region.documents.front();
    diagnostics[k] = std::move(region.diagnostics);
    alias_targets.insert(alias_targets.end(), region.alias_targets.begin(),
                         region.alias_targets.end());
    arenas.push_back(std::move(region.arena));
  }

  // Carry the other documents over, with their diagnostics and alias targets, moved to their new
  // lines (only documents without either move).
  for (LoadDiagnostic& d : before.diagnostics) {
    const std::size_t k = document_at(first_line, d.position.line);
    if (!reparse[k]) diagnostics[k].push_back(std::move(d));
  }
  for (const Node* target : before.alias_targets)
    if (!reparse[document_at(first_line, target->line)]) alias_targets.push_back(target);
  for (std::size_t k = 0; k < n; ++k) {
    if (!reparse[k]) {
      documents[k] = before.documents[k];
      if (const std::int64_t d = delta(k); d != 0) {
        move_lines(*documents[k].root, d);
        documents[k].line = static_cast<std::uint32_t>(documents[k].line + d);
      }
    }
    documents[k].index = static_cast<std::uint32_t>(k);
  }

  LoadedFile out;
  out.source = source;
  out.documents = std::move(documents);
  for (auto& of_document : diagnostics)
    for (LoadDiagnostic& d : of_document) out.diagnostics.push_back(std::move(d));
  std::sort(alias_targets.begin(), alias_targets.end());
  out.alias_targets = std::move(alias_targets);
  out.arena = std::move(before.arena);
  out.extra_arenas = std::move(before.extra_arenas);
  for (auto& arena : arenas) out.extra_arenas.push_back(std::move(arena));
  out.earlier_sources = std::move(before.earlier_sources);
  out.earlier_sources.push_back(before.source);
  before.documents.clear();
  before.diagnostics.clear();
  before.alias_targets.clear();
  return out;
}

}  // namespace titanlint
