// A list of RE2 patterns matched in one pass over the text (RE2::Set): the secrets rules run
// their patterns over every env value, argument, ConfigMap value and annotation, and one scan
// costs a fraction of one PartialMatch per pattern.
//
// The set is compiled on first use, not when the rule is made: a run whose objects never reach
// the rule's patterns (an empty run, `--select TL1`) pays nothing for them. Compiling is
// thread-safe (rules run on several threads at once).
#pragma once

#include <re2/set.h>

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace titanlint::rules {

class PatternSet {
 public:
  // Invalid patterns are skipped (the config has already rejected them with a position).
  explicit PatternSet(std::vector<std::string> patterns);
  ~PatternSet();

  // The index (in `patterns`) of the first pattern found anywhere in `text`.
  std::optional<std::size_t> first_match(std::string_view text) const;
  bool any_match(std::string_view text) const { return first_match(text).has_value(); }

 private:
  struct Compiled {
    std::unique_ptr<RE2::Set> set;      // null when no pattern compiled
    std::vector<std::size_t> index_of;  // RE2::Set index -> index in `patterns`
  };
  const Compiled& compiled() const;

  std::vector<std::string> patterns_;
  mutable std::once_flag once_;
  mutable Compiled compiled_;
};

}  // namespace titanlint::rules
