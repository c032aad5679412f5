#include "fix_write.h"

#include <cstring>

#include <fmt/format.h>

#include "inputs.h"
#include "report_io.h"

namespace titanlint::cli {

std::string write_fixed_file(const std::string& path, std::string_view original,
                             std::string_view fixed, const LoadLimits& limits) {
  // An editor or another tool may have written the file since it was linted: its edits win.
  // (A write between this check and the rename below can still be lost; the window is a read
  // and a write of one file.)
  FileRead now = read_whole_file(path, limits.max_file_bytes);
  if (now.error != 0)
    return fmt::format("cannot {} {} again before writing it: {}", now.failed_to, path,
                       std::strerror(now.error));
  if (now.too_large || now.text != original)
    return fmt::format("{} changed since it was read; not written (run titanlint fix again)", path);
  return replace_file(path, fixed);
}

}  // namespace titanlint::cli
