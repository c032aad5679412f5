// YAML input (files, stdin, the config file) through libyaml's event API.
#pragma once

#include <memory>

#include "document.h"

namespace titanlint {

// Parses every document of a YAML stream. A syntax error becomes a TL001 diagnostic and loading
// resumes at the next `---` line, so one broken document does not hide the others.
LoadedFile load_yaml(std::shared_ptr<const SourceFile> source, const LoadLimits& limits);

// Parses lines [first_line, end_line) of the source as a stream of their own, with the source's
// positions, and no resumption after a syntax error: for re-parsing the documents an edit
// changed (src/fix/reparse.h). Helm `# Source:` comments are not read.
LoadedFile load_yaml_lines(std::shared_ptr<const SourceFile> source, std::uint32_t first_line,
                           std::uint32_t end_line, const LoadLimits& limits);

}  // namespace titanlint
