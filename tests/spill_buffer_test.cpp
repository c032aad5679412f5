// SpillBuffer: text read back is the text appended, in memory, in a temporary file, and when no
// temporary file can be made.
#include "report/spill_buffer.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <string>
#include <vector>

namespace titanlint {
namespace {

std::vector<std::string> pieces() {
  std::vector<std::string> out;
  for (int i = 0; i < 200; ++i)
    out.push_back(std::string(static_cast<std::size_t>(i % 37), 'a' + i % 26) + "\n");
  out.push_back("");
  out.push_back(std::string("nul\0byte", 8));
  return out;
}

void expect_round_trip(std::size_t memory_limit, bool expect_spilled) {
  SpillBuffer buffer(memory_limit);
  std::vector<SpillBuffer::Piece> written;
  const std::vector<std::string> texts = pieces();
  for (const std::string& t : texts) written.push_back(buffer.append(t));
  EXPECT_EQ(buffer.spilled(), expect_spilled);
  // Read back out of order, whole and in parts.
  for (std::size_t i = texts.size(); i-- > 0;) {
    std::string whole;
    buffer.read(written[i], 0, written[i].size, whole);
    EXPECT_EQ(whole, texts[i]) << "piece " << i;
    if (texts[i].size() > 2) {
      std::string middle = "prefix:";
      buffer.read(written[i], 1, texts[i].size() - 2, middle);
      EXPECT_EQ(middle, "prefix:" + texts[i].substr(1, texts[i].size() - 2));
    }
  }
}

TEST(SpillBuffer, SmallTextStaysInMemory) {
  expect_round_trip(1 << 20, false);
}

TEST(SpillBuffer, LargeTextGoesToATemporaryFile) {
  expect_round_trip(64, true);
}

TEST(SpillBuffer, WithoutATemporaryDirectoryTheTextStaysInMemory) {
  const char* old = std::getenv("TMPDIR");
  const std::string saved = old ? old : "";
  ::setenv("TMPDIR", "/nonexistent/titanlint-spill-test", 1);
  expect_round_trip(64, false);
  if (old)
    ::setenv("TMPDIR", saved.c_str(), 1);
  else
    ::unsetenv("TMPDIR");
}

}  // namespace
}  // namespace titanlint
