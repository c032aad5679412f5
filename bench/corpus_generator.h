// A deterministic generator of a realistic `k8s/` tree for benchmarks: teams of applications
// (Deployments and StatefulSets with their Services, HPAs, PDBs, NetworkPolicies, ConfigMaps,
// Ingresses, Jobs and CronJobs), written as a mix of one-file-per-app, kustomize-style bundles
// and helm-rendered streams, in block and flow style, with comments and long strings. Some objects
// are deliberately wrong so that the rules have findings to report.
//
// The same seed and document count always give the same bytes (the generator uses its own PRNG
// and integer arithmetic only, never <random>'s distributions, whose output is not portable).
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace titanlint::bench {

inline constexpr std::uint64_t kDefaultCorpusSeed = 0x7469'7461'6e6c'696eULL;  // "titanlin"
inline constexpr std::size_t kDefaultCorpusDocuments = 2000;

struct CorpusFile {
  std::string path;  // relative, '/'-separated, under k8s/
  std::string text;
  std::size_t documents = 0;
};

struct Corpus {
  std::vector<CorpusFile> files;  // sorted by path
  std::size_t documents = 0;      // exactly the number asked for
  std::size_t bytes = 0;
};

// How often the generated objects break the guide's rules.
enum class Defects {
  Realistic,  // the default: about 1.2 findings per document, as in a real repository
  Heavy,      // most objects break several rules: at least 5 findings per document (the cost of
              // reporting, measured by bench/run-process-bench.sh)
};

// Generates exactly `documents` non-empty YAML documents. The realistic corpus of a given seed
// and size never changes; the heavy one draws from the same generator with other odds.
Corpus generate_corpus(std::size_t documents = kDefaultCorpusDocuments,
                       std::uint64_t seed = kDefaultCorpusSeed,
                       Defects defects = Defects::Realistic);

// Writes every file under `directory` (created as needed). Throws std::runtime_error on failure.
void write_corpus(const Corpus& corpus, const std::filesystem::path& directory);

// Both corpora of `documents` each, with the default seed, as bench/run-process-bench.sh lints
// them: `directory`/realistic and `directory`/heavy.
void write_realistic_and_heavy_corpora(const std::filesystem::path& directory,
                                       std::size_t documents);

}  // namespace titanlint::bench
