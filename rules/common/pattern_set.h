// A list of RE2 patterns matched in one pass over the text (RE2::Set): the secrets rules run
// their patterns over every env value, argument, ConfigMap value and annotation, and one scan
// costs a fraction of one PartialMatch per pattern.
#pragma once

#include <re2/set.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace titanlint::rules {

class PatternSet {
 public:
  // Invalid patterns are skipped (the config has already rejected them with a position).
  explicit PatternSet(const std::vector<std::string>& patterns);

  // The index (in `patterns`) of the first pattern found anywhere in `text`.
  std::optional<std::size_t> first_match(std::string_view text) const;
  bool any_match(std::string_view text) const { return first_match(text).has_value(); }

 private:
  RE2::Set set_;
  std::vector<std::size_t> index_of_;  // RE2::Set index -> index in `patterns`
  bool empty_ = true;
};

}  // namespace titanlint::rules
