// A unified diff of a file before and after its fixes (`titanlint fix --diff`), which `patch -p1`
// and `git apply` accept.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace titanlint {

// `--- a/PATH` / `+++ b/PATH` (an absolute PATH without a/ and b/) and hunks with three lines of
// context; empty when the texts are equal. Every occurrence of a `masked` text is shown as `****`
// (a secret value a fix removed must not reach a terminal or a CI log).
std::string unified_diff(std::string_view path, std::string_view before, std::string_view after,
                         const std::vector<std::string>& masked = {});

}  // namespace titanlint
