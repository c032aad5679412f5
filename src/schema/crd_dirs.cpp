#include "schema/crd_dirs.h"

#include <fmt/format.h>

namespace titanlint::schema {

std::shared_ptr<const CrdCatalog> load_crd_dirs(const std::vector<std::string>& dirs,
                                                const LoadLimits& limits,
                                                std::vector<InputError>& errors) {
  if (dirs.empty()) return nullptr;
  auto catalog = std::make_shared<CrdCatalog>();
  for (const std::string& path : discover_files(dirs, {}, errors)) {
    InputError error;
    std::optional<LoadedFile> file = read_input(path, {}, limits, error);
    if (!file) {
      errors.push_back(std::move(error));
      continue;
    }
    for (const LoadDiagnostic& d : file->diagnostics) {
      if (d.problem == LoadProblem::DuplicateKey) continue;  // the last value counts, as linted
      errors.push_back(
          {fmt::format("{}:{}:{}", path, d.position.line, d.position.column),
           fmt::format("{} (a --schema-dir file: its other documents are used)", d.message)});
    }
    auto owner = std::make_shared<const LoadedFile>(std::move(*file));
    bool used = false;
    for (const Document& doc : owner->documents) {
      if (!doc.root) continue;
      const Node* items = doc.root->get("items");
      if (items && items->is_sequence()) {  // `kubectl get crd -o yaml`
        for (const Node* item : items->items()) used = catalog->add(*item) || used;
      } else {
        used = catalog->add(*doc.root) || used;
      }
    }
    if (used) catalog->keep(owner);
  }
  if (catalog->size() == 0) return nullptr;
  return catalog;
}

}  // namespace titanlint::schema
