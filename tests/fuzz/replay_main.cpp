// Replays files through a fuzz target's LLVMFuzzerTestOneInput without libFuzzer, so the seeds and
// every regression input are tested in every build (gcc included), as one ctest entry per target.
//
//   fuzz_replay_<target> PATH... [--optional PATH]...
//
// A directory is read recursively (hidden entries skipped). A PATH must exist; an --optional one
// may be missing (a target's regressions/ directory exists only once it has a regression). A
// crash or a broken invariant aborts, which fails the test; the last "replaying" line names the
// input.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);
extern "C" __attribute__((weak)) int LLVMFuzzerInitialize(int* argc, char*** argv);

namespace {

namespace fs = std::filesystem;

bool hidden(const fs::path& path) {
  return path.filename().string().starts_with(".");
}

void collect(const fs::path& path, std::vector<fs::path>& files) {
  if (!fs::is_directory(path)) {
    files.push_back(path);
    return;
  }
  for (auto it = fs::recursive_directory_iterator(path); it != fs::recursive_directory_iterator();
       ++it) {
    if (hidden(it->path())) {
      if (it->is_directory()) it.disable_recursion_pending();
      continue;
    }
    if (it->is_regular_file()) files.push_back(it->path());
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (LLVMFuzzerInitialize) LLVMFuzzerInitialize(&argc, &argv);
  std::vector<fs::path> files;
  for (int i = 1; i < argc; ++i) {
    const bool optional = std::string_view(argv[i]) == "--optional";
    if (optional && ++i == argc) {
      std::fprintf(stderr, "--optional needs a path\n");
      return 2;
    }
    const fs::path path = argv[i];
    if (!fs::exists(path)) {
      if (optional) continue;
      std::fprintf(stderr, "%s: no such file or directory\n", path.c_str());
      return 2;
    }
    collect(path, files);
  }
  if (files.empty()) {
    std::fprintf(stderr, "no inputs to replay\n");
    return 2;
  }
  std::sort(files.begin(), files.end());
  for (const fs::path& file : files) {
    std::printf("replaying %s\n", file.c_str());
    std::fflush(stdout);
    std::ifstream in(file, std::ios::binary);
    const std::string bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    if (!in.good() && !in.eof()) {
      std::fprintf(stderr, "%s: cannot read\n", file.c_str());
      return 2;
    }
    LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
  }
  std::printf("%zu inputs replayed, no crash\n", files.size());
  return 0;
}
