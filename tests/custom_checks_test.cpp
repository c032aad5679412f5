// Custom checks (docs/custom-checks.md): the Go-template subset, the schema compiler and its
// bounds, config errors with positions, findings at the failing field, the CLI, and the Polaris
// conformance suite (each of Polaris's 44 built-in checks, written in its custom-check format, run
// alone over Polaris's own fixture folder).
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <map>
#include <set>
#include <string>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "builtin_rules.h"
#include "config.h"
#include "custom/go_template.h"
#include "engine.h"
#include "handler_provider.h"
#include "inputs.h"
#include "tests_support.h"
#include "yaml_loader.h"

namespace titanlint {
namespace {

namespace fs = std::filesystem;
using custom::GoTemplate;
using custom::TemplateData;
using custom::TemplateSyntaxError;
using testing::lint_text;
using testing::read_file;
using testing::run_titanlint;
using testing::source_dir;
using testing::temp_dir;
using testing::write_file;

Config config_of(const std::string& text, const std::string& path = "/tmp/tl-custom.yaml") {
  return parse_config(std::make_shared<SourceFile>(path, text), builtin_registry());
}

// The config error of `text`: "line:col: message".
std::string config_error(const std::string& text) {
  try {
    config_of(text);
  } catch (const ConfigError& e) {
    return fmt::format("{}:{}: {}", e.position().line, e.position().column, e.what());
  }
  return "(no error)";
}

std::vector<const Finding*> of_code(const LintResult& r, std::string_view code) {
  std::vector<const Finding*> out;
  for (const Finding& f : r.findings)
    if (f.code == code && !f.suppressed()) out.push_back(&f);
  return out;
}

// ---- the template subset ------------------------------------------------------------------

std::string render(const std::string& tmpl, const std::string& object_yaml) {
  LoadedFile file = load_text("obj.yaml", object_yaml, LoadLimits{});
  TemplateData data;
  data.object = file.documents.front().root;
  data.pod_spec = data.object->at({"spec", "template", "spec"});
  data.pod_template = data.object->at({"spec", "template"});
  return GoTemplate(tmpl).render(data);
}

constexpr const char* kDeployment = R"(apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: {b: two, a: one}
spec:
  replicas: 3
  template:
    metadata:
      labels: {app: web}
    spec:
      automountServiceAccountToken: false
      containers:
      - name: c
)";

TEST(GoTemplateSubset, FieldsConditionsRangesAndFunctions) {
  EXPECT_EQ(render("name={{ .metadata.name }}", kDeployment), "name=web");
  EXPECT_EQ(render("{{ .spec.replicas }}", kDeployment), "3");
  EXPECT_EQ(render("{{ .spec.nothing.deeper }}", kDeployment), "<no value>");
  EXPECT_EQ(render("{{ .Polaris.PodSpec.containers }}", kDeployment).empty(), false);
  EXPECT_EQ(render("{{ if .spec.replicas }}yes{{ else }}no{{ end }}", kDeployment), "yes");
  EXPECT_EQ(render("{{ if .spec.absent }}yes{{ else if .metadata }}elif{{ end }}", kDeployment),
            "elif");
  EXPECT_EQ(
      render("{{ range $k, $v := .metadata.labels }}{{ $k }}={{ $v }};{{ end }}", kDeployment),
      "a=one;b=two;");  // Go ranges over a map in key order
  EXPECT_EQ(
      render("{{ if not (eq .Polaris.PodSpec.automountServiceAccountToken false) }}x{{ end }}",
             kDeployment),
      "");
  EXPECT_EQ(render("{{ if eq .Polaris.PodSpec.missing false }}x{{ else }}y{{ end }}", kDeployment),
            "y");  // a missing value equals nothing
  EXPECT_EQ(
      render(R"({{ if and (ne .metadata.name "x") (hasPrefix .metadata.name "we") }}ok{{ end }})",
             kDeployment),
      "ok");
  EXPECT_EQ(render(R"({{ $n := (print "a/" .metadata.name) }}{{ $n }})", kDeployment), "a/web");
  EXPECT_EQ(
      render(
          R"({{ $x := false }}{{ if .metadata }}{{ $x = index .Polaris "PodTemplate" "metadata" "labels" "app" }}{{ end }}{{ $x }})",
          kDeployment),
      "web");
  EXPECT_EQ(render("a  {{- .metadata.name -}}  b", kDeployment), "awebb");
  EXPECT_EQ(render("{{/* a comment */}}x", kDeployment), "x");
}

TEST(GoTemplateSubset, UnsupportedConstructsAreErrorsAtTheirOffset) {
  auto offset_of = [](const std::string& t) -> std::string {
    try {
      GoTemplate g(t);
    } catch (const TemplateSyntaxError& e) {
      return fmt::format("{}: {}", e.offset(), e.what());
    }
    return "(accepted)";
  };
  EXPECT_EQ(offset_of("ab {{ with .x }}{{ end }}"), "6: {{ with }} is not supported");
  EXPECT_EQ(offset_of("{{ .a | printf \"%s\" }}"), "6: pipelines with | are not supported");
  EXPECT_EQ(offset_of("{{ toYaml .a }}"),
            "3: the template function or keyword \"toYaml\" is not supported");
  EXPECT_EQ(offset_of("{{ if .a }}x"), "3: if without {{ end }}");
  EXPECT_EQ(offset_of("x {{ .a "), "2: unclosed action (no }})");
  EXPECT_EQ(offset_of("{{ end }}"), "3: unexpected {{ end }}");
}

// ---- config: the format, its errors and their positions -----------------------------------

constexpr const char* kReplicasCheck = R"(customChecks:
  replicasAtLeastTwo:
    successMessage: Enough replicas
    failureMessage: Too few replicas
    category: Reliability
    target: apps/Deployment
    severity: error
    schema:
      type: object
      required: [spec]
      properties:
        spec:
          type: object
          required: [replicas]
          properties:
            replicas: {type: integer, minimum: 2}
)";

