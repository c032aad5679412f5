// Fuzz target: the config loader (`.titanlint.yaml` text, parsed from memory by parse_config, the
// function load_config_file reads files through). A bad config is a ConfigError with a position
// within the text; a good one gives limits within their documented minimums, and an engine built
// from it lints a small manifest (rules are constructed with whatever options the config set)
// without crashing.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "builtin_rules.h"
#include "config.h"
#include "engine.h"
#include "fuzz_support.h"
#include "yaml_loader.h"

using namespace titanlint;

namespace {

// A workload that most rules look at: containers, probes, preStop, resources, selector, image.
constexpr const char* kManifest = R"(apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: platform
  annotations: {titanlint.io/shutdown-timeout: 45s}
spec:
  replicas: 2
  selector: {matchLabels: {app: api}}
  strategy: {rollingUpdate: {maxUnavailable: 1, maxSurge: 50%}}
  template:
    metadata: {labels: {app: api}}
    spec:
      containers:
        - name: api
          image: registry.example.com/api:latest
          env: [{name: DATABASE_URL, value: "postgres://u:p@db/x"}]
          ports: [{name: http, containerPort: 8080}]
          readinessProbe: {httpGet: {path: /ready, port: http}, timeoutSeconds: 20}
          livenessProbe: {httpGet: {path: /ready, port: 8081}}
          lifecycle: {preStop: {exec: {command: [sleep, "5"]}}}
          resources: {requests: {cpu: 2, memory: 1Gi}, limits: {cpu: 500m}}
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: api, namespace: platform}
spec: {minAvailable: 100%, selector: {matchLabels: {app: api}}}
)";

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto source = std::make_shared<const SourceFile>(
      ".titanlint.yaml", std::string(reinterpret_cast<const char*>(data), size));
  Config config;
  try {
    config = parse_config(source, builtin_registry());
  } catch (const ConfigError& e) {
    TITANLINT_FUZZ_CHECK(e.path() == ".titanlint.yaml", "error in {}", e.path());
    TITANLINT_FUZZ_CHECK(std::string(e.what()).size() > 0, "an error without a message");
    if (e.position().line != 0) fuzz::check_position(e.position(), *source, e.describe());
    return 0;
  }

  TITANLINT_FUZZ_CHECK(config.limits.max_file_bytes >= 1, "maxFileBytes {}",
                       config.limits.max_file_bytes);
  TITANLINT_FUZZ_CHECK(config.limits.max_depth >= 8, "maxDepth {}", config.limits.max_depth);
  TITANLINT_FUZZ_CHECK(config.limits.max_documents >= 1, "maxDocumentsPerFile {}",
                       config.limits.max_documents);
  for (const auto& [code, setting] : config.rules)
    TITANLINT_FUZZ_CHECK(builtin_registry().find(code) != nullptr, "setting for unknown rule {}",
                         code);

  Engine engine(builtin_registry(), config, LintOptions{});
  std::vector<LoadedFile> files;
  files.push_back(
      load_yaml(std::make_shared<const SourceFile>("k8s.yaml", kManifest), config.limits));
  const LintResult result = engine.lint(std::move(files));
  for (const Finding& f : result.findings)
    TITANLINT_FUZZ_CHECK(engine.enabled(f.code) || f.code == "TL001", "{} reported but not enabled",
                         f.code);
  return 0;
}
