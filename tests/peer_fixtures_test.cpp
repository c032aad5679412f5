// Peer agreement: the fixtures Polaris and kube-linter test their own checks with (testdata/peers/,
// see NOTICE.md), linted with the titanlint rules that cover the same ground. Two tables, one row
// per fixture file: what the peer says, what we say, and why where the two differ. Each peer runs
// one check per fixture, so each fixture is linted with only the matching rules enabled (Polaris'
// livenessProbeMissing/success.yaml has no readiness probe, and TL102 rightly reports that, but it
// is not what that fixture is about); each file is one run (one linted set), as each peer lints it.
//
// How the peers' checks map to ours:
// - Probes: livenessProbeMissing / no-liveness-probe -> TL101, readinessProbeMissing /
//   no-readiness-probe -> TL102. No disagreement with either peer: we report exactly the objects
//   they report, once per container, and ignore the init container of kube-linter's last
//   `dont-fire` object as they do.
// - Resources and image: a peer check looks at one resource, our rules at two, so each peer check
//   is compared with the findings of our rule about that resource only (the row's filter):
//   * cpuRequestsMissing / unset-cpu-requirements  -> TL501, the cpu findings;
//   * memoryRequestsMissing                         -> TL501, the memory findings;
//   * cpuLimitsMissing                              -> TL502 with `requireCpuLimit: true`, the cpu
//     findings (by default we do not require a cpu limit: it throttles a container even when the
//     node has idle cpu; Polaris' own default severity for it is only a warning);
//   * memoryLimitsMissing / unset-memory-requirements (kube-linter reports "memory limit 0")
//                                                   -> TL502, the memory findings;
//   * tagNotSpecified / latest-tag                  -> TL601.
//   Polaris' pullPolicyNotAlways has no titanlint rule (imagePullPolicy: Always only matters for
//   moving tags, which TL601 already rejects), so its fixtures are not copied. Where titanlint
//   reports more on the same file (KubeLinterDetails), the kube-linter resource fixtures put
//   `requests:`/`limit:` directly under the container (not under `resources:`), so the API server
//   drops them and the container has no requests or limits at all; TL501 then also reports the
//   memory request of unset-cpu-requirements, which is right.
// - Secrets: Polaris sensitiveContainerEnvVar (env var names and values) -> TL302 (names) + TL304
//   (values); sensitiveConfigmapContent (ConfigMap keys and values) -> TL303 + TL304 (values);
//   kube-linter env-var-secret -> TL302; read-secret-from-env-var -> the whole secrets family.
// - Network: kube-linter non-isolated-pod, dangling-networkpolicy,
//   dangling-networkpolicypeer-podselector and Polaris missingNetworkPolicy, linted with all of
//   TL401-TL406. TL401 asks for egress isolation (the guide: in-namespace + DNS egress only).
//   kube-linter's non-isolated-pod and Polaris' missingNetworkPolicy also (or only) ask for
//   ingress isolation, and Polaris additionally wants at least one rule in each direction. TL406
//   is skipped when the linted set has no workload in the policy's namespace (the pods are then
//   deployed from elsewhere). A peer podSelector inside `from`/`to` that matches nothing has no
//   titanlint rule: the peer may be pods of other applications.
// - Scaling, PDB and Service wiring: kube-linter dangling-horizontalpodautoscaler (TL504),
//   dangling-service (TL701), pdb-max-unavailable and pdb-min-available (TL508),
//   hpa-minimum-three-replicas (TL505 with `min: 3`; our default is 2), and Polaris
//   pdbDisruptionsIsZero and pdbMinAvailableGreaterThanHPAMinReplicas (TL508),
//   missingPodDisruptionBudget (TL507), hpaMinAvailability (TL505). Polaris hpaMaxAvailability
//   (minReplicas == maxReplicas): titanlint has no such rule; not copied.
//
// After the tables: detailed pins on some of these files (lines, options, a file with a workload
// added) and the guide's manifests under the same rules.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <ostream>
#include <set>
#include <string>
#include <vector>

#include "config.h"
#include "engine.h"
#include "tests_support.h"