TEST(CustomCheckConfig, ChecksBecomeRulesOfTheConfigsRegistry) {
  Config config = config_of(kReplicasCheck);
  const Registry& rules = config.rules_of(builtin_registry());
  const RuleDefinition* rule = rules.find("replicasAtLeastTwo");
  ASSERT_NE(rule, nullptr);
  EXPECT_EQ(rule->meta.severity, Severity::Error);
  EXPECT_EQ(rule->meta.summary, "Too few replicas");
  EXPECT_NE(rule->meta.doc.what.find("Target: apps/Deployment"), std::string::npos);
  EXPECT_EQ(rules.rules().size(), builtin_registry().rules().size() + 1);
  EXPECT_EQ(builtin_registry().find("replicasAtLeastTwo"), nullptr);
}

TEST(CustomCheckConfig, ErrorsNameTheOffendingKeyWithItsPosition) {
  auto with_schema = [](const std::string& schema_lines) {
    return "customChecks:\n  c1:\n    target: Container\n    schema:\n" + schema_lines;
  };
  EXPECT_EQ(config_error(with_schema("      type: object\n      dependentRequired: {a: [b]}\n")),
            "6:7: custom check c1: the JSON Schema keyword \"dependentRequired\" is not supported "
            "by titanlint's custom checks");
  EXPECT_EQ(config_error(with_schema("      properties:\n        image: {typo: 1}\n")),
            "6:17: custom check c1: unknown JSON Schema keyword \"typo\"");
  EXPECT_NE(config_error(with_schema("      properties:\n        image: {pattern: '(?=x)'}\n"))
                .find("6:26: custom check c1: the pattern '(?=x)' is not valid RE2 syntax"),
            std::string::npos);
  EXPECT_EQ(config_error(with_schema("      type: objekt\n")),
            "5:13: custom check c1: unknown type \"objekt\"");
  EXPECT_EQ(config_error(with_schema("      $ref: 'https://example.com/s.json'\n")),
            "5:13: custom check c1: only local references (\"#/...\") are supported in $ref");
  EXPECT_EQ(config_error("customChecks:\n  TL101x:\n    target: Container\n    schema: {}\n"),
            "2:3: the custom check ID \"TL101x\" looks like a titanlint code (TLnnn); choose "
            "another");
  EXPECT_EQ(config_error("customChecks:\n  a: {target: Container, schema: {}}\n"
                         "  a: {target: Container, schema: {}}\n"),
            "3:3: duplicate key \"a\" (first at line 2); the API server silently keeps only the "
            "last value");
  EXPECT_EQ(config_error("customChecks:\n  liveness-probe-missing: {target: Pod, schema: {}}\n"),
            "2:3: the custom check ID \"liveness-probe-missing\" is the code or name of a built-in "
            "rule");
  EXPECT_EQ(config_error("customChecks:\n  a: {target: nothing, schema: {}}\n"),
            "2:15: custom check a: target \"nothing\" is not group/Kind, Controller, PodTemplate, "
            "PodSpec or Container");
  EXPECT_EQ(
      config_error("customChecks:\n  a: {target: Pod, schema: {}, colour: red}\n").substr(0, 40),
      "2:32: custom check a: unknown key \"colou");
  // A template error in a schemaString block: its line in the config file.
  EXPECT_EQ(config_error("customChecks:\n  a:\n    target: Pod\n    schemaString: |\n"
                         "      type: object\n      x: {{ with .a }}{{ end }}\n"),
            "6:13: custom check a: template: {{ with }} is not supported");
  // An unknown keyword in a schemaString: its line and column in the config file.
  EXPECT_EQ(config_error("customChecks:\n  a:\n    target: Pod\n    schemaString: |\n"
                         "      type: object\n      properties:\n        x: {oops: 1}\n"),
            "7:13: custom check a: unknown JSON Schema keyword \"oops\"");
  // `rules:` may set a custom check's severity, and an unknown one is still an error.
  EXPECT_NO_THROW(config_of(std::string(kReplicasCheck) + "rules:\n  replicasAtLeastTwo: off\n"));
  EXPECT_EQ(
      config_error(std::string(kReplicasCheck) + "rules:\n  replicasAtLeast: off\n").substr(0, 30),
      "18:3: unknown rule \"replicasAt");
}

