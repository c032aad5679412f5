// Peer agreement for TL101 liveness-probe-missing and TL102 readiness-probe-missing: the fixtures
// Polaris and kube-linter test their own probe checks with (testdata/peers/, see NOTICE.md) give
// the same verdicts in titanlint.
//
// Each peer runs one check per fixture, so each fixture is linted with only the matching rule
// enabled (livenessProbeMissing / no-liveness-probe -> TL101, readinessProbeMissing /
// no-readiness-probe -> TL102): Polaris' livenessProbeMissing/success.yaml has no readiness
// probe, and TL102 rightly reports that, but it is not what that fixture is about.
//
// No disagreement with either peer on these fixtures: we report exactly the objects they report,
// once per container, and ignore the init container of kube-linter's last `dont-fire` object as
// they do.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "builtin_rules.h"
#include "config.h"
#include "engine.h"
#include "inputs.h"
#include "tests_support.h"

namespace titanlint::testing {
namespace {

namespace fs = std::filesystem;

// Polaris (test/schema_test.go): a file named failure* must fail the check, any other file except
// mutated* must pass. mutated* is Polaris' own fix applied to failure.yaml: it must pass too.
struct PolarisCase {
  std::string check;
  std::string code;
};

class PolarisProbeFixtures : public ::testing::TestWithParam<PolarisCase> {};

TEST_P(PolarisProbeFixtures, FailureFilesFireAndOthersPass) {
  const PolarisCase& c = GetParam();
  const fs::path dir = peers_dir() / "polaris" / "checks" / c.check;
  ASSERT_TRUE(fs::is_directory(dir)) << dir;
  int failures = 0;
  int passes = 0;
  for (const auto& entry : fs::directory_iterator(dir)) {
    const fs::path& path = entry.path();
    const std::string name = path.filename().string();
    const Findings findings = lint_with_only(path, c.code);
    if (name.find("failure") != std::string::npos) {
      ++failures;
      EXPECT_FALSE(findings.empty())
          << path << ": Polaris fails " << c.check << ", " << c.code << " reported nothing";
    } else {
      ++passes;
      EXPECT_TRUE(findings.empty())
          << path << ": Polaris passes " << c.check << ", " << c.code << " reported:\n"
          << describe(findings);
    }
  }
  EXPECT_EQ(failures, 1) << dir;
  EXPECT_EQ(passes, 2) << dir << " (success.yaml and mutated.yaml)";
}

INSTANTIATE_TEST_SUITE_P(Probes, PolarisProbeFixtures,
                         ::testing::Values(PolarisCase{"livenessProbeMissing", "TL101"},
                                           PolarisCase{"readinessProbeMissing", "TL102"}),
                         [](const ::testing::TestParamInfo<PolarisCase>& info) {
                           return info.param.check;
                         });

// kube-linter (e2etests/bats-tests.sh, see testdata/peers/NOTICE.md): exactly two reports, one on
// Deployment app1 and one on DeploymentConfig app2 (OpenShift's kind, which is_workload includes);
// objects named dont-fire* get none.
struct KubeLinterCase {
  std::string file;
  std::string code;
  std::set<std::string> flagged;  // Kind/name
  std::size_t reports;
};

class KubeLinterProbeFixtures : public ::testing::TestWithParam<KubeLinterCase> {};

TEST_P(KubeLinterProbeFixtures, SameObjectsAreReported) {
  const KubeLinterCase& c = GetParam();
  const fs::path path = peers_dir() / "kube-linter" / "checks" / c.file;
  ASSERT_TRUE(fs::exists(path)) << path;
  const Findings findings = lint_with_only(path, c.code);
  std::set<std::string> flagged;
  for (const Finding& f : findings) {
    flagged.insert(fmt::format("{}/{}", f.object.kind, f.object.name));
    EXPECT_FALSE(f.object.name.starts_with("dont-fire"))
        << path << ":" << f.position.line << ": " << f.code << " fired on " << f.object.kind << "/"
        << f.object.name;
  }
  EXPECT_EQ(flagged, c.flagged) << path << "\nall findings:\n" << describe(findings);
  // kube-linter reports once per container without the probe, as we do.
  EXPECT_EQ(findings.size(), c.reports) << path << "\nall findings:\n" << describe(findings);
}

INSTANTIATE_TEST_SUITE_P(
    Probes, KubeLinterProbeFixtures,
    ::testing::Values(
        KubeLinterCase{
            "no-liveness-probe.yml", "TL101", {"Deployment/app1", "DeploymentConfig/app2"}, 2},
        KubeLinterCase{
            "no-readiness-probe.yml", "TL102", {"Deployment/app1", "DeploymentConfig/app2"}, 2}),
    [](const ::testing::TestParamInfo<KubeLinterCase>& info) {
      std::string name = info.param.file.substr(0, info.param.file.find('.'));
      for (char& ch : name)
        if (ch == '-') ch = '_';
      return name;
    });

// The guide's manifests (testdata/guide/k8s): the two without probes are reported at their
// container, the api Deployment (all three probes, separate endpoints) is clean for TL101-TL108.
TEST(GuideProbes, ContainersWithoutProbesAndTheCleanApi) {
  const fs::path guide = source_dir() / "testdata" / "guide" / "k8s";
  auto lines = [&](const std::string& file, const std::string& code) {
    std::vector<std::uint32_t> out;
    for (const Finding& f : lint_with_only(guide / file, code)) out.push_back(f.position.line);
    return out;
  };
  for (const std::string code : {"TL101", "TL102"}) {
    EXPECT_EQ(lines("webapp/deployment.yaml", code), std::vector<std::uint32_t>{10}) << code;
    EXPECT_EQ(lines("daemon/statefulset.yaml", code), std::vector<std::uint32_t>{17}) << code;
  }
  for (const std::string code :
       {"TL101", "TL102", "TL103", "TL104", "TL105", "TL106", "TL107", "TL108"})
    EXPECT_TRUE(lines("api/deployment.yaml", code).empty()) << code;
}

}  // namespace
}  // namespace titanlint::testing
