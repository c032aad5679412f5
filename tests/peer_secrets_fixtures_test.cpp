// Peer agreement for the secret rules TL302-TL304: the fixtures Polaris and kube-linter test their
// own secret checks with (testdata/peers/, see NOTICE.md), linted with the titanlint rules that
// cover the same ground.
//
// - Polaris sensitiveContainerEnvVar (env var names and values) -> TL302 (names) + TL304 (values).
//   Same verdict on every file. Note the reason differs on three failures: Polaris flags
//   `AWS_SECRET_ACCESS_KEY: xxx` (and the Azure/OCI ones); `xxx` is a placeholder for us
//   (docs/secrets.md), but each of these files also sets `password: abc123`, which TL302 reports.
// - Polaris sensitiveConfigmapContent (ConfigMap keys and values) -> TL303 + TL304 (values).
//   We agree on the private key value and on both passing files. We DIFFER on the four failures
//   that are about key names only: titanlint judges ConfigMap values, not key names (rules.md:
//   TL302 is about env vars; TL303/TL304 about what a value holds). Three of those values are
//   `xxxxx`, a placeholder: there is no secret in the file to report. `db_password: abc123` is
//   the one real miss; a key-name check on ConfigMaps would also flag `password-min-length: 8`
//   or `secret-name: api-tls`, the kind of noise titanlint avoids.
// - kube-linter env-var-secret -> TL302: same objects (Deployment app, DeploymentConfig app).
// - kube-linter read-secret-from-env-var flags every env var read from a Secret (it prefers
//   mounted files). We DIFFER on purpose: `valueFrom.secretKeyRef` is what the guide does and
//   what TL302 asks for; nothing in titanlint reports it.
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

const std::vector<std::string> kValueRules = {"TL302", "TL303", "TL304"};

// file -> whether titanlint reports it (with TL302-TL304 enabled).
struct PolarisCase {
  std::string check;
  std::string file;
  bool polaris_fails;
  bool we_report;
};

class PolarisSecretFixtures : public ::testing::TestWithParam<PolarisCase> {};

TEST_P(PolarisSecretFixtures, Verdict) {
  const PolarisCase& c = GetParam();
  const fs::path path = peers_dir() / "polaris" / "checks" / c.check / c.file;
  ASSERT_TRUE(fs::exists(path)) << path;
  EXPECT_EQ(c.file.starts_with("failure"), c.polaris_fails) << "the table misreads Polaris";
  const auto findings = lint_with(path, kValueRules);
  EXPECT_EQ(!findings.empty(), c.we_report) << path << "\n" << describe(findings);
}

INSTANTIATE_TEST_SUITE_P(
    Secrets, PolarisSecretFixtures,
    ::testing::Values(
        // Agreement.
        PolarisCase{"sensitiveContainerEnvVar", "failure.key_aws_secret_access_key.yaml", true,
                    true},
        PolarisCase{"sensitiveContainerEnvVar", "failure.key_azure_batch_key.yaml", true, true},
        PolarisCase{"sensitiveContainerEnvVar", "failure.key_oci_cli_key_content.yaml", true, true},
        PolarisCase{"sensitiveContainerEnvVar", "failure.key_password.yaml", true, true},
        PolarisCase{"sensitiveContainerEnvVar", "failure.value_private_key.yaml", true, true},
        PolarisCase{"sensitiveContainerEnvVar", "success.no_env_vars.yaml", false, false},
        PolarisCase{"sensitiveContainerEnvVar", "success.sensitive_key_uses_valueFrom.yaml", false,
                    false},
        PolarisCase{"sensitiveContainerEnvVar", "success.valid_env_vars.yaml", false, false},
        PolarisCase{"sensitiveConfigmapContent", "failure.value_private_key.yaml", true, true},
        PolarisCase{"sensitiveConfigmapContent", "success.no_data.yaml", false, false},
        PolarisCase{"sensitiveConfigmapContent", "success.valid_keys_and_values.yaml", false,
                    false},
        // Disagreement (see the top of this file): key names, placeholder values.
        PolarisCase{"sensitiveConfigmapContent", "failure.key_aws_secret_access_key.yaml", true,
                    false},
        PolarisCase{"sensitiveConfigmapContent", "failure.key_azure_batch_key.yaml", true, false},
        PolarisCase{"sensitiveConfigmapContent", "failure.key_oci_cli_key_content.yaml", true,
                    false},
        PolarisCase{"sensitiveConfigmapContent", "failure.key_password.yaml", true, false}),
    [](const ::testing::TestParamInfo<PolarisCase>& info) {
      std::string name = info.param.check + "_" + info.param.file;
      for (char& ch : name)
        if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
      return name;
    });

// Every fixture of the two Polaris checks is in the table above.
TEST(PolarisSecretFixtures, TableCoversEveryFile) {
  std::size_t files = 0;
  for (const char* check : {"sensitiveContainerEnvVar", "sensitiveConfigmapContent"})
    for (const auto& entry : fs::directory_iterator(peers_dir() / "polaris" / "checks" / check))
      if (entry.path().extension() == ".yaml") ++files;
  EXPECT_EQ(files, 15u);
}

TEST(PolarisSecretFixtures, WhatWeReportOnTheEnvFailures) {
  const fs::path dir = peers_dir() / "polaris" / "checks" / "sensitiveContainerEnvVar";
  auto codes = [&](const std::string& file) {
    std::vector<std::string> out;
    for (const Finding& f : lint_with(dir / file, kValueRules))
      out.push_back(fmt::format("{}:{}", f.position.line, f.code));
    return out;
  };
  // `password: abc123` (the `xxx` values are placeholders).
  EXPECT_EQ(codes("failure.key_aws_secret_access_key.yaml"), std::vector<std::string>{"11:TL302"});
  EXPECT_EQ(codes("failure.key_password.yaml"), std::vector<std::string>{"13:TL302"});
  // `---BEGIN OPENSSH PRIVATE KEY---` (three dashes; we accept 3 or more).
  EXPECT_EQ(codes("failure.value_private_key.yaml"), std::vector<std::string>{"13:TL304"});
}

TEST(KubeLinterSecretFixtures, EnvVarSecret) {
  const auto findings =
      lint_with(peers_dir() / "kube-linter" / "checks" / "env-var-secret.yml", {"TL302"});
  std::set<std::string> flagged;
  for (const Finding& f : findings) {
    flagged.insert(fmt::format("{}/{}", f.object.kind, f.object.name));
    EXPECT_FALSE(f.object.name.starts_with("dont-fire")) << describe(findings);
  }
  EXPECT_EQ(flagged, (std::set<std::string>{"Deployment/app", "DeploymentConfig/app"}));
  EXPECT_EQ(findings.size(), 2u) << describe(findings);
}

TEST(KubeLinterSecretFixtures, ReadSecretFromEnvVarIsWhatWeRecommend) {
  // kube-linter reports Deployment app1 and DeploymentConfig app2 for reading a secretKeyRef;
  // titanlint reports nothing with any rule of the secrets family.
  const auto findings =
      lint_with(peers_dir() / "kube-linter" / "checks" / "read-secret-from-env-var.yml",
                {"TL301", "TL302", "TL303", "TL304"});
  EXPECT_TRUE(findings.empty()) << describe(findings);
}

// The guide (testdata/guide/k8s): TL301 on secrets.yaml only, nothing on the api Deployment.
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

}  // namespace
}  // namespace titanlint::testing
