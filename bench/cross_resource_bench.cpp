// Cross-resource scaling: Engine::lint over generated sets of N namespaces, each with 100
// Deployments (labels, containers, ports, probes), 100 Services and 20 NetworkPolicies, for
// N = 10 and N = 100. The cross-resource rules look other objects up through the set's
// (namespace, kind) index, so the cost must grow with N (about 10x from 10 to 100 namespaces),
// not with the number of pairs of objects (which would be about 100x).
//
//   BM_LintAllRules/N       every built-in rule
//   BM_LintNetworkRules/N   TL4xx only (TL401-TL406)
//
// Loading is done once, outside the timed loop (load_text on the generated YAML strings): the
// figure is the rules' cost. At the end a table prints each benchmark's 100/10 ratio.
// The N=1 variants exist for a cheap smoke run (`--benchmark_filter=/1(/|$)`).
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>
#include <fmt/format.h>

#include "builtin_rules.h"
#include "config.h"
#include "engine.h"
#include "inputs.h"

namespace {

constexpr int kWorkloadsPerNamespace = 100;
constexpr int kServicesPerNamespace = 100;
constexpr int kPoliciesPerNamespace = 20;
constexpr int kGroups = 25;  // workload i is in group i % 25; policies 1..19 select groups 1..19

std::string deployment(int ns, int i) {
  return fmt::format(R"(apiVersion: apps/v1
kind: Deployment
metadata:
  name: app-{i}
  namespace: ns-{ns}
spec:
  replicas: 3
  selector:
    matchLabels: {{ app: app-{i} }}
  template:
    metadata:
      labels: {{ app: app-{i}, group: g-{g}, tier: {tier} }}
    spec:
      containers:
        - name: app
          image: registry.example.com/app-{i}:v1.{i}
          ports:
            - {{ name: http, containerPort: 8080 }}
          resources:
            requests: {{ cpu: 100m, memory: 128Mi }}
            limits: {{ memory: 256Mi }}
          readinessProbe:
            httpGet: {{ path: /readyz, port: http }}
          livenessProbe:
            httpGet: {{ path: /healthz, port: http }}
---
)",
                     fmt::arg("ns", ns), fmt::arg("i", i), fmt::arg("g", i % kGroups),
                     fmt::arg("tier", i % 2 ? "web" : "worker"));
}

std::string service(int ns, int i) {
  return fmt::format(R"(apiVersion: v1
kind: Service
metadata:
  name: app-{i}
  namespace: ns-{ns}
spec:
  selector: {{ app: app-{i} }}
  ports:
    - {{ name: http, port: 80, targetPort: http }}
---
)",
                     fmt::arg("ns", ns), fmt::arg("i", i));
}

std::string network_policy(int ns, int j) {
  if (j == 0) {  // an ingress-only policy for every pod: selects all, isolates no egress
    return fmt::format(R"(apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: ingress-from-nginx
  namespace: ns-{ns}
spec:
  podSelector: {{}}
  ingress:
    - from:
        - namespaceSelector: {{ matchLabels: {{ kubernetes.io/metadata.name: ingress-nginx }} }}
---
)",
                       fmt::arg("ns", ns));
  }
  return fmt::format(R"(apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: group-{j}
  namespace: ns-{ns}
spec:
  podSelector:
    matchExpressions:
      - {{ key: group, operator: In, values: [g-{j}] }}
      - {{ key: tier, operator: Exists }}
  policyTypes: [Ingress, Egress]
  ingress:
    - from:
        - podSelector: {{}}
  egress:
    - to:
        - podSelector: {{}}
    - to:
        - namespaceSelector: {{ matchLabels: {{ kubernetes.io/metadata.name: kube-system }} }}
      ports:
        - {{ protocol: UDP, port: 53 }}
        - {{ protocol: TCP, port: 53 }}
---
)",
                     fmt::arg("ns", ns), fmt::arg("j", j));
}

struct GeneratedSet {
  std::vector<titanlint::LoadedFile> files;  // one file per namespace
  std::size_t objects = 0;
};