namespace titanlint::testing {
namespace {

namespace fs = std::filesystem;

using Set = std::multiset<std::string>;
using Filter = std::function<bool(const Finding&)>;
using Options = std::map<std::string, std::map<std::string, OptionValue>>;  // by rule code

// Lints one fixture with only `codes` enabled (a prefix such as "TL4" enables a family), each
// rule with its `options`; returns the unsuppressed findings, and fails the test if a finding of
// another code shows up.
Findings lint_enabled(const fs::path& path, const std::vector<std::string>& codes,
                      const Options& options) {
  Config config;
  for (const auto& [code, values] : options) config.rules[code].options = values;
  Findings out = lint_with(path, codes, config);
  for (const Finding& f : out)
    EXPECT_TRUE(
        std::ranges::any_of(codes, [&](const std::string& c) { return f.code.starts_with(c); }))
        << path << ": " << f.code << " is not enabled";
  return out;
}

// "CODE Kind/name" of each finding.
Set code_kind_names(const Findings& findings) {
  Set out;
  for (const Finding& f : findings)
    out.insert(fmt::format("{} {}/{}", f.code, f.object.kind, f.object.name));
  return out;
}

// "Kind/name" of each finding.
Set kind_names(const Findings& findings) {
  Set out;
  for (const Finding& f : findings) out.insert(fmt::format("{}/{}", f.object.kind, f.object.name));
  return out;
}

// Our findings about one resource: TL501 says "no cpu request" / "requests 0 cpu", TL502
// "no memory limit" / "limits.memory to 0".
Filter about(const std::string& resource, const std::string& what) {
  return [=](const Finding& f) {
    if (what == "request")
      return f.message.find("no " + resource + " request") != std::string::npos ||
             f.message.find("requests 0 " + resource) != std::string::npos;
    return f.message.find("no " + resource + " limit") != std::string::npos ||
           f.message.find("limits." + resource + " to 0") != std::string::npos;
  };
}

std::string test_name(std::string name) {
  for (char& ch : name)
    if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
  return name;
}

// ---------------------------------------------------------------------------------------------
// Polaris: one row per file of testdata/peers/polaris/checks/<check>/. Polaris'
// test/schema_test.go: a file named failure* must fail the check; success* and mutated*
// (Polaris' own fix applied to a failure file) must pass.

enum class Polaris { Fails, Passes };
enum class Ours { Reports, Silent };

struct PolarisFile {
  std::string file;
  Polaris polaris;                  // what Polaris says, checked against the file name
  Ours ours;                        // whether the check's rules report (after the filter)
  std::string why = {};             // why we differ from Polaris; empty when we agree
  std::optional<Set> exactly = {};  // "CODE Kind/name" we report, where the row pins it
};

// The columns a check directory's rows share.
struct PolarisCheck {
  std::string check;               // directory under testdata/peers/polaris/checks
  std::vector<std::string> codes;  // the titanlint rules enabled
  Options options;
  Filter keep;  // the findings about what the check is about; null: all of them
  std::vector<PolarisFile> files;
};

const std::string kSingleReplica =
    "TL507 only reports workloads that run several pods (replicas >= 2 or an autoscaler): this "
    "Deployment has 1 replica (default) and no HPA, where a budget can only block the drain "
    "(minAvailable 1) or allow it; a 2-replica copy does fire (testdata/rules/scaling/TL507.yaml, "
    "including the wrong-namespace and wrong-place cases)";

const std::string kConfigMapKeyName =
    "titanlint judges ConfigMap values, not key names (rules.md: TL302 is about env vars, "
    "TL303/TL304 about what a value holds), and this value, `xxxxx`, is a placeholder: there is "
    "no secret in the file to report";

const std::vector<PolarisCheck>& polaris_table() {
  static const std::vector<PolarisCheck> table = {
      // Probes: full agreement.
      {"livenessProbeMissing",
       {"TL101"},
       {},
       nullptr,
       {{"failure.yaml", Polaris::Fails, Ours::Reports},
        {"mutated.yaml", Polaris::Passes, Ours::Silent},
        {"success.yaml", Polaris::Passes, Ours::Silent}}},
      {"readinessProbeMissing",
       {"TL102"},
       {},
       nullptr,
       {{"failure.yaml", Polaris::Fails, Ours::Reports},
        {"mutated.yaml", Polaris::Passes, Ours::Silent},
        {"success.yaml", Polaris::Passes, Ours::Silent}}},

      // Resources and image: full agreement.
      {"cpuRequestsMissing",
       {"TL501"},
       {},
       about("cpu", "request"),
       {{"failure.yaml", Polaris::Fails, Ours::Reports},
        {"mutated.yaml", Polaris::Passes, Ours::Silent},
        {"success.yaml", Polaris::Passes, Ours::Silent}}},
      {"memoryRequestsMissing",
       {"TL501"},
       {},
       about("memory", "request"),
       {{"failure.yaml", Polaris::Fails, Ours::Reports},
        {"mutated.yaml", Polaris::Passes, Ours::Silent},
        {"success.yaml", Polaris::Passes, Ours::Silent}}},
      // With the option; without it failure.yaml passes
      // (PolarisDetails.CpuLimitIsOptionalByDefault).
      {"cpuLimitsMissing",
       {"TL502"},
       {{"TL502", {{"requireCpuLimit", OptionValue{true}}}}},
       about("cpu", "limit"),
       {{"failure.yaml", Polaris::Fails, Ours::Reports},
        {"mutated.yaml", Polaris::Passes, Ours::Silent},
        {"success.yaml", Polaris::Passes, Ours::Silent}}},
      {"memoryLimitsMissing",
       {"TL502"},
       {},
       about("memory", "limit"),
       {{"failure.cpu.yaml", Polaris::Fails, Ours::Reports},
        {"failure.yaml", Polaris::Fails, Ours::Reports},
        {"mutated.cpu.yaml", Polaris::Passes, Ours::Silent},
        {"mutated.yaml", Polaris::Passes, Ours::Silent},
        {"success.yaml", Polaris::Passes, Ours::Silent}}},
      {"tagNotSpecified",
       {"TL601"},
       {},
       nullptr,
       {{"failure.latest.yaml", Polaris::Fails, Ours::Reports},
        {"failure.yaml", Polaris::Fails, Ours::Reports},
        {"success.yaml", Polaris::Passes, Ours::Silent}}},

      // Secrets in env vars: same verdict on every file. The reason differs on three failures:
      // Polaris flags `AWS_SECRET_ACCESS_KEY: xxx` (and the Azure/OCI ones); `xxx` is a
      // placeholder for us (docs/secrets.md), but each of these files also sets
      // `password: abc123`, which TL302 reports (PolarisDetails.WhatWeReportOnTheEnvFailures).
      {"sensitiveContainerEnvVar",
       {"TL302", "TL303", "TL304"},
       {},
       nullptr,
       {{"failure.key_aws_secret_access_key.yaml", Polaris::Fails, Ours::Reports},
        {"failure.key_azure_batch_key.yaml", Polaris::Fails, Ours::Reports},
        {"failure.key_oci_cli_key_content.yaml", Polaris::Fails, Ours::Reports},
        {"failure.key_password.yaml", Polaris::Fails, Ours::Reports},
        {"failure.value_private_key.yaml", Polaris::Fails, Ours::Reports},
        {"success.no_env_vars.yaml", Polaris::Passes, Ours::Silent},
        {"success.sensitive_key_uses_valueFrom.yaml", Polaris::Passes, Ours::Silent},
        {"success.valid_env_vars.yaml", Polaris::Passes, Ours::Silent}}},
      // Secrets in ConfigMaps: we agree on the private key value and on both passing files. We
      // DIFFER on the four failures that are about key names only. A key-name check on ConfigMaps
      // would also flag `password-min-length: 8` or `secret-name: api-tls`, the kind of noise
      // titanlint avoids.
      {"sensitiveConfigmapContent",
       {"TL302", "TL303", "TL304"},
       {},
       nullptr,
       {{"failure.key_aws_secret_access_key.yaml", Polaris::Fails, Ours::Silent, kConfigMapKeyName},
        {"failure.key_azure_batch_key.yaml", Polaris::Fails, Ours::Silent, kConfigMapKeyName},
        {"failure.key_oci_cli_key_content.yaml", Polaris::Fails, Ours::Silent, kConfigMapKeyName},
        {"failure.key_password.yaml", Polaris::Fails, Ours::Silent,
         "titanlint judges ConfigMap values, not key names (rules.md: TL302 is about env vars, "
         "TL303/TL304 about what a value holds): `db_password: abc123` is the one real miss, the "
         "price of not flagging `password-min-length: 8` or `secret-name: api-tls`"},
        {"failure.value_private_key.yaml", Polaris::Fails, Ours::Reports},
        {"success.no_data.yaml", Polaris::Passes, Ours::Silent},
        {"success.valid_keys_and_values.yaml", Polaris::Passes, Ours::Silent}}},

      // Network: every file but success.yaml fails in Polaris; the rows pin what TL4xx reports.
      {"missingNetworkPolicy",
       {"TL4"},
       {},
       nullptr,
       {// Agreement: Egress is not in policyTypes, the egress rules are not enforced.
        {"failure.netpol_missing_egress_in_policytypes.yaml", Polaris::Fails, Ours::Reports, "",
         Set{"TL401 Pod/test-pod"}},
        // The strictest isolation there is; Polaris wants a rule in each direction.
        {"failure.netpol_missing_egress_rules.yaml", Polaris::Fails, Ours::Silent,
         "policyTypes lists Egress and there are no egress rules: all egress is denied, isolated",
         Set{}},
        // Ingress is open, which no TL4xx rule asks for (TL405 judges enforced ingress rules).
        {"failure.netpol_missing_ingress_in_policytypes.yaml", Polaris::Fails, Ours::Silent,
         "TL401 requires egress isolation only, and egress is isolated; the ingress rules are not "
         "enforced because Ingress is not in policyTypes",
         Set{}},
        {"failure.netpol_missing_ingress_rules.yaml", Polaris::Fails, Ours::Silent,
         "Ingress with no ingress rules denies all ingress, and Egress is isolated", Set{}},
        // Agreement, and TL406 names the policy whose podSelector (security: high) matches no
        // workload of the namespace.
        {"failure.netpol_targets_wrong_pod_label.yaml", Polaris::Fails, Ours::Reports, "",
         Set{"TL401 Pod/test-pod", "TL406 NetworkPolicy/test"}},
        // Agreement: nothing to report (the ingress rule's `from` is an explicit 0.0.0.0/0,
        // which TL405 leaves alone).
        {"success.yaml", Polaris::Passes, Ours::Silent, "", Set{}}}},

      // Wiring: full agreement.
      {"pdbDisruptionsIsZero",
       {"TL508"},
       {},
       nullptr,
       {{"failure.either.yaml", Polaris::Fails, Ours::Reports},
        {"failure.max.yaml", Polaris::Fails, Ours::Reports},
        {"failure.min.yaml", Polaris::Fails, Ours::Reports},
        {"success.both.yaml", Polaris::Passes, Ours::Silent},
        {"success.max.yaml", Polaris::Passes, Ours::Silent},
        {"success.min.yaml", Polaris::Passes, Ours::Silent},
        {"success.none.yaml", Polaris::Passes, Ours::Silent}}},
      // Polaris only fails minAvailable > HPA minReplicas. Agreement on the failures
      // (failure-gt-percent, minAvailable 150%, fails in both, as "minAvailable >= 100%").
      {"pdbMinAvailableGreaterThanHPAMinReplicas",
       {"TL508"},
       {},
       nullptr,
       {{"failure-gt-percent.yaml", Polaris::Fails, Ours::Reports},
        {"failure-gt-scalar.yaml", Polaris::Fails, Ours::Reports},
        {"success-lt-percent.yaml", Polaris::Passes, Ours::Silent},
        {"success-maxUnavailable.yaml", Polaris::Passes, Ours::Silent},
        {"success.equals.yaml", Polaris::Passes, Ours::Reports,
         "minAvailable 5, minReplicas 5: equal is the deadlock, at the HPA's minimum no pod may "
         "leave (desiredHealthy 5 of 5 -> disruptionsAllowed 0)"},
        {"success.hpa-no-match.yaml", Polaris::Passes, Ours::Reports,
         "no HPA manages the Deployment, whose replicas defaults to 1; minAvailable 5 >= 1 is "
         "TL508's \"replicas\" case (Polaris has no such check)"},
        {"success.lt.yaml", Polaris::Passes, Ours::Silent},
        {"success.no-hpa.yaml", Polaris::Passes, Ours::Reports,
         "no HPA manages the Deployment, whose replicas defaults to 1; minAvailable 5 >= 1 is "
         "TL508's \"replicas\" case (Polaris has no such check)"},
        {"success.no-match.yaml", Polaris::Passes, Ours::Silent},
        {"success.no-min-replicas.yaml", Polaris::Passes, Ours::Reports,
         "an HPA without minReplicas has minReplicas 1 (API server default), so minAvailable 2 "
         "blocks every eviction at that size"},
        {"success.no-pdb.yaml", Polaris::Passes, Ours::Silent},
        {"success.pdb-no-match.yaml", Polaris::Passes, Ours::Silent},
        {"success.percent-no-replica.yaml", Polaris::Passes, Ours::Silent},
        {"success.yaml", Polaris::Passes, Ours::Silent}}},
      // Polaris fails every Deployment without a matching PDB; ours reports none of these
      // single-replica Deployments.
      {"missingPodDisruptionBudget",
       {"TL507"},
       {},
       nullptr,
       {{"failure-bad-ns.yaml", Polaris::Fails, Ours::Silent, kSingleReplica},
        {"failure.bad-name.yaml", Polaris::Fails, Ours::Silent, kSingleReplica},
        {"failure.empty-labels.yaml", Polaris::Fails, Ours::Silent, kSingleReplica},
        {"failure.no-labels.yaml", Polaris::Fails, Ours::Silent, kSingleReplica},
        {"failure.no-metadata.yaml", Polaris::Fails, Ours::Silent, kSingleReplica},
        {"failure.wrong-place.yaml", Polaris::Fails, Ours::Silent, kSingleReplica},
        {"failure.yaml", Polaris::Fails, Ours::Silent, kSingleReplica},
        {"success.many.yaml", Polaris::Passes, Ours::Silent},
        {"success.yaml", Polaris::Passes, Ours::Silent}}},
      {"hpaMinAvailability",
       {"TL505"},
       {},
       nullptr,
       {{"failure.yaml", Polaris::Fails, Ours::Reports},
        {"success.minReplicaAbsent.yaml", Polaris::Passes, Ours::Reports,
         "minReplicas absent is 1 (API server default), so TL505 reports it; the object the "
         "webhook receives says `minReplicas: 1`"},
        {"success.yaml", Polaris::Passes, Ours::Silent}}},
  };
  return table;
}

struct PolarisRow {
  const PolarisCheck* check;
  const PolarisFile* file;
};

std::vector<PolarisRow> polaris_rows() {
  std::vector<PolarisRow> rows;
  for (const PolarisCheck& check : polaris_table())
    for (const PolarisFile& file : check.files) rows.push_back({&check, &file});
  return rows;
}

// Polaris' verdict from the file name; nullopt for a name its test would not know.
std::optional<Polaris> polaris_verdict(const std::string& file) {
  if (file.starts_with("failure")) return Polaris::Fails;
  if (file.starts_with("success") || file.starts_with("mutated")) return Polaris::Passes;
  return std::nullopt;
}

// The row's file in a failure message (not the row's bytes).
void PrintTo(const PolarisRow& row, std::ostream* os) {
  *os << row.check->check << "/" << row.file->file;
}

class PolarisFixtures : public ::testing::TestWithParam<PolarisRow> {};

TEST_P(PolarisFixtures, VerdictOrOurReason) {
  const PolarisCheck& check = *GetParam().check;
  const PolarisFile& row = *GetParam().file;
  const fs::path path = peers_dir() / "polaris" / "checks" / check.check / row.file;
  ASSERT_TRUE(fs::exists(path)) << path;
  EXPECT_EQ(polaris_verdict(row.file), std::optional{row.polaris}) << "the table misreads Polaris";
  const bool agree = (row.polaris == Polaris::Fails) == (row.ours == Ours::Reports);
  EXPECT_EQ(row.why.empty(), agree) << path << ": a row says why exactly when we differ";
  const Findings all = lint_enabled(path, check.codes, check.options);
  const Findings findings = all.only(check.keep);
  EXPECT_EQ(!findings.empty(), row.ours == Ours::Reports)
      << path << ": Polaris " << (row.polaris == Polaris::Fails ? "fails " : "passes ")
      << check.check << "; all findings:\n"
      << describe(all) << row.why;
  if (row.exactly) {
    EXPECT_EQ(code_kind_names(findings), *row.exactly) << path << "\n" << row.why;
  }
}

INSTANTIATE_TEST_SUITE_P(Table, PolarisFixtures, ::testing::ValuesIn(polaris_rows()),
                         [](const ::testing::TestParamInfo<PolarisRow>& info) {
                           return test_name(info.param.check->check + "_" + info.param.file->file);
                         });

// Every file of every Polaris check directory has a row, and every row a file.
TEST(PolarisFixtures, TableCoversEveryFile) {
  std::set<std::string> rows;
  for (const PolarisRow& row : polaris_rows())
    EXPECT_TRUE(rows.insert(row.check->check + "/" + row.file->file).second)
        << "two rows for " << row.check->check << "/" << row.file->file;
  std::set<std::string> files;
  for (const auto& dir : fs::directory_iterator(peers_dir() / "polaris" / "checks"))
    for (const auto& entry : fs::directory_iterator(dir.path()))
      files.insert(dir.path().filename().string() + "/" + entry.path().filename().string());
  EXPECT_EQ(rows, files);
  EXPECT_EQ(files.size(), 77u);
}

// ---------------------------------------------------------------------------------------------
// kube-linter (e2etests/bats-tests.sh, see testdata/peers/NOTICE.md): one row per file of
// testdata/peers/kube-linter/checks/. Objects named dont-fire* get no finding, in every row that
// does not say why.

struct KubeLinterRow {
  std::string file;
  std::vector<std::string> codes;  // the titanlint rules enabled
  Options options = {};
  Filter keep = nullptr;       // the findings about what the check is about; null: all of them
  Set reports = {};            // exactly what we report (after the filter): "CODE Kind/name"
  Set kube_linter = {};        // what kube-linter reports: "Kind/name"
  std::string why = {};        // why we differ from kube-linter; empty when we agree
  std::string dont_fire = {};  // why we report an object named dont-fire*; empty: we do not
};

const std::vector<KubeLinterRow>& kube_linter_table() {
  // DeploymentConfig is OpenShift's kind, which is_workload includes. Probes and resources are
  // reported once per container without them, as kube-linter does.
  static const std::vector<KubeLinterRow> table = {
      {.file = "no-liveness-probe.yml",
       .codes = {"TL101"},
       .reports = {"TL101 Deployment/app1", "TL101 DeploymentConfig/app2"},
       .kube_linter = {"Deployment/app1", "DeploymentConfig/app2"}},
      {.file = "no-readiness-probe.yml",
       .codes = {"TL102"},
       .reports = {"TL102 Deployment/app1", "TL102 DeploymentConfig/app2"},
       .kube_linter = {"Deployment/app1", "DeploymentConfig/app2"}},
      {.file = "latest-tag.yml",
       .codes = {"TL601"},
       .reports = {"TL601 Deployment/app", "TL601 DeploymentConfig/app"},
       .kube_linter = {"Deployment/app", "DeploymentConfig/app"}},
      // We also report the missing memory request
      // (KubeLinterDetails.MisplacedRequestsAreNoRequests).
      {.file = "unset-cpu-requirements.yml",
       .codes = {"TL501"},
       .keep = about("cpu", "request"),
       .reports = {"TL501 Deployment/app1", "TL501 DeploymentConfig/app2"},
       .kube_linter = {"Deployment/app1", "DeploymentConfig/app2"}},
      {.file = "unset-memory-requirements.yml",
       .codes = {"TL502"},
       .keep = about("memory", "limit"),
       .reports = {"TL502 Deployment/app1", "TL502 DeploymentConfig/app2"},
       .kube_linter = {"Deployment/app1", "DeploymentConfig/app2"}},
      {.file = "env-var-secret.yml",
       .codes = {"TL302"},
       .reports = {"TL302 Deployment/app", "TL302 DeploymentConfig/app"},
       .kube_linter = {"Deployment/app", "DeploymentConfig/app"}},
      // We DIFFER on purpose.
      {.file = "read-secret-from-env-var.yml",
       .codes = {"TL301", "TL302", "TL303", "TL304"},
       .reports = {},
       .kube_linter = {"Deployment/app1", "DeploymentConfig/app2"},
       .why = "kube-linter flags every env var read from a Secret (it prefers mounted files); "
              "`valueFrom.secretKeyRef` is what the guide does and what TL302 asks for: no rule "
              "of the secrets family reports it"},
      // kube-linter does not report the two `dont-fire` objects, because the policies dont-fire1
      // and dont-fire2 select them.
      {.file = "non-isolated-pod.yml",
       .codes = {"TL4"},
       .reports = {"TL401 Deployment/app1", "TL401 DeploymentConfig/app2",
                   "TL401 Deployment/dont-fire", "TL401 DeploymentConfig/dont-fire"},
       .kube_linter = {"Deployment/app1", "DeploymentConfig/app2"},
       .why = "TL401 asks for egress isolation, as the guide requires (see dont_fire)",
       .dont_fire = "the policies dont-fire1 and dont-fire2 select them, but have neither "
                    "policyTypes nor an egress section, so the API server defaults policyTypes "
                    "to [Ingress]: the pods are isolated for ingress only and may still connect "
                    "anywhere"},
      {.file = "dangling-networkpolicy.yml",
       .codes = {"TL4"},
       .reports = {},
       .kube_linter = {"NetworkPolicy/app"},
       .why = "kube-linter reports NetworkPolicy app (no pod has app.kubernetes.io/name: app1); "
              "the file has no workload in that namespace at all, so TL406 is skipped by design: "
              "a policy linted without its workloads protects pods deployed from elsewhere (with "
              "a workload of the namespace TL406 agrees: KubeLinterDetails)"},
      {.file = "dangling-networkpolicypeer-podselector.yml",
       .codes = {"TL4"},
       .reports = {},
       .kube_linter = {"NetworkPolicy/app"},
       .why = "kube-linter reports the ingress peer podSelector app2 that matches no pod; "
              "titanlint has no such rule (the peer may be pods of another application, linted "
              "elsewhere); TL406 is skipped (no workload in the namespace) and the ingress rule "
              "has a `from` (TL405 silent)"},
      {.file = "dangling-hpa.yml",
       .codes = {"TL504"},
       .reports = {"TL504 HorizontalPodAutoscaler/hpa1"},
       .kube_linter = {"HorizontalPodAutoscaler/hpa1"}},
      {.file = "dangling-service.yml",
       .codes = {"TL701"},
       .reports = {"TL701 Service/app1", "TL701 Service/app2"},
       .kube_linter = {"Service/app1", "Service/app2"}},
      // With our default (2), minReplicas 2 is enough (KubeLinterDetails).
      {.file = "hpa-minimum-three-replicas.yml",
       .codes = {"TL505"},
       .options = {{"TL505", {{"min", OptionValue{std::int64_t{3}}}}}},
       .reports = {"TL505 HorizontalPodAutoscaler/app"},
       .kube_linter = {"HorizontalPodAutoscaler/app"}},
      {.file = "pdb-max-unavailable.yaml",
       .codes = {"TL508"},
       .reports = {"TL508 PodDisruptionBudget/foo"},
       .kube_linter = {"PodDisruptionBudget/foo"}},
      // We report baz2 and baz3 as kube-linter does (baz3 through the KEDA ScaledObject's
      // minReplicaCount, and also through replicas 1).
      {.file = "pdb-min-available.yaml",
       .codes = {"TL508"},
       .reports = {"TL508 PodDisruptionBudget/baz2", "TL508 PodDisruptionBudget/baz3"},
       .kube_linter = {"PodDisruptionBudget/baz", "PodDisruptionBudget/baz2",
                       "PodDisruptionBudget/baz3"},
       .why = "kube-linter also reports bar/baz: its Deployment foo has no pod template at all "
              "(the API server rejects it), so no pods carry the selected labels; kube-linter "
              "matches the PDB against the Deployment's own selector"},
  };
  return table;
}

void PrintTo(const KubeLinterRow& row, std::ostream* os) {
  *os << row.file;
}

class KubeLinterFixtures : public ::testing::TestWithParam<KubeLinterRow> {};

TEST_P(KubeLinterFixtures, SameObjectsOrOurReason) {
  const KubeLinterRow& row = GetParam();
  const fs::path path = peers_dir() / "kube-linter" / "checks" / row.file;
  ASSERT_TRUE(fs::exists(path)) << path;
  const Findings all = lint_enabled(path, row.codes, row.options);
  bool dont_fire_reported = false;
  for (const Finding& f : all) {
    if (!f.object.name.starts_with("dont-fire")) continue;
    dont_fire_reported = true;
    EXPECT_FALSE(row.dont_fire.empty()) << path << ":" << f.position.line << ": " << f.code
                                        << " fired on " << f.object.kind << "/" << f.object.name;
  }
  EXPECT_EQ(dont_fire_reported, !row.dont_fire.empty())
      << path << ": the row says why we report dont-fire objects, and we report none";
  const Findings findings = all.only(row.keep);
  EXPECT_EQ(code_kind_names(findings), row.reports) << path << "\nall findings:\n"
                                                    << describe(all) << row.why;
  EXPECT_EQ(row.why.empty(), kind_names(findings) == row.kube_linter)
      << path << ": a row says why exactly when we differ from kube-linter";
}

INSTANTIATE_TEST_SUITE_P(Table, KubeLinterFixtures, ::testing::ValuesIn(kube_linter_table()),
                         [](const ::testing::TestParamInfo<KubeLinterRow>& info) {
                           return test_name(info.param.file);
                         });

// Every file of testdata/peers/kube-linter/checks has a row, and every row a file.
TEST(KubeLinterFixtures, TableCoversEveryFile) {
  std::set<std::string> rows;
  for (const KubeLinterRow& row : kube_linter_table())
    EXPECT_TRUE(rows.insert(row.file).second) << "two rows for " << row.file;
  std::set<std::string> files;
  for (const auto& entry : fs::directory_iterator(peers_dir() / "kube-linter" / "checks"))
    files.insert(entry.path().filename().string());
  EXPECT_EQ(rows, files);
}

// ---------------------------------------------------------------------------------------------
// Detailed pins on the peers' files.

// Without the option, cpuLimitsMissing/failure.yaml (a memory limit, no cpu limit) passes TL502:
// the one deliberate difference from Polaris on the resource checks.
TEST(PolarisDetails, CpuLimitIsOptionalByDefault) {
  const fs::path path = peers_dir() / "polaris/checks/cpuLimitsMissing/failure.yaml";
  EXPECT_TRUE(lint_with_only(path, "TL502").empty());
}

TEST(PolarisDetails, WhatWeReportOnTheEnvFailures) {
  const fs::path dir = peers_dir() / "polaris" / "checks" / "sensitiveContainerEnvVar";
  auto codes = [&](const std::string& file) {
    std::vector<std::string> out;
    for (const Finding& f : lint_with(dir / file, {"TL302", "TL303", "TL304"}))
      out.push_back(fmt::format("{}:{}", f.position.line, f.code));
    return out;
  };
  // `password: abc123` (the `xxx` values are placeholders).
  EXPECT_EQ(codes("failure.key_aws_secret_access_key.yaml"), std::vector<std::string>{"11:TL302"});
  EXPECT_EQ(codes("failure.key_password.yaml"), std::vector<std::string>{"13:TL302"});
  // `---BEGIN OPENSSH PRIVATE KEY---` (three dashes; we accept 3 or more).
  EXPECT_EQ(codes("failure.value_private_key.yaml"), std::vector<std::string>{"13:TL304"});
}

// Our extra finding on unset-cpu-requirements.yml: the misplaced `requests:` is not under
// `resources:`, so the memory request is missing too (see the header).
TEST(KubeLinterDetails, MisplacedRequestsAreNoRequests) {
  const fs::path path = peers_dir() / "kube-linter/checks/unset-cpu-requirements.yml";
  EXPECT_EQ(lint_with_only(path, "TL501").only(about("memory", "request")).size(), 2u);
}

// With our default minimum (2), minReplicas 2 is enough: nothing is reported.
TEST(KubeLinterDetails, HpaMinimumThreeReplicasWithOurDefault) {
  EXPECT_TRUE(
      lint_with_only(peers_dir() / "kube-linter/checks/hpa-minimum-three-replicas.yml", "TL505")
          .empty());
}

// With a workload of the namespace in the set, TL406 agrees with kube-linter on
// dangling-networkpolicy.yml (and TL401 reports the unprotected workload).
TEST(KubeLinterDetails, DanglingNetworkPolicyWithAWorkloadOfTheNamespace) {
  const fs::path path = peers_dir() / "kube-linter/checks/dangling-networkpolicy.yml";
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
  LintOptions options;
  options.select = {"TL4"};
  LintResult result = lint_text(read_file(path) + other, options, {}, path.string());
  Set seen;
  for (const Finding& f : result.findings)
    if (!f.suppressed()) seen.insert(fmt::format("{} {}/{}", f.code, f.object.kind, f.object.name));
  EXPECT_EQ(seen, (Set{"TL406 NetworkPolicy/app", "TL401 Deployment/other"}));
}

// ---------------------------------------------------------------------------------------------
// The guide's manifests (testdata/guide/k8s) under the same rules.

// The two without probes are reported at their container, the api Deployment (all three probes,
// separate endpoints) is clean for TL101-TL108.
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

// TL301 on secrets.yaml only, nothing on the api Deployment.
TEST(GuideSecrets, OnlyTheSecretFile) {
  const fs::path guide = source_dir() / "testdata" / "guide" / "k8s";
  const std::vector<std::string> all = {"TL301", "TL302", "TL303", "TL304"};
  const auto secret = lint_with(guide / "secrets.yaml", all);
  ASSERT_EQ(secret.size(), 1u) << describe(secret);
  EXPECT_EQ(secret[0].code, "TL301");
  EXPECT_EQ(secret[0].position.line, 8u);
  EXPECT_EQ(secret[0].message.find("platform-pg"), std::string::npos) << secret[0].message;
  for (const char* file : {"api/deployment.yaml", "webapp/deployment.yaml",
                           "daemon/statefulset.yaml", "jobs/migrate.yaml", "ingress.yaml"})
    EXPECT_TRUE(lint_with(guide / file, all).empty()) << file << "\n"
                                                      << describe(lint_with(guide / file, all));
}

// Under TL501-TL503, TL601-TL602, TL801-TL802 and TL901-TL903: the api Deployment, the migration
// Job's restart policy and backoffLimit, and the daemon's volume are clean; the webapp and the
// migration Job have no resources, and the webapp and the daemon serve ports without scrape
// annotations.
TEST(GuideSingleObject, WhatFiresOnTheGuide) {
  const fs::path guide = source_dir() / "testdata" / "guide" / "k8s";
  auto seen = [&](const std::string& file) {
    std::multiset<std::string> out;
    for (const std::string code :
         {"TL501", "TL502", "TL503", "TL601", "TL602", "TL801", "TL802", "TL901", "TL902", "TL903"})
      for (const Finding& f : lint_with_only(guide / file, code))
        out.insert(fmt::format("{} {}", f.position.line, f.code));
    return out;
  };
  EXPECT_EQ(seen("api/deployment.yaml"), Set{});
  EXPECT_EQ(seen("webapp/deployment.yaml"), (Set{"8 TL801", "10 TL501", "10 TL501", "10 TL502"}));
  EXPECT_EQ(seen("jobs/migrate.yaml"), (Set{"15 TL501", "15 TL501", "15 TL502"}));
  EXPECT_EQ(seen("daemon/statefulset.yaml"), (Set{"14 TL801"}));
  for (const std::string file :
       {"api/hpa.yaml", "api/networkpolicy.yaml", "api/pdb.yaml", "ingress.yaml", "secrets.yaml"})
    EXPECT_EQ(seen(file), Set{}) << file;
}

}  // namespace
}  // namespace titanlint::testing
