// Build-time tool: writes the part of an OpenAPI v2 document the schema rules read, minified:
// `definitions` without their `description`s (the 4.1 MB Kubernetes document becomes 0.3 MB,
// which parses at first use in a fraction of the time; docs/schema.md has the figures).
//   titanlint_schema_strip IN.json OUT.json
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>

namespace {

// Removes the `description` keyword of every schema. A `properties` (or `definitions`) object
// is a map of names to schemas, not a schema: a property named `description` (JSONSchemaProps,
// a CRD's own schema) stays.
void strip(nlohmann::json& value, bool name_map = false) {
  if (value.is_object()) {
    if (!name_map) value.erase("description");
    for (auto& [key, child] : value.items())
      strip(child, !name_map && (key == "properties" || key == "definitions"));
  } else if (value.is_array()) {
    for (auto& child : value) strip(child);
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: titanlint_schema_strip IN.json OUT.json\n";
    return 2;
  }
  std::ifstream in(argv[1], std::ios::binary);
  if (!in) {
    std::cerr << argv[1] << ": cannot open\n";
    return 1;
  }
  nlohmann::json document;
  try {
    document = nlohmann::json::parse(in);
  } catch (const nlohmann::json::exception& e) {
    std::cerr << argv[1] << ": " << e.what() << "\n";
    return 1;
  }
  if (!document.contains("definitions") || !document["definitions"].is_object()) {
    std::cerr << argv[1] << ": no `definitions` object\n";
    return 1;
  }
  nlohmann::json out = {{"definitions", std::move(document["definitions"])}};
  strip(out["definitions"], true);
  std::ofstream file(argv[2], std::ios::binary | std::ios::trunc);
  file << out.dump();
  return file.good() ? 0 : 1;
}
