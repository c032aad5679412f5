#include "common/pattern_set.h"

#include <algorithm>

namespace titanlint::rules {
namespace {

RE2::Options quiet() {
  RE2::Options options;
  options.set_log_errors(false);
  return options;
}

}  // namespace

PatternSet::PatternSet(const std::vector<std::string>& patterns) : set_(quiet(), RE2::UNANCHORED) {
  for (std::size_t i = 0; i < patterns.size(); ++i) {
    if (set_.Add(patterns[i], nullptr) < 0) continue;
    index_of_.push_back(i);
  }
  empty_ = index_of_.empty();
  if (!empty_ && !set_.Compile()) empty_ = true;  // only on memory exhaustion
}

std::optional<std::size_t> PatternSet::first_match(std::string_view text) const {
  if (empty_) return std::nullopt;
  std::vector<int> hits;
  if (!set_.Match(text, &hits) || hits.empty()) return std::nullopt;
  return index_of_[static_cast<std::size_t>(*std::min_element(hits.begin(), hits.end()))];
}

}  // namespace titanlint::rules
