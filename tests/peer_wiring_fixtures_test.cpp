// Peer agreement for the cross-resource scaling, PDB and Service rules: the fixtures kube-linter
// and Polaris test their own checks with (testdata/peers/, see NOTICE.md), linted with only the
// matching titanlint rule enabled. Each file is one run (one linted set), as each peer lints it.
//
// Agreement: kube-linter dangling-horizontalpodautoscaler (TL504), dangling-service (TL701),
// pdb-max-unavailable (TL508), hpa-minimum-three-replicas (TL505 with `min: 3`; our default is
// 2), and Polaris pdbDisruptionsIsZero (TL508), hpaMinAvailability failure/success (TL505).
//
// Where we differ, the test asserts OUR verdict and says why:
// - kube-linter pdb-min-available, PDB bar/baz: its Deployment foo has no pod template at all (the
//   API server rejects it), so no pods carry the selected labels; kube-linter matches the PDB
//   against the Deployment's own selector. We report baz2 and baz3 as it does (baz3 through the
//   KEDA ScaledObject's minReplicaCount, and also through replicas 1).
// - Polaris pdbMinAvailableGreaterThanHPAMinReplicas only fails minAvailable > HPA minReplicas:
//   * success.equals (minAvailable 5, minReplicas 5): equal is the deadlock, at the HPA's
//     minimum no pod may leave (desiredHealthy 5 of 5 -> disruptionsAllowed 0).
//   * success.no-min-replicas: an HPA without minReplicas has minReplicas 1 (API server
//     default), so minAvailable 2 blocks every eviction at that size.
//   * success.no-hpa and success.hpa-no-match: no HPA manages the Deployment, whose replicas
//     defaults to 1; minAvailable 5 >= 1 is TL508's "replicas" case (Polaris has no such check).
//   * failure-gt-percent (minAvailable 150%) fails in both, as "minAvailable >= 100%".
// - Polaris missingPodDisruptionBudget fails every Deployment without a matching PDB; TL507 only
//   reports workloads that run several pods (replicas >= 2 or an autoscaler): every Deployment in
//   those fixtures has 1 replica (default) and no HPA, where a budget can only block the drain
//   (minAvailable 1) or allow it. Ours reports none of them; a 2-replica copy does fire (tested
//   in testdata/rules/scaling/TL507.yaml, including the wrong-namespace and wrong-place cases).
// - Polaris hpaMinAvailability/success.minReplicaAbsent: minReplicas absent is 1 (API server
//   default), so TL505 reports it; the object the webhook receives says `minReplicas: 1`.
// - Polaris hpaMaxAvailability (minReplicas == maxReplicas): titanlint has no such rule; not
//   copied.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <filesystem>
#include <map>
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

// Lints one fixture with only `code` enabled; returns "Kind/name" of each unsuppressed finding.
std::multiset<std::string> flagged(const fs::path& path, const std::string& code,
                                   const Config& config = {}) {
  LintOptions options;
  options.select = {code};
  Engine engine(builtin_registry(), config, options);
  std::vector<LoadedFile> files;
  files.push_back(load_text(path.string(), read_file(path), config.limits));
  LintResult result = engine.lint(std::move(files));
  std::multiset<std::string> out;
  for (const Finding& f : result.findings) {
    if (f.suppressed()) continue;
    EXPECT_EQ(f.code, code) << path;
    out.insert(fmt::format("{}/{}", f.object.kind, f.object.name));
  }
  return out;
}

using Set = std::multiset<std::string>;

TEST(KubeLinterWiring, DanglingHpa) {
  EXPECT_EQ(flagged(peers_dir() / "kube-linter/checks/dangling-hpa.yml", "TL504"),
            (Set{"HorizontalPodAutoscaler/hpa1"}));
}

TEST(KubeLinterWiring, DanglingService) {
  EXPECT_EQ(flagged(peers_dir() / "kube-linter/checks/dangling-service.yml", "TL701"),
            (Set{"Service/app1", "Service/app2"}));
}

TEST(KubeLinterWiring, PdbMaxUnavailable) {
  EXPECT_EQ(flagged(peers_dir() / "kube-linter/checks/pdb-max-unavailable.yaml", "TL508"),
            (Set{"PodDisruptionBudget/foo"}));
}

