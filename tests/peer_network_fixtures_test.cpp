// Peer agreement for the NetworkPolicy rules: the fixtures kube-linter (non-isolated-pod,
// dangling-networkpolicy, dangling-networkpolicypeer-podselector) and Polaris
// (missingNetworkPolicy) test their own checks with (testdata/peers/, see NOTICE.md), linted with
// all of TL401-TL406. Where titanlint reports something else, the test pins OUR result and says
// why it is right:
//
// - TL401 asks for egress isolation (the guide: in-namespace + DNS egress only). kube-linter's
//   non-isolated-pod and Polaris' missingNetworkPolicy also (or only) ask for ingress isolation,
//   and Polaris additionally wants at least one rule in each direction.
// - TL406 is skipped when the linted set has no workload in the policy's namespace (the pods are
//   then deployed from elsewhere); kube-linter's dangling-networkpolicy fixture has no workload at
//   all.
// - A peer podSelector inside `from`/`to` that matches nothing (dangling-networkpolicypeer-
//   podselector) has no titanlint rule: the peer may be pods of other applications.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <filesystem>
#include <set>
#include <string>

#include "tests_support.h"

namespace titanlint::testing {
namespace {

namespace fs = std::filesystem;

// "CODE Kind/name" of every unsuppressed TL4xx finding of one file (one run).
std::multiset<std::string> tl4_findings(const fs::path& path, const std::string& extra = "") {
  LintOptions options;
  options.select = {"TL4"};
  LintResult result = lint_text(read_file(path) + extra, options, {}, path.string());
  std::multiset<std::string> out;
  for (const Finding& f : result.findings)
    if (!f.suppressed()) out.insert(fmt::format("{} {}/{}", f.code, f.object.kind, f.object.name));
  return out;
}

using Set = std::multiset<std::string>;

TEST(KubeLinterNetwork, NonIsolatedPod) {
  // kube-linter reports Deployment app1 and DeploymentConfig app2 (no policy selects them): so
  // do we. It does not report the two `dont-fire` objects, because the policies dont-fire1 and
  // dont-fire2 select them; those policies have neither policyTypes nor an egress section, so
  // the API server defaults policyTypes to [Ingress]: the pods are isolated for ingress only and
  // may still connect anywhere. TL401 (egress isolation, as the guide requires) reports them.
  EXPECT_EQ(tl4_findings(peers_dir() / "kube-linter/checks/non-isolated-pod.yml"),
            (Set{"TL401 Deployment/app1", "TL401 DeploymentConfig/app2",
                 "TL401 Deployment/dont-fire", "TL401 DeploymentConfig/dont-fire"}));
}

TEST(KubeLinterNetwork, DanglingNetworkPolicy) {
  const fs::path path = peers_dir() / "kube-linter/checks/dangling-networkpolicy.yml";
  // kube-linter reports NetworkPolicy app (no pod has app.kubernetes.io/name: app1). The file has
  // no workload in that namespace at all, so TL406 is skipped by design: a policy linted without
  // its workloads protects pods deployed from elsewhere.
  EXPECT_EQ(tl4_findings(path), Set{});
  // With a workload of the namespace in the set, TL406 agrees with kube-linter (and TL401 reports
  // the unprotected workload).
  const std::string other = R"(
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: other }
spec:
  selector: { matchLabels: { app.kubernetes.io/name: other } }
  template:
    metadata: { labels: { app.kubernetes.io/name: other } }
    spec:
      containers: [{ name: app, image: app:1 }]
)";
  EXPECT_EQ(tl4_findings(path, other), (Set{"TL406 NetworkPolicy/app", "TL401 Deployment/other"}));
}

TEST(KubeLinterNetwork, DanglingNetworkPolicyPeerPodSelector) {
  // kube-linter reports the ingress peer podSelector app2 that matches no pod. titanlint has no
  // such rule (the peer may be pods of another application, linted elsewhere); TL406 is skipped
  // (no workload in the namespace) and the ingress rule has a `from` (TL405 silent).
  EXPECT_EQ(
      tl4_findings(peers_dir() / "kube-linter/checks/dangling-networkpolicypeer-podselector.yml"),
      Set{});
}

struct PolarisCase {
  std::string file;
  Set expected;
  std::string why;  // when we differ from Polaris (every file but success.yaml fails there)
};

class PolarisNetwork : public ::testing::TestWithParam<PolarisCase> {};

TEST_P(PolarisNetwork, SameVerdictOrOurReason) {
  const PolarisCase& c = GetParam();
  EXPECT_EQ(tl4_findings(peers_dir() / "polaris/checks/missingNetworkPolicy" / c.file), c.expected)
      << c.why;
}

INSTANTIATE_TEST_SUITE_P(
    MissingNetworkPolicy, PolarisNetwork,
    ::testing::Values(
        // Agreement: Egress is not in policyTypes, the egress rules are not enforced.
        PolarisCase{
            "failure.netpol_missing_egress_in_policytypes.yaml", {"TL401 Pod/test-pod"}, ""},
        // Ours: policyTypes lists Egress and there are no egress rules: all egress is denied,
        // the strictest isolation there is. Polaris wants a rule in each direction.
        PolarisCase{"failure.netpol_missing_egress_rules.yaml",
                    {},
                    "Egress with no egress rules denies all egress: isolated"},
        // Ours: egress is isolated (TL401 is about egress); the ingress rules are not enforced
        // because Ingress is not in policyTypes, so ingress is open, which no TL4xx rule asks
        // for (TL405 judges enforced ingress rules).
        PolarisCase{"failure.netpol_missing_ingress_in_policytypes.yaml",
                    {},
                    "TL401 requires egress isolation only"},
        // Ours: Ingress with no ingress rules denies all ingress, Egress is isolated.
        PolarisCase{"failure.netpol_missing_ingress_rules.yaml",
                    {},
                    "Ingress with no ingress rules denies all ingress: isolated"},
        // Agreement, and TL406 names the policy whose podSelector (security: high) matches no
        // workload of the namespace.
        PolarisCase{"failure.netpol_targets_wrong_pod_label.yaml",
                    {"TL401 Pod/test-pod", "TL406 NetworkPolicy/test"},
                    ""},
        // Agreement: nothing to report (the ingress rule's `from` is an explicit 0.0.0.0/0,
        // which TL405 leaves alone).
        PolarisCase{"success.yaml", {}, ""}),
    [](const ::testing::TestParamInfo<PolarisCase>& info) {
      std::string name = info.param.file.substr(0, info.param.file.rfind('.'));
      for (char& ch : name)
        if (ch == '.' || ch == '-') ch = '_';
      return name;
    });

}  // namespace
}  // namespace titanlint::testing
