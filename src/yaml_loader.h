// YAML input (files, stdin, the config file) through libyaml's event API.
#pragma once

#include <memory>

#include "document.h"

namespace titanlint {

// Parses every document of a YAML stream. A syntax error becomes a TL001 diagnostic and loading
// resumes at the next `---` line, so one broken document does not hide the others.
LoadedFile load_yaml(std::shared_ptr<const SourceFile> source, const LoadLimits& limits);

}  // namespace titanlint
