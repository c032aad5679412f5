#include "fix/unified_diff.h"

#include <dtl/dtl.hpp>

#include <fmt/format.h>

namespace titanlint {
namespace {

// Lines with their line breaks, so that a changed line ending is a changed line. Views into the
// text: the diff copies no line.
std::vector<std::string_view> lines_of(std::string_view text) {
  std::vector<std::string_view> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    end = end == std::string_view::npos ? text.size() : end + 1;
    lines.emplace_back(text.substr(start, end - start));
    start = end;
  }
  return lines;
}

std::string masked_line(std::string_view text, const std::vector<std::string>& masked) {
  std::string line(text);
  for (const std::string& secret : masked) {
    if (secret.empty()) continue;
    for (std::size_t at = line.find(secret); at != std::string::npos;
         at = line.find(secret, at + 4))
      line.replace(at, secret.size(), "****");
  }
  return line;
}

void print_line(std::string& out, char mark, std::string_view line,
                const std::vector<std::string>& masked) {
  out += mark;
  out += masked_line(line, masked);
  if (line.empty() || line.back() != '\n') out += "\n\\ No newline at end of file\n";
}

// `-start,count` as diff(1) writes it: an empty range names the line before it.
std::string range(long long start, long long count) {
  if (count == 0) return fmt::format("{},0", start > 0 ? start - 1 : 0);
  if (count == 1) return fmt::format("{}", start);
  return fmt::format("{},{}", start, count);
}

}  // namespace

std::string unified_diff(std::string_view path, std::string_view before, std::string_view after,
                         const std::vector<std::string>& masked) {
  if (before == after) return {};
  // Only the lines between the common head and the common tail (less the context the hunks
  // show) go to the diff algorithm: its cost grows with the lines it is given.
  constexpr std::size_t kContext = 3;  // dtl's, and diff -u's
  std::vector<std::string_view> a = lines_of(before);
  std::vector<std::string_view> b = lines_of(after);
  std::size_t head = 0;
  while (head < a.size() && head < b.size() && a[head] == b[head]) ++head;
  std::size_t tail = 0;
  while (tail < a.size() - head && tail < b.size() - head &&
         a[a.size() - 1 - tail] == b[b.size() - 1 - tail])
    ++tail;
  const std::size_t skip_head = head > kContext ? head - kContext : 0;
  const std::size_t skip_tail = tail > kContext ? tail - kContext : 0;
  using Lines = std::vector<std::string_view>;
  Lines middle_a(a.begin() + static_cast<std::ptrdiff_t>(skip_head),
                 a.end() - static_cast<std::ptrdiff_t>(skip_tail));
  Lines middle_b(b.begin() + static_cast<std::ptrdiff_t>(skip_head),
                 b.end() - static_cast<std::ptrdiff_t>(skip_tail));
  dtl::Diff<std::string_view, Lines> diff(middle_a, middle_b);
  diff.compose();
  diff.composeUnifiedHunks();
  const auto shift = [&](long long line) { return line + static_cast<long long>(skip_head); };
  // git's a/ and b/ for relative paths (`patch -p1`, `git apply`); an absolute path as it is.
  const bool absolute = path.starts_with('/');
  std::string out = absolute ? fmt::format("--- {}\n+++ {}\n", path, path)
                             : fmt::format("--- a/{}\n+++ b/{}\n", path, path);
  for (const auto& hunk : diff.getUniHunks()) {
    out +=
        fmt::format("@@ -{} +{} @@\n", range(shift(hunk.a), hunk.b), range(shift(hunk.c), hunk.d));
    for (const auto& [line, info] : hunk.common[0]) print_line(out, ' ', line, masked);
    for (const auto& [line, info] : hunk.change) {
      const char mark = info.type == dtl::SES_ADD ? '+' : info.type == dtl::SES_DELETE ? '-' : ' ';
      print_line(out, mark, line, masked);
    }
    for (const auto& [line, info] : hunk.common[1]) print_line(out, ' ', line, masked);
  }
  return out;
}

}  // namespace titanlint
