#include "file_findings.h"

#include <algorithm>
#include <iterator>

namespace titanlint {
namespace {

// The report order without the message: what is known before a message is built.
int compare_place(Position position, std::string_view code, const Finding& f) {
  if (position.line != f.position.line) return position.line < f.position.line ? -1 : 1;
  if (position.column != f.position.column) return position.column < f.position.column ? -1 : 1;
  if (code != f.code) return code < f.code ? -1 : 1;
  return 0;
}

}  // namespace

bool FileFindings::admits(Position position, std::string_view code) const {
  if (kept_.size() < cap_) return true;
  return compare_place(position, code, kept_.front()) <= 0;
}

void FileFindings::add(Finding finding) {
  if (kept_.size() < cap_) {
    kept_.push_back(std::move(finding));
    std::push_heap(kept_.begin(), kept_.end(), finding_less);
    return;
  }
  if (!finding_less(finding, kept_.front())) {
    count_dropped(std::move(finding));
    return;
  }
  std::pop_heap(kept_.begin(), kept_.end(), finding_less);
  Finding displaced = std::move(kept_.back());
  kept_.back() = std::move(finding);
  std::push_heap(kept_.begin(), kept_.end(), finding_less);
  count_dropped(std::move(displaced));
}

void FileFindings::drop(Finding finding) {
  count_dropped(std::move(finding));
}

void FileFindings::count_dropped(Finding&& finding) {
  if (finding.suppressed())
    ++dropped_.suppressed;
  else
    ++dropped_.by_severity[static_cast<int>(finding.severity)];
  if (!first_dropped_ || finding_less(finding, *first_dropped_))
    first_dropped_ = std::move(finding);
}

void FileFindings::merge(FileFindings&& other) {
  for (std::size_t i = 0; i < 3; ++i) dropped_.by_severity[i] += other.dropped_.by_severity[i];
  dropped_.suppressed += other.dropped_.suppressed;
  if (other.first_dropped_ &&
      (!first_dropped_ || finding_less(*other.first_dropped_, *first_dropped_)))
    first_dropped_ = std::move(other.first_dropped_);
  for (Finding& f : other.kept_) add(std::move(f));
  other.kept_.clear();
}

std::vector<Finding> FileFindings::take_sorted() {
  std::sort_heap(kept_.begin(), kept_.end(), finding_less);
  return std::move(kept_);
}

}  // namespace titanlint
