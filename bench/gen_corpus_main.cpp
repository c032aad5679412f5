// titanlint_gen_corpus DIR [documents] [--defects realistic|heavy]: writes the benchmark corpus (a
// k8s/ tree) for manual runs, e.g.
//   titanlint_gen_corpus /tmp/corpus && time titanlint lint /tmp/corpus --format gcc
//   titanlint_gen_corpus /tmp/heavy 2000 --defects heavy   # at least 5 findings per document
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>
#include <string_view>
#include <vector>

#include "corpus_generator.h"

namespace {

int usage(const char* program) {
  std::fprintf(stderr,
               "usage: %s DIR [documents] [--defects realistic|heavy]   (default %zu documents, "
               "realistic)\n",
               program, titanlint::bench::kDefaultCorpusDocuments);
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  using titanlint::bench::Defects;
  std::vector<std::string_view> positional;
  Defects defects = Defects::Realistic;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--defects" && i + 1 < argc) {
      const std::string_view value = argv[++i];
      if (value == "heavy")
        defects = Defects::Heavy;
      else if (value != "realistic")
        return usage(argv[0]);
    } else if (arg.starts_with("-")) {
      return usage(argv[0]);
    } else {
      positional.push_back(arg);
    }
  }
  if (positional.empty() || positional.size() > 2) return usage(argv[0]);
  std::size_t documents = titanlint::bench::kDefaultCorpusDocuments;
  if (positional.size() == 2) {
    const std::string text(positional[1]);
    char* end = nullptr;
    const unsigned long long n = std::strtoull(text.c_str(), &end, 10);
    if (end == text.c_str() || *end != '\0' || n == 0) {
      std::fprintf(stderr, "%s: documents must be a positive integer, not '%s'\n", argv[0],
                   text.c_str());
      return 2;
    }
    documents = static_cast<std::size_t>(n);
  }
  const std::string directory(positional[0]);
  try {
    const titanlint::bench::Corpus corpus =
        titanlint::bench::generate_corpus(documents, titanlint::bench::kDefaultCorpusSeed, defects);
    titanlint::bench::write_corpus(corpus, directory);
    std::printf("%s: %zu documents in %zu files, %.2f MB\n", directory.c_str(), corpus.documents,
                corpus.files.size(), static_cast<double>(corpus.bytes) / 1e6);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "%s: %s\n", argv[0], e.what());
    return 1;
  }
  return 0;
}
