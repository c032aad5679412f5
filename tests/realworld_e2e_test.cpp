// Real manifests (testdata/realworld/, see NOTICE.md) linted with every rule: each project's
// findings were reviewed by hand and are pinned, so a rule change that adds or drops a finding on
// real-world input shows up here (TITANLINT_UPDATE_GOLDEN=1 rewrites after a reviewed change).
#include <gtest/gtest.h>

#include <cstdlib>

#include "tests_support.h"

namespace titanlint::testing {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> projects() {
  std::vector<std::string> out;
  for (const auto& entry : fs::directory_iterator(source_dir() / "testdata" / "realworld"))
    if (entry.is_directory()) out.push_back(entry.path().filename().string());
  std::sort(out.begin(), out.end());
  return out;
}

class RealWorld : public ::testing::TestWithParam<std::string> {};

TEST_P(RealWorld, ReviewedFindingsArePinned) {
  const std::string project = GetParam();
  CommandResult r = run_titanlint("--format gcc testdata/realworld/" + project);
  EXPECT_EQ(r.err, "");
  EXPECT_LE(r.exit_code, 1) << "no input or usage error on real manifests";
  fs::path golden = source_dir() / "testdata" / "golden" / "realworld" / (project + ".gcc.txt");
  if (const char* update = std::getenv("TITANLINT_UPDATE_GOLDEN"); update && *update == '1') {
    write_file(golden, r.out);
    return;
  }
  ASSERT_TRUE(fs::exists(golden)) << golden;
  EXPECT_EQ(r.out, read_file(golden)) << "findings on " << project << " changed";
}

INSTANTIATE_TEST_SUITE_P(Projects, RealWorld, ::testing::ValuesIn(projects()),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           std::string name = info.param;
                           for (char& c : name)
                             if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                           return name;
                         });

}  // namespace
}  // namespace titanlint::testing
