// Writing a fixed file: only when it still holds what was linted, replaced atomically (a
// temporary file in the same directory, fsync, rename; the mode kept: cli/report_io.h).
#pragma once

#include <string>
#include <string_view>

#include "document.h"

namespace titanlint::cli {

// Replaces `path` with `fixed` when its content is still `original`. Returns an error message
// (the file changed since it was read, cannot be read again, cannot be written), or empty. On
// any error the file is left as it was.
std::string write_fixed_file(const std::string& path, std::string_view original,
                             std::string_view fixed, const LoadLimits& limits);

}  // namespace titanlint::cli
