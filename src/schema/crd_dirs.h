// `--schema-dir DIR` and `schemaDirs: [DIR]`: the CustomResourceDefinitions a repository keeps
// apart from its manifests (a vendored `crds/` directory), for the schema rules.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "document.h"
#include "inputs.h"
#include "schema/crd.h"

namespace titanlint::schema {

// Reads every *.yaml, *.yml and *.json file under `dirs` (recursively, as lint inputs are found)
// and indexes the CRDs in them (`kind: List` items too); other documents are ignored. A file
// that cannot be read, or a document that does not parse, is an error (`path` is
// "file:line:col" when there is a position) and the other documents and files are still used.
// Null when the directories hold no CRD.
std::shared_ptr<const CrdCatalog> load_crd_dirs(const std::vector<std::string>& dirs,
                                                const LoadLimits& limits,
                                                std::vector<InputError>& errors);

}  // namespace titanlint::schema