TEST(KubeLinterWiring, PdbMinAvailableOurVerdict) {
  // kube-linter also reports bar/baz, whose Deployment has no pod template (see above).
  EXPECT_EQ(flagged(peers_dir() / "kube-linter/checks/pdb-min-available.yaml", "TL508"),
            (Set{"PodDisruptionBudget/baz2", "PodDisruptionBudget/baz3"}));
}

TEST(KubeLinterWiring, HpaMinimumThreeReplicasWithMin3) {
  Config config;
  config.rules["TL505"].options["min"] = std::int64_t{3};
  EXPECT_EQ(
      flagged(peers_dir() / "kube-linter/checks/hpa-minimum-three-replicas.yml", "TL505", config),
      (Set{"HorizontalPodAutoscaler/app"}));
  // With our default (2), minReplicas 2 is enough: nothing is reported.
  EXPECT_TRUE(
      flagged(peers_dir() / "kube-linter/checks/hpa-minimum-three-replicas.yml", "TL505").empty());
}

// Polaris: file name -> whether titanlint reports it (true = fires).
struct PolarisCase {
  std::string check;
  std::string code;
  std::map<std::string, bool> fires;
};

class PolarisWiringFixtures : public ::testing::TestWithParam<PolarisCase> {};

TEST_P(PolarisWiringFixtures, OurVerdicts) {
  const PolarisCase& c = GetParam();
  const fs::path dir = peers_dir() / "polaris" / "checks" / c.check;
  ASSERT_TRUE(fs::is_directory(dir)) << dir;
  std::set<std::string> seen;
  for (const auto& entry : fs::directory_iterator(dir)) {
    const std::string name = entry.path().filename().string();
    seen.insert(name);
    auto it = c.fires.find(name);
    ASSERT_NE(it, c.fires.end()) << "no verdict for " << entry.path();
    EXPECT_EQ(!flagged(entry.path(), c.code).empty(), it->second)
        << entry.path() << ": " << c.code << (it->second ? " should fire" : " should not fire");
  }
  EXPECT_EQ(seen.size(), c.fires.size()) << dir;
}

INSTANTIATE_TEST_SUITE_P(
    Wiring, PolarisWiringFixtures,
    ::testing::Values(
        // Full agreement.
        PolarisCase{"pdbDisruptionsIsZero",
                    "TL508",
                    {{"failure.either.yaml", true},
                     {"failure.max.yaml", true},
                     {"failure.min.yaml", true},
                     {"success.both.yaml", false},
                     {"success.max.yaml", false},
                     {"success.min.yaml", false},
                     {"success.none.yaml", false}}},
        // Agreement on the failures; ours also fails equals, no-min-replicas (default 1),
        // no-hpa and hpa-no-match (replicas default 1). See the header.
        PolarisCase{"pdbMinAvailableGreaterThanHPAMinReplicas",
                    "TL508",
                    {{"failure-gt-percent.yaml", true},
                     {"failure-gt-scalar.yaml", true},
                     {"success-lt-percent.yaml", false},
                     {"success-maxUnavailable.yaml", false},
                     {"success.equals.yaml", true},
                     {"success.hpa-no-match.yaml", true},
                     {"success.lt.yaml", false},
                     {"success.no-hpa.yaml", true},
                     {"success.no-match.yaml", false},
                     {"success.no-min-replicas.yaml", true},
                     {"success.no-pdb.yaml", false},
                     {"success.pdb-no-match.yaml", false},
                     {"success.percent-no-replica.yaml", false},
                     {"success.yaml", false}}},
        // Single-replica Deployments: TL507 does not apply (see the header).
        PolarisCase{"missingPodDisruptionBudget",
                    "TL507",
                    {{"failure-bad-ns.yaml", false},
                     {"failure.bad-name.yaml", false},
                     {"failure.empty-labels.yaml", false},
                     {"failure.no-labels.yaml", false},
                     {"failure.no-metadata.yaml", false},
                     {"failure.wrong-place.yaml", false},
                     {"failure.yaml", false},
                     {"success.many.yaml", false},
                     {"success.yaml", false}}},
        // minReplicas absent is 1: ours fails success.minReplicaAbsent.
        PolarisCase{"hpaMinAvailability",
                    "TL505",
                    {{"failure.yaml", true},
                     {"success.minReplicaAbsent.yaml", true},
                     {"success.yaml", false}}}),
    [](const ::testing::TestParamInfo<PolarisCase>& info) { return info.param.check; });

}  // namespace
}  // namespace titanlint::testing