const GeneratedSet& generated(int namespaces) {
  static std::map<int, GeneratedSet> cache;
  auto it = cache.find(namespaces);
  if (it != cache.end()) return it->second;
  GeneratedSet& set = cache[namespaces];
  const titanlint::LoadLimits limits;
  for (int ns = 0; ns < namespaces; ++ns) {
    std::string text;
    for (int i = 0; i < kWorkloadsPerNamespace; ++i) text += deployment(ns, i);
    for (int i = 0; i < kServicesPerNamespace; ++i) text += service(ns, i);
    for (int j = 0; j < kPoliciesPerNamespace; ++j) text += network_policy(ns, j);
    set.files.push_back(
        titanlint::load_text(fmt::format("ns-{}/all.yaml", ns), std::move(text), limits));
    set.objects += kWorkloadsPerNamespace + kServicesPerNamespace + kPoliciesPerNamespace;
  }
  return set;
}

void run(benchmark::State& state, std::vector<std::string> select) {
  const GeneratedSet& set = generated(static_cast<int>(state.range(0)));
  titanlint::LintOptions options;
  options.select = std::move(select);
  const titanlint::Config config;
  const titanlint::Engine engine(titanlint::builtin_registry(), config, options);
  std::size_t findings = 0;
  for (auto _ : state) {
    titanlint::LintResult result = engine.lint(set.files);
    findings = result.findings.size();
    benchmark::DoNotOptimize(result);
  }
  if (findings == 0) state.SkipWithError("no findings: the generated set is not linted");
  state.counters["objects"] = static_cast<double>(set.objects);
  state.counters["findings"] = static_cast<double>(findings);
  state.counters["objects/s"] = benchmark::Counter(static_cast<double>(set.objects),
                                                   benchmark::Counter::kIsIterationInvariantRate);
}

void BM_LintAllRules(benchmark::State& state) {
  run(state, {});
}
void BM_LintNetworkRules(benchmark::State& state) {
  run(state, {"TL4"});
}

BENCHMARK(BM_LintAllRules)->Arg(1)->Arg(10)->Arg(100)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_LintNetworkRules)
    ->Arg(1)
    ->Arg(10)
    ->Arg(100)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

// Keeps each run's time per iteration, then prints the 100-vs-10 ratios.
class RatioReporter : public benchmark::ConsoleReporter {
 public:
  void ReportRuns(const std::vector<Run>& runs) override {
    for (const Run& run : runs) {
      if (run.error_occurred) {
        failed_ = true;
        continue;
      }
      if (run.run_type == Run::RT_Aggregate && run.aggregate_name != "median") continue;
      const std::string name = run.run_name.function_name;
      const std::string arg = run.run_name.args;
      times_[name][arg] = {run.GetAdjustedRealTime(), run.GetAdjustedCPUTime()};
    }
    ConsoleReporter::ReportRuns(runs);
  }

  void print_ratios() const {
    std::printf(
        "\nCross-resource scaling (N namespaces x %d workloads, %d Services, %d "
        "NetworkPolicies)\n",
        kWorkloadsPerNamespace, kServicesPerNamespace, kPoliciesPerNamespace);
    std::printf("%-22s %12s %12s %14s %14s\n", "", "N=10 ms", "N=100 ms", "wall 100/10",
                "cpu 100/10");
    for (const auto& [name, by_arg] : times_) {
      auto ten = by_arg.find("10");
      auto hundred = by_arg.find("100");
      if (ten == by_arg.end() || hundred == by_arg.end()) continue;
      std::printf("%-22s %12.1f %12.1f %13.2fx %13.2fx\n", name.c_str(), ten->second.wall,
                  hundred->second.wall, hundred->second.wall / ten->second.wall,
                  hundred->second.cpu / ten->second.cpu);
    }
    std::printf("(linear = 10x; all pairs of objects would be about 100x)\n");
  }

  bool failed() const { return failed_; }

 private:
  struct Times {
    double wall;
    double cpu;
  };
  std::map<std::string, std::map<std::string, Times>> times_;
  bool failed_ = false;
};

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  RatioReporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  reporter.print_ratios();
  benchmark::Shutdown();
  return reporter.failed() ? 1 : 0;
}
