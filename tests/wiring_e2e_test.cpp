// The scaling, PDB, Service and Ingress wiring rules (TL504-TL510, TL701-TL704, TL904) through the
// built binary: the guide's findings with their positions and TL508's arithmetic, the set spanning
// several files, and --partial silencing exactly the rules that infer absence (TL504, TL507,
// TL509, TL701, TL704) while TL505, TL506, TL508, TL510, TL702, TL703 and TL904 still report.
#include <gtest/gtest.h>

#include <set>

#include <nlohmann/json.hpp>

#include "tests_support.h"

namespace titanlint::testing {
namespace {

namespace fs = std::filesystem;

constexpr const char* kRules =
    "TL504,TL505,TL506,TL507,TL508,TL509,TL510,TL701,TL702,TL703,TL704,TL904";

std::string message_of(const CommandResult& r, const std::string& code) {
  auto j = nlohmann::json::parse(r.out);
  for (const auto& f : j["findings"])
    if (f["code"] == code) return f["message"].get<std::string>();
  return {};
}

// The guide: TL508 on api/pdb.yaml (minAvailable 2 vs the HPA's minReplicas 2), TL510 on the api
// Deployment's replicas, TL904 on the daemon StatefulSet's serviceName (Service omnitron has a
// cluster IP), TL507 on the webapp (2 replicas, no PDB). The Ingress backends api:80 and
// omnitron:9800 exist, its hosts are in tls, the Services select their pods by declared port
// names: no TL70x.
TEST(WiringGuide, FindingsOfTheGuide) {
  CommandResult r =
      run_titanlint(std::string("--select ") + kRules + " --format json testdata/guide/k8s/");
  EXPECT_EQ(r.exit_code, 1) << r.err;
  const std::multiset<std::string> expected = {
      "testdata/guide/k8s/api/deployment.yaml:8:13 TL510",
      "testdata/guide/k8s/api/pdb.yaml:7:17 TL508",
      "testdata/guide/k8s/daemon/statefulset.yaml:8:16 TL904",
      "testdata/guide/k8s/webapp/deployment.yaml:4:9 TL507",
  };
  EXPECT_EQ(findings_of(r), expected) << r.out;
  EXPECT_EQ(message_of(r, "TL508"),
            "PodDisruptionBudget/api: minAvailable 2 >= HPA minReplicas 2: no pod can ever be "
            "evicted (selects Deployment/api)");
}

TEST(WiringGuide, PartialKeepsTheRulesThatDoNotInferAbsence) {
  CommandResult r = run_titanlint(std::string("--select ") + kRules +
                                  " --partial --format json testdata/guide/k8s/");
  const std::multiset<std::string> expected = {
      "testdata/guide/k8s/api/deployment.yaml:8:13 TL510",
      "testdata/guide/k8s/api/pdb.yaml:7:17 TL508",
      "testdata/guide/k8s/daemon/statefulset.yaml:8:16 TL904",
  };
  EXPECT_EQ(findings_of(r), expected) << r.out;
}

// One application in two files: the HPA, PDB, Service and Ingress in one, the Deployment in the
// other. Linted together, the wiring is complete; the objects file alone makes every absence rule
// fire; with --partial they are silent and only TL505 (minReplicas 1) remains.
TEST(WiringPartial, AbsenceRulesAreSilentUnderPartial) {
  const fs::path dir = temp_dir("wiring_partial");
  write_file(dir / "app.yaml", R"(apiVersion: apps/v1
kind: Deployment
metadata: { name: api }
spec:
  selector: { matchLabels: { app: api } }
  template:
    metadata: { labels: { app: api } }
    spec:
      containers:
        - name: api
          image: api:1
          ports: [{ name: http, containerPort: 8080 }]
          resources: { requests: { cpu: 100m, memory: 128Mi } }
)");
  write_file(dir / "wiring.yaml", R"(apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: { name: api }
spec:
  scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: api }
  minReplicas: 1
  maxReplicas: 4
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: { name: api }
spec:
  maxUnavailable: 1
  selector: { matchLabels: { app: api } }
---
apiVersion: v1
kind: Service
metadata: { name: api }
spec:
  selector: { app: api }
  ports: [{ name: http, port: 80, targetPort: http }]
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: { name: api }
spec:
  tls: [{ hosts: [api.example.com], secretName: api-tls }]
  rules:
    - host: api.example.com
      http:
        paths:
          - { path: /, pathType: Prefix, backend: { service: { name: api, port: { name: http } } } }
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: { name: admin }
spec:
  tls: [{ hosts: [admin.example.com], secretName: admin-tls }]
  rules:
    - host: admin.example.com
      http:
        paths:
          - { path: /, pathType: Prefix, backend: { service: { name: admin, port: { number: 80 } } } }
)");
  const std::string select = std::string("--select ") + kRules + " --format json ";

  CommandResult together = run_titanlint(select + "app.yaml wiring.yaml", dir);
  EXPECT_EQ(findings_of(together),
            (std::multiset<std::string>{"wiring.yaml:6:16 TL505", "wiring.yaml:43:70 TL704"}))
      << together.out;

  CommandResult alone = run_titanlint(select + "wiring.yaml", dir);
  EXPECT_EQ(findings_of(alone), (std::multiset<std::string>{
                                    "wiring.yaml:5:66 TL504",
                                    "wiring.yaml:6:16 TL505",
                                    "wiring.yaml:14:13 TL509",
                                    "wiring.yaml:20:13 TL701",
                                    "wiring.yaml:43:70 TL704",
                                }))
      << alone.out;

  CommandResult partial = run_titanlint(select + "--partial wiring.yaml", dir);
  EXPECT_EQ(findings_of(partial), (std::multiset<std::string>{"wiring.yaml:6:16 TL505"}))
      << partial.out;

  // TL507 needs the PDB: the Deployment alone (2 replicas) reports it, unless --partial.
  write_file(dir / "replicated.yaml", R"(apiVersion: apps/v1
kind: Deployment
metadata: { name: web }
spec:
  replicas: 2
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      containers: [{ name: web, image: web:1 }]
)");
  EXPECT_EQ(findings_of(run_titanlint(select + "replicated.yaml", dir)),
            (std::multiset<std::string>{"replicated.yaml:3:19 TL507"}));
  EXPECT_TRUE(findings_of(run_titanlint(select + "--partial replicated.yaml", dir)).empty());
}

}  // namespace
}  // namespace titanlint::testing
