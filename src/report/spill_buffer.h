// Text a writer must hold until the end of the run (JUnit's suites: the <testsuites> line
// before them needs totals of the whole run), kept in memory while small and moved to an
// unlinked temporary file once it grows, so a report's size does not become the process's
// memory. Pieces are read back in any order.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace titanlint {

class SpillBuffer {
 public:
  // Text past `memory_limit` bytes goes to a temporary file in $TMPDIR (or /tmp). If no file can
  // be made, the text stays in memory: the report is still written, only bigger in memory.
  explicit SpillBuffer(std::size_t memory_limit = 1 << 20);
  ~SpillBuffer();
  SpillBuffer(const SpillBuffer&) = delete;
  SpillBuffer& operator=(const SpillBuffer&) = delete;

  struct Piece {
    std::uint64_t offset = 0;
    std::uint64_t size = 0;
  };
  Piece append(std::string_view text);
  // Appends the piece's bytes at `[from, from + count)` of it to `out`. Throws
  // std::runtime_error when the temporary file cannot be read back.
  void read(const Piece& piece, std::uint64_t from, std::uint64_t count, std::string& out) const;
  bool spilled() const { return fd_ >= 0; }

 private:
  void spill();

  std::size_t memory_limit_;
  std::string memory_;      // the text while it is small, or all of it when no file could be made
  std::uint64_t size_ = 0;  // bytes appended
  int fd_ = -1;
  bool spill_failed_ = false;
};

}  // namespace titanlint