TEST(CustomCheckConfig, HostileChecksAreRefusedOrBounded) {
  std::string deep = "customChecks:\n  d:\n    target: Pod\n    schema:\n";
  std::string indent = "      ";
  for (int i = 0; i < 80; ++i) {
    deep += indent + "not:\n";
    indent += "  ";
  }
  deep += indent + "type: object\n";
  EXPECT_NE(config_error(deep).find("nested deeper than 64 levels"), std::string::npos);

  std::string big_enum = "customChecks:\n  e:\n    target: Pod\n    schema:\n      enum: [";
  for (int i = 0; i < 10'001; ++i) big_enum += fmt::format("{}{}", i ? "," : "", i);
  big_enum += "]\n";
  EXPECT_NE(config_error(big_enum).find("enum has over 10000 items"), std::string::npos);

  std::string long_pattern = "customChecks:\n  p:\n    target: Pod\n    schema:\n      pattern: '" +
                             std::string(5000, 'a') + "'\n";
  EXPECT_NE(config_error(long_pattern).find("the pattern is over 4096 bytes"), std::string::npos);

  // A pattern whose RE2 program is over the memory cap: refused, not compiled.
  std::string huge_program =
      "customChecks:\n  q:\n    target: Pod\n    schema:\n      pattern: '((a{100}){100}){100}'\n";
  EXPECT_NE(config_error(huge_program).find("is not valid RE2 syntax"), std::string::npos);

  // A catastrophic pattern for backtracking engines runs in linear time under RE2.
  Config config = config_of(
      "customChecks:\n  r:\n    target: /ConfigMap\n    severity: error\n    schema:\n"
      "      properties:\n        data:\n          additionalProperties:\n"
      "            pattern: '^(a+)+$'\n");
  std::string yaml = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata:\n  k: '" +
                     std::string(50'000, 'a') + "!'\n";
  LintOptions options;
  options.select = {"r"};
  const auto start = std::chrono::steady_clock::now();
  LintResult result = lint_text(yaml, options, config);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(2));
  EXPECT_EQ(of_code(result, "r").size(), 1u);

  // A template that renders without bound stops at kMaxTemplateOutput: the check fails with a
  // message on the object, it does not pass.
  Config blowup = config_of(
      "customChecks:\n  t:\n    target: Pod\n    severity: error\n    schemaString: |\n"
      "      {{ range $a := .spec.x }}{{ range $b := $.spec.x }}{{ range $c := $.spec.x }}"
      "{{ range $d := $.spec.x }}{{ $.spec.pad }}{{ end }}{{ end }}{{ end }}{{ end }}\n");
  std::string pod = "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  pad: '" +
                    std::string(1000, 'x') + "'\n  x: [";
  for (int i = 0; i < 40; ++i) pod += fmt::format("{}{}", i ? "," : "", i);
  pod += "]\n";
  options.select = {"t"};
  LintResult r2 = lint_text(pod, options, blowup);
  auto found = of_code(r2, "t");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_NE(found[0]->message.find("over 1048576 bytes"), std::string::npos) << found[0]->message;
}

// ---- findings: where they point -----------------------------------------------------------

TEST(CustomCheckFindings, PointAtTheFailingFieldOrTheMappingThatLacksIt) {
  Config config = config_of(kReplicasCheck);
  LintOptions options;
  options.select = {"replicasAtLeastTwo"};
  LintResult low = lint_text(
      "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: a}\nspec:\n  replicas: 1\n", options,
      config);
  auto f = of_code(low, "replicasAtLeastTwo");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0]->position.line, 5u);
  EXPECT_EQ(f[0]->position.column, 13u);
  EXPECT_EQ(f[0]->field_path(), "spec.replicas");
  EXPECT_EQ(f[0]->severity, Severity::Error);
  EXPECT_EQ(f[0]->message, "Too few replicas");

  LintResult absent = lint_text(
      "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: a}\nspec:\n  selector: {}\n",
      options, config);
  f = of_code(absent, "replicasAtLeastTwo");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0]->position.line, 5u);
  EXPECT_EQ(f[0]->field_path(), "spec.replicas");

  LintResult fine = lint_text(
      "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: a}\nspec:\n  replicas: 3\n", options,
      config);
  EXPECT_TRUE(of_code(fine, "replicasAtLeastTwo").empty());
  // Another group's Deployment is not the target.
  LintResult other = lint_text(
      "apiVersion: example.com/v1\nkind: Deployment\nmetadata: {name: a}\nspec: {replicas: 1}\n",
      options, config);
  EXPECT_TRUE(of_code(other, "replicasAtLeastTwo").empty());
}

