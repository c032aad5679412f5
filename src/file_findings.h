// The findings of one file as rules report them, with limits.maxFindingsPerFile applied as they
// arrive: only the first `cap` findings in report order are kept (a bounded heap), the others are
// counted. So a file with a million findings costs the memory of `cap` of them, and a finding that
// cannot be among the kept ones is refused before its message is built.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "finding.h"

namespace titanlint {

// Findings of one file past limits.maxFindingsPerFile: left out of the listing, counted here, and
// named by one note finding at the end of the file's findings.
struct DroppedFindings {
  std::string file;
  std::size_t by_severity[3] = {0, 0, 0};  // unsuppressed, indexed by Severity
  std::size_t suppressed = 0;
  std::size_t total() const {
    return by_severity[0] + by_severity[1] + by_severity[2] + suppressed;
  }
};

class FileFindings {
 public:
  FileFindings(std::string_view file, std::uint32_t cap) : file_(file), cap_(cap) {}

  std::string_view file() const { return file_; }

  // False when a finding at `position` with `code` cannot be among the kept findings (the heap
  // is full of findings that sort before it). Ties on place and code are admitted: the message
  // decides them.
  bool admits(Position position, std::string_view code) const;
  // Keeps the finding, or counts it (or the kept finding it displaces) as dropped.
  void add(Finding finding);
  // Counts a finding that admits() refused.
  void drop(Finding finding);
  // Takes in another contribution to the same file (stdin's helm streams can name a file that is
  // also linted from disk).
  void merge(FileFindings&& other);

  // The kept findings in report order, and what was dropped (nothing when total() is 0). The
  // first dropped finding in report order, for the note's position.
  std::vector<Finding> take_sorted();
  const DroppedFindings& dropped() const { return dropped_; }
  const std::optional<Finding>& first_dropped() const { return first_dropped_; }
  bool empty() const { return kept_.empty() && dropped_.total() == 0; }

 private:
  void count_dropped(Finding&& finding);

  std::string_view file_;
  std::uint32_t cap_;
  std::vector<Finding> kept_;  // a max-heap by finding_less while findings arrive
  DroppedFindings dropped_;
  std::optional<Finding> first_dropped_;
};

}  // namespace titanlint
