// titanlint_gen_corpus DIR [documents]: writes the benchmark corpus (a k8s/ tree) for manual runs,
// e.g. `titanlint_gen_corpus /tmp/corpus && time titanlint lint /tmp/corpus --format gcc`.
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>

#include "corpus_generator.h"

int main(int argc, char** argv) {
  if (argc < 2 || argc > 3) {
    std::fprintf(stderr, "usage: %s DIR [documents]   (default %zu documents)\n", argv[0],
                 titanlint::bench::kDefaultCorpusDocuments);
    return 2;
  }
  std::size_t documents = titanlint::bench::kDefaultCorpusDocuments;
  if (argc == 3) {
    char* end = nullptr;
    const unsigned long long n = std::strtoull(argv[2], &end, 10);
    if (end == argv[2] || *end != '\0' || n == 0) {
      std::fprintf(stderr, "%s: documents must be a positive integer, not '%s'\n", argv[0],
                   argv[2]);
      return 2;
    }
    documents = static_cast<std::size_t>(n);
  }
  try {
    const titanlint::bench::Corpus corpus = titanlint::bench::generate_corpus(documents);
    titanlint::bench::write_corpus(corpus, argv[1]);
    std::printf("%s: %zu documents in %zu files, %.2f MB\n", argv[1], corpus.documents,
                corpus.files.size(), static_cast<double>(corpus.bytes) / 1e6);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "%s: %s\n", argv[0], e.what());
    return 1;
  }
  return 0;
}