TEST(CustomCheckFindings, ContainerTargetsReportPerContainerAndAreSuppressible) {
  Config config = config_of(R"(customChecks:
  imageRegistry:
    failureMessage: Image should not be from quay.io
    target: Container
    severity: warning
    schema:
      type: object
      properties:
        image:
          type: string
          not:
            pattern: ^quay.io
)");
  LintOptions options;
  options.select = {"imageRegistry"};
  LintResult r = lint_text(R"(apiVersion: apps/v1
kind: Deployment
metadata: {name: a}
spec:
  template:
    spec:
      initContainers:
      - name: init
        image: quay.io/init
      containers:
      - name: ok
        image: docker.io/app
      - name: bad
        image: quay.io/app  # titanlint:ignore imageRegistry -- vendored
      - name: bad2
        image: quay.io/app2
)",
                           options, config);
  std::vector<std::string> paths;
  std::size_t suppressed = 0;
  for (const Finding& f : r.findings) {
    if (f.code != "imageRegistry") continue;
    if (f.suppressed())
      ++suppressed;
    else
      paths.push_back(f.field_path() + "@" + std::to_string(f.position.line));
  }
  EXPECT_EQ(suppressed, 1u);
  EXPECT_EQ(paths, (std::vector<std::string>{"spec.template.spec.initContainers[0].image@9",
                                             "spec.template.spec.containers[2].image@16"}));
}

