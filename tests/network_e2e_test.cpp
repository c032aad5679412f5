// The NetworkPolicy rules (TL401-TL406) through the built binary: the guide's findings, the
// --partial switch silencing the rules that infer absence, and --namespace moving objects without
// a namespace.
#include <gtest/gtest.h>

#include <set>

#include <nlohmann/json.hpp>

#include "tests_support.h"

namespace titanlint::testing {
namespace {

namespace fs = std::filesystem;

// The guide (testdata/guide/k8s): TL404 at the UDP 53 entry of api/networkpolicy.yaml; TL401 on
// every workload no egress policy selects: the daemon StatefulSet, the webapp (no namespace ->
// default, no labels) and the migrate Job (no labels); not on the api Deployment.
TEST(NetworkGuide, FindingsOfTheGuide) {
  CommandResult r = run_titanlint("--select TL4 --format json testdata/guide/k8s/");
  EXPECT_EQ(r.exit_code, 1) << r.err;
  const std::multiset<std::string> expected = {
      "testdata/guide/k8s/api/networkpolicy.yaml:21:11 TL404",
      "testdata/guide/k8s/daemon/statefulset.yaml:5:9 TL401",
      "testdata/guide/k8s/jobs/migrate.yaml:5:9 TL401",
      "testdata/guide/k8s/webapp/deployment.yaml:4:9 TL401",
  };
  EXPECT_EQ(findings_of(r), expected) << r.out;
}

TEST(NetworkGuide, PartialSilencesTheRulesThatInferAbsence) {
  CommandResult r = run_titanlint("--select TL4 --partial --format json testdata/guide/k8s/");
  const std::multiset<std::string> expected = {
      "testdata/guide/k8s/api/networkpolicy.yaml:21:11 TL404",
  };
  EXPECT_EQ(findings_of(r), expected) << r.out;
}

TEST(NetworkPartial, Tl406IsSilentUnderPartial) {
  const fs::path dir = temp_dir("network_partial");
  write_file(dir / "set.yaml", R"(apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: typo }
spec:
  podSelector: { matchLabels: { app: apii } }
  policyTypes: [Ingress, Egress]
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: api }
spec:
  selector: { matchLabels: { app: api } }
  template:
    metadata: { labels: { app: api } }
    spec:
      containers: [{ name: api, image: api:1 }]
)");
  CommandResult full = run_titanlint("--select TL401,TL406 --format json set.yaml", dir);
  EXPECT_EQ(findings_of(full),
            (std::multiset<std::string>{"set.yaml:10:19 TL401", "set.yaml:5:16 TL406"}))
      << full.out;
  CommandResult partial =
      run_titanlint("--select TL401,TL406 --partial --format json set.yaml", dir);
  EXPECT_EQ(partial.exit_code, 0) << partial.out;
  EXPECT_TRUE(findings_of(partial).empty()) << partial.out;
}

// Objects without a namespace follow --namespace; a policy written for `default` then no longer
// selects them.
TEST(NetworkNamespace, ObjectsWithoutNamespaceFollowTheFlag) {
  const fs::path dir = temp_dir("network_namespace");
  write_file(dir / "set.yaml", R"(apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: all, namespace: default }
spec:
  podSelector: {}
  policyTypes: [Egress]
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: web }
spec:
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      containers: [{ name: web, image: web:1 }]
)");
  CommandResult in_default = run_titanlint("--select TL401 --format json set.yaml", dir);
  EXPECT_TRUE(findings_of(in_default).empty()) << in_default.out;
  CommandResult elsewhere =
      run_titanlint("--select TL401 --namespace shop --format json set.yaml", dir);
  EXPECT_EQ(findings_of(elsewhere), (std::multiset<std::string>{"set.yaml:10:19 TL401"}))
      << elsewhere.out;
}

}  // namespace
}  // namespace titanlint::testing
