// Fuzz target: the JSON loaders. load_json (simdjson On Demand, with positions, for `.json` files
// and stdin) and load_json_unpositioned (the DOM front end the webhook uses) must agree: the same
// documents, the same trees and the same diagnostic codes, whatever the bytes. Positions of the
// first are within the source; the second has none.
#include <algorithm>
#include <cstdint>
#include <memory>
#include <string>

#include "fuzz_support.h"
#include "json_loader.h"

using namespace titanlint;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto source = std::make_shared<const SourceFile>(
      "fuzz.json", std::string(reinterpret_cast<const char*>(data), size));
  const LoadedFile positioned = load_json(source, LoadLimits{});
  fuzz::check_loaded_file(positioned);
  TITANLINT_FUZZ_CHECK(positioned.documents.size() <= 1, "{} documents from one JSON value",
                       positioned.documents.size());

  const LoadedFile unpositioned = load_json_unpositioned(source, LoadLimits{});
  for (const Document& document : unpositioned.documents)
    fuzz::check_unpositioned_tree(document.root);
  for (const LoadDiagnostic& d : unpositioned.diagnostics)
    TITANLINT_FUZZ_CHECK(!d.message.empty(), "{} without a message", to_string(d.problem));

  // The two front ends accept and reject the same texts (On Demand may have reported duplicate
  // keys before it met the error).
  auto syntax_error = [](const LoadedFile& file) {
    return std::any_of(file.diagnostics.begin(), file.diagnostics.end(),
                       [](const LoadDiagnostic& d) { return d.problem == LoadProblem::Syntax; });
  };
  const bool positioned_error = syntax_error(positioned);
  const bool unpositioned_error = syntax_error(unpositioned);
  TITANLINT_FUZZ_CHECK(
      positioned_error == unpositioned_error, "On Demand {} the text, the DOM {} it",
      positioned_error ? "rejects" : "accepts", unpositioned_error ? "rejects" : "accepts");
  if (positioned_error) return 0;
  TITANLINT_FUZZ_CHECK(positioned.documents.size() == unpositioned.documents.size(),
                       "{} documents with positions, {} without", positioned.documents.size(),
                       unpositioned.documents.size());
  if (!positioned.documents.empty())
    TITANLINT_FUZZ_CHECK(
        fuzz::same_tree(positioned.documents[0].root, unpositioned.documents[0].root),
        "the two loaders built different trees");
  TITANLINT_FUZZ_CHECK(positioned.diagnostics.size() == unpositioned.diagnostics.size(),
                       "{} diagnostics with positions, {} without", positioned.diagnostics.size(),
                       unpositioned.diagnostics.size());
  for (std::size_t i = 0; i < positioned.diagnostics.size(); ++i)
    TITANLINT_FUZZ_CHECK(positioned.diagnostics[i].problem == unpositioned.diagnostics[i].problem,
                         "diagnostic {}: {} with positions, {} without", i,
                         to_string(positioned.diagnostics[i].problem),
                         to_string(unpositioned.diagnostics[i].problem));
  return 0;
}