// ---- the Polaris conformance suite ---------------------------------------------------------

fs::path polaris_dir() {
  return source_dir() / "testdata" / "peers" / "polaris-custom";
}

// Fixtures whose verdict differs from Polaris's, each with the reason. The test fails when one of
// them starts to agree (remove it) or another one disagrees (explain it here or fix it).
const std::map<std::string, std::string>& known_divergences() {
  const std::string pdb_v1 =
      "the fixture writes `apiVersion: v1` for a PodDisruptionBudget; the check targets "
      "policy/PodDisruptionBudget and titanlint matches the API group as written";
  const std::string go_code =
      "Polaris implements this check in Go code; its definition has no schema, so it passes "
      "every object here";
  static const std::map<std::string, std::string> table = {
      {"pdbDisruptionsIsZero/failure.either.yaml", pdb_v1},
      {"pdbDisruptionsIsZero/failure.max.yaml", pdb_v1},
      {"pdbDisruptionsIsZero/failure.min.yaml", pdb_v1},
      {"pdbMinAvailableGreaterThanHPAMinReplicas/failure-gt-percent.yaml", go_code},
      {"pdbMinAvailableGreaterThanHPAMinReplicas/failure-gt-scalar.yaml", go_code},
  };
  return table;
}

// Folders with no definition in custom-check format: Polaris implements these checks in Go.
const std::set<std::string>& not_custom_checks() {
  static const std::set<std::string> table = {"nakedPod", "oneController"};
  return table;
}

struct ConformanceScore {
  int agree = 0;
  int total = 0;
};
ConformanceScore& score() {
  static ConformanceScore s;
  return s;
}

class PolarisConformance : public ::testing::TestWithParam<std::string> {};

TEST_P(PolarisConformance, FixturesGetPolarisVerdict) {
  const std::string check = GetParam();
  const fs::path folder = polaris_dir() / "checks" / check;
  fs::path definition = polaris_dir() / "definitions" / (check + ".yaml");
  if (!fs::exists(definition)) definition = folder / "check.yaml";
  ASSERT_TRUE(fs::exists(definition)) << check;
  // Polaris's files, unchanged, through customCheckDirs (the ID is the file name).
  const fs::path dir = temp_dir("polaris-" + check);
  fs::create_directories(dir / "checks");
  fs::copy_file(definition, dir / "checks" / (check + ".yaml"));
  const std::string config_path = (dir / ".titanlint.yaml").string();
  write_file(config_path, fmt::format("customCheckDirs: [checks]\nrules:\n  {}: error\n", check));
  Config config = load_config_file(config_path, builtin_registry());
  LintOptions options;
  options.select = {check};
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(folder)) files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  for (const fs::path& file : files) {
    const std::string name = file.filename().string();
    if (name.starts_with("mutated") || name == "check.yaml") continue;
    const bool polaris_fails = name.find("failure") != std::string::npos;
    testing::Findings found = testing::lint_with(file, {check}, config);
    std::size_t errors = 0;
    for (const Finding& f : found)
      if (f.code == check && f.severity == Severity::Error && !f.suppressed()) ++errors;
    const bool we_fail = errors > 0;
    const std::string key = check + "/" + name;
    const auto divergence = known_divergences().find(key);
    ++score().total;
    if (we_fail == polaris_fails) ++score().agree;
    if (divergence == known_divergences().end()) {
      EXPECT_EQ(we_fail, polaris_fails)
          << key << ": Polaris " << (polaris_fails ? "fails" : "passes") << " it, titanlint "
          << (we_fail ? "fails" : "passes") << " it:\n"
          << testing::describe(found);
    } else {
      EXPECT_NE(we_fail, polaris_fails)
          << key << " now agrees with Polaris: remove it from known_divergences()";
    }
  }
}

