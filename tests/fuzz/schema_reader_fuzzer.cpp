// Fuzz target: the OpenAPI schema reader (schema::Schema::compile_swagger), which the build runs
// on the shipped document and a future --schema-dir would run on user files. Invariants: a
// document either compiles or throws std::runtime_error (never crashes, never hangs on a `$ref`
// cycle); a compiled kind validates a small object without crashing, whatever its shape.
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string_view>

#include "fuzz_support.h"
#include "schema/schema.h"
#include "schema/validate.h"

using namespace titanlint;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  std::optional<schema::Schema> compiled;
  try {
    compiled.emplace(schema::Schema::compile_swagger(input));
  } catch (const std::runtime_error&) {
    return 0;
  }
  // A mapping { spec: [ "x" ] } against every kind the document may name "A" in group "a".
  Node key, text, list, root;
  key.set_text("spec");
  key.type = ScalarType::String;
  text.set_text("x");
  text.type = ScalarType::String;
  const Node* items[] = {&text};
  list.kind = NodeKind::Sequence;
  list.set_items(items);
  const MapEntry entries[] = {{&key, &list}};
  root.kind = NodeKind::Mapping;
  root.set_entries(entries);
  for (std::string_view version : {"v1", "v1beta1"})
    if (const schema::TypeNode* type = compiled->find("a", version, "A"))
      schema::validate(*type, root, 31, [](const schema::Issue& issue) {
        TITANLINT_FUZZ_CHECK(issue.node != nullptr, "an issue without a node: {}", issue.message);
      });
  return 0;
}
