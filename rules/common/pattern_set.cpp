#include "common/pattern_set.h"

#include <algorithm>

namespace titanlint::rules {

PatternSet::PatternSet(std::vector<std::string> patterns) : patterns_(std::move(patterns)) {}

PatternSet::~PatternSet() = default;

const PatternSet::Compiled& PatternSet::compiled() const {
  std::call_once(once_, [this] {
    if (patterns_.empty()) return;
    RE2::Options options;
    options.set_log_errors(false);
    auto set = std::make_unique<RE2::Set>(options, RE2::UNANCHORED);
    for (std::size_t i = 0; i < patterns_.size(); ++i)
      if (set->Add(patterns_[i], nullptr) >= 0) compiled_.index_of.push_back(i);
    // Compile() fails only on memory exhaustion: the set then matches nothing.
    if (!compiled_.index_of.empty() && set->Compile()) compiled_.set = std::move(set);
  });
  return compiled_;
}

std::optional<std::size_t> PatternSet::first_match(std::string_view text) const {
  const Compiled& c = compiled();
  if (!c.set) return std::nullopt;
  std::vector<int> hits;
  if (!c.set->Match(text, &hits) || hits.empty()) return std::nullopt;
  return c.index_of[static_cast<std::size_t>(*std::min_element(hits.begin(), hits.end()))];
}

}  // namespace titanlint::rules