std::vector<std::string> conformance_folders() {
  std::vector<std::string> out;
  for (const auto& entry : fs::directory_iterator(polaris_dir() / "checks")) {
    std::string name = entry.path().filename().string();
    if (!not_custom_checks().count(name)) out.push_back(name);
  }
  std::sort(out.begin(), out.end());
  return out;
}

INSTANTIATE_TEST_SUITE_P(Polaris, PolarisConformance, ::testing::ValuesIn(conformance_folders()),
                         [](const auto& info) { return info.param; });

TEST(PolarisConformanceScore, EveryDefinitionHasAFolderAndTheScoreIsPrinted) {
  std::size_t definitions = 0;
  for (const auto& entry : fs::directory_iterator(polaris_dir() / "definitions")) {
    ++definitions;
    const std::string check = entry.path().stem().string();
    EXPECT_TRUE(fs::is_directory(polaris_dir() / "checks" / check)) << check;
  }
  EXPECT_EQ(definitions, 44u);
}

class ScorePrinter : public ::testing::Environment {
 public:
  void TearDown() override {
    if (score().total > 0)
      std::printf("Polaris conformance: %d/%d fixtures get Polaris's verdict\n", score().agree,
                  score().total);
  }
};
const auto* const kScorePrinter = ::testing::AddGlobalTestEnvironment(new ScorePrinter);

// ---- the CLI ------------------------------------------------------------------------------

TEST(CustomCheckCli, ListedExplainedLintedInEveryFormatAndConfigErrorsExitTwo) {
  const fs::path dir = temp_dir("custom-cli");
  write_file(dir / ".titanlint.yaml", kReplicasCheck);
  write_file(dir / "d.yaml",
             "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: a}\nspec:\n  replicas: 1\n");
  auto rules = run_titanlint("rules", dir);
  EXPECT_EQ(rules.exit_code, 0) << rules.err;
  EXPECT_NE(rules.out.find("replicasAtLeastTwo"), std::string::npos);
  auto explain = run_titanlint("explain replicasAtLeastTwo", dir);
  EXPECT_EQ(explain.exit_code, 0) << explain.err;
  EXPECT_NE(explain.out.find("minimum: 2"), std::string::npos) << explain.out;
  EXPECT_NE(explain.out.find("Too few replicas"), std::string::npos);

  auto lint = run_titanlint("--select replicasAtLeastTwo --format gcc d.yaml", dir);
  EXPECT_EQ(lint.exit_code, 1) << lint.err;
  EXPECT_EQ(lint.out, "d.yaml:5:13: error: Too few replicas [replicasAtLeastTwo]\n");

  auto sarif = run_titanlint("--select replicasAtLeastTwo --format sarif d.yaml", dir);
  EXPECT_EQ(sarif.exit_code, 1);
  auto json = nlohmann::json::parse(sarif.out);
  const auto& run = json["runs"][0];
  ASSERT_EQ(run["results"].size(), 1u);
  const auto index = run["results"][0]["ruleIndex"].get<std::size_t>();
  EXPECT_EQ(run["tool"]["driver"]["rules"][index]["id"], "replicasAtLeastTwo");

  auto stats = run_titanlint("--select replicasAtLeastTwo --statistics d.yaml", dir);
  EXPECT_NE(stats.out.find("replicasAtLeastTwo"), std::string::npos) << stats.out;

  auto ignored =
      run_titanlint("--ignore replicasAtLeastTwo --select replicasAtLeastTwo d.yaml", dir);
  EXPECT_EQ(ignored.exit_code, 0) << ignored.out << ignored.err;

  write_file(dir / ".titanlint.yaml",
             "customChecks:\n  x:\n    target: Pod\n    schema: {minimumm: 1}\n");
  auto bad = run_titanlint("d.yaml", dir);
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find(".titanlint.yaml:4:14: custom check x: unknown JSON Schema keyword "
                         "\"minimumm\""),
            std::string::npos)
      << bad.err;
}

