// What a loader produces from one input: its documents and the problems found while loading.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "node.h"
#include "source_file.h"

namespace titanlint {

// Bounds that keep hostile input from costing unbounded time or memory (the `limits:` section of
// .titanlint.yaml; docs/limits.md lists them). Each one, when hit, produces an input error
// (maxFileBytes) or a LoadProblem::Syntax diagnostic that names the limit and the config key that
// raises it.
struct LoadLimits {
  std::size_t max_file_bytes = 32u << 20;         // limits.maxFileBytes
  std::uint32_t max_depth = 256;                  // limits.maxDepth
  std::uint64_t max_alias_expansion = 1'000'000;  // limits.maxAliasExpansion (nodes per document)
  std::uint32_t max_documents = 20'000;           // limits.maxDocumentsPerFile
  // Applied by the engine, not the loaders: findings listed per file; the rest are counted and
  // summarised in one note under the registry's RuleScope::Limit rule.
  std::uint32_t max_findings_per_file = 1'000;  // limits.maxFindingsPerFile
};

// The largest limits.maxDepth accepted: the JSON loader builds the tree recursively, one stack
// frame per level, and past about 30,000 levels a default 8 MiB stack overflows.
inline constexpr std::uint32_t kMaxDepthCeiling = 4'096;

// What kind of problem loading found. The core knows no rule codes: each problem is reported
// under the rule that declares it (RuleMeta::load_problem; TL001-TL003 among the built-ins).
enum class LoadProblem : std::uint8_t {
  Syntax,        // malformed YAML/JSON, or a limit of LoadLimits hit
  NotAnObject,   // a document without string apiVersion and kind (found by the engine)
  DuplicateKey,  // a mapping key given twice
};
inline constexpr std::size_t kLoadProblemCount = 3;
// "syntax", "not-an-object", "duplicate-key" (test and fuzzer messages).
std::string_view to_string(LoadProblem problem);

// A problem the loader found, at a position of the source.
struct LoadDiagnostic {
  LoadProblem problem = LoadProblem::Syntax;
  Position position;
  std::string message;
  std::string remediation;
};

struct Document {
  const Node* root = nullptr;
  std::uint32_t index = 0;  // 0-based position in the file
  std::uint32_t line = 0;   // line of the first content of the document
  // Set for `helm template` output: the chart file named by `# Source:` above the document, and
  // the stream line just before the document's first line (so line - origin is the line within
  // the rendered template).
  std::string helm_source;
  std::uint32_t helm_origin_line = 0;
};

struct LoadedFile {
  std::shared_ptr<const SourceFile> source;
  std::unique_ptr<Arena> arena;
  std::vector<Document> documents;
  std::vector<LoadDiagnostic> diagnostics;
  // Nodes that an alias (`*name`) refers to, sorted: they appear in several places, so a fix
  // never edits them (src/fix/fix_builder.h).
  std::vector<const Node*> alias_targets;
  bool json = false;  // loaded by the JSON loader (a fix writes JSON into it)
  // When only the changed documents were parsed again (src/fix/reparse.h): the arenas of the
  // documents parsed apart from `arena`, and the earlier texts whose documents were carried over
  // (their scalars point into them).
  std::vector<std::unique_ptr<Arena>> extra_arenas;
  std::vector<std::shared_ptr<const SourceFile>> earlier_sources;
};

}  // namespace titanlint