// ---- the webhook: applied, and reloaded with the config ---------------------------------

std::string admission_review(const std::string& labels) {
  nlohmann::json object = nlohmann::json::parse(fmt::format(
      R"({{"apiVersion": "apps/v1", "kind": "Deployment",
          "metadata": {{"name": "web", "namespace": "shop", "labels": {{{}}}}},
          "spec": {{"replicas": 3, "selector": {{"matchLabels": {{"app": "web"}}}},
                   "template": {{"metadata": {{"labels": {{"app": "web"}}}},
                                "spec": {{"containers": [{{"name": "c", "image": "r/c:1"}}]}}}}}}}})",
      labels));
  nlohmann::json review = {
      {"apiVersion", "admission.k8s.io/v1"},
      {"kind", "AdmissionReview"},
      {"request",
       {{"uid", "0d4f3a6e-1111-2222-3333-444455556666"},
        {"kind", {{"group", "apps"}, {"version", "v1"}, {"kind", "Deployment"}}},
        {"resource", {{"group", "apps"}, {"version", "v1"}, {"resource", "deployments"}}},
        {"namespace", "shop"},
        {"name", "web"},
        {"operation", "CREATE"},
        {"userInfo", {{"username", "admin"}}},
        {"object", object}}}};
  return review.dump();
}

constexpr const char* kTeamLabel = R"(customChecks:
  {}:
    failureMessage: Every Deployment names its team
    target: apps/Deployment
    severity: error
    schema:
      properties:
        metadata:
          required: [labels]
          properties:
            labels: {{required: [team]}}
)";

void replace_file(const fs::path& path, const std::string& text) {
  write_file(path.string() + ".new", text);
  fs::rename(path.string() + ".new", path);
}

TEST(CustomCheckWebhook, AppliedAndReloadedABadConfigKeepsThePreviousOne) {
  const fs::path dir = temp_dir("custom-webhook");
  const fs::path config = dir / "titanlint.yaml";
  write_file(config, fmt::format(kTeamLabel, "teamLabel"));
  webhook::HandlerProvider provider(builtin_registry(), config.string());
  auto codes = [&](const std::string& labels) {
    return provider.current()->handle(admission_review(labels)).codes;
  };
  auto has = [](const std::vector<std::string>& v, const std::string& code) {
    return std::find(v.begin(), v.end(), code) != v.end();
  };
  EXPECT_TRUE(has(codes(R"("app": "web")"), "teamLabel"));
  EXPECT_FALSE(has(codes(R"("app": "web", "team": "shop")"), "teamLabel"));

  replace_file(config,
               "customChecks:\n  teamLabel:\n    target: apps/Deployment\n"
               "    schema: {minimumm: 1}\n");
  EXPECT_THROW(provider.reload_if_changed(), ConfigError);
  EXPECT_TRUE(has(codes(R"("app": "web")"), "teamLabel")) << "the previous config stays";

  replace_file(config, fmt::format(kTeamLabel, "ownerLabel"));
  EXPECT_TRUE(provider.reload_if_changed());
  const auto now = codes(R"("app": "web")");
  EXPECT_TRUE(has(now, "ownerLabel"));
  EXPECT_FALSE(has(now, "teamLabel"));
}

}  // namespace
}  // namespace titanlint
