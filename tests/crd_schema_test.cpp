// Custom resources validated against their CustomResourceDefinitions (src/schema/crd*.cpp): the
// compiler's structural-schema semantics, the bounds on hostile CRDs, real CRDs (testdata/crds/)
// against kubeconform's verdicts on the same custom resources, and --schema-dir / schemaDirs:.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "builtin_rules.h"
#include "config.h"
#include "engine.h"
#include "inputs.h"
#include "schema/crd.h"
#include "schema/crd_dirs.h"
#include "tests_support.h"

namespace titanlint::testing {
namespace {

const std::vector<std::string> kSchemaRules = {"TL006", "TL007", "TL008",
                                               "TL010", "TL011", "TL012"};

LintResult lint_schema(const std::string& yaml, LintOptions options = {}) {
  options.select = kSchemaRules;
  return lint_text(yaml, std::move(options));
}

std::string crd(const std::string& versions) {
  return "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\n"
         "metadata: { name: widgets.example.com }\n"
         "spec:\n  group: example.com\n  names: { kind: Widget, plural: widgets }\n"
         "  scope: Namespaced\n  versions:\n" +
         versions;
}

const std::string kWidgetV1 =
    crd("    - name: v1\n      served: true\n      storage: true\n      schema:\n"
        "        openAPIV3Schema:\n          type: object\n          properties:\n"
        "            spec:\n              type: object\n              properties:\n"
        "                size: { type: integer }\n");

TEST(CrdSchema, TheCrdOfTheRunValidatesItsCustomResources) {
  const std::string typo =
      "---\napiVersion: example.com/v1\nkind: Widget\nmetadata: { name: w }\nspec: { sise: 3 }\n";
  const LintResult with_crd = lint_schema(kWidgetV1 + typo);
  ASSERT_EQ(with_crd.findings.size(), 1u) << describe(with_crd.findings);
  EXPECT_EQ(with_crd.findings[0].code, "TL006");
  EXPECT_NE(with_crd.findings[0].message.find("did you mean `size`?"), std::string::npos);
  // Without its CRD the custom resource is not judged (no noise).
  EXPECT_TRUE(lint_schema(typo).findings.empty()) << describe(lint_schema(typo).findings);
  // The CRD may come after its custom resources, or in another file of the run.
  EXPECT_EQ(lint_schema(typo + "---\n" + kWidgetV1).findings.size(), 1u);
}

TEST(CrdSchema, MetadataIsObjectMetaWhateverTheSchemaSays) {
  // A schema that says nothing of metadata, or restricts it: the API server validates a custom
  // resource's metadata as ObjectMeta only.
  const std::string cr =
      "---\napiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n"
      "  labels: { any: thing }\n  annotations: { a: b }\n  nmae: typo\nspec: {}\n";
  const LintResult result = lint_schema(kWidgetV1 + cr);
  ASSERT_EQ(result.findings.size(), 1u) << describe(result.findings);
  EXPECT_NE(result.findings[0].message.find("in ObjectMeta; did you mean `name`?"),
            std::string::npos)
      << result.findings[0].message;
}

TEST(CrdSchema, TheFirstOfTwoCrdsForOneKindWins) {
  const std::string second =
      crd("    - name: v1\n      served: true\n      storage: true\n      schema:\n"
          "        openAPIV3Schema:\n          type: object\n          properties:\n"
          "            spec:\n              type: object\n              properties:\n"
          "                sise: { type: integer }\n");
  const std::string cr =
      "---\napiVersion: example.com/v1\nkind: Widget\nmetadata: { name: w }\nspec: { size: 3 }\n";
  EXPECT_TRUE(lint_schema(kWidgetV1 + "---\n" + second + cr).findings.empty());
  EXPECT_EQ(lint_schema(second + "---\n" + kWidgetV1 + cr).findings.size(), 1u);
}

// --- Real CRDs and kubeconform ------------------------------------------------------------

struct CrRow {
  const char* cr;   // testdata/peers/kubeconform/
  const char* crd;  // under testdata/
  // acceptance.bats' verdict with a schema generated from the CRD: every row passes there.
  bool kubeconform_invalid;
};

const std::vector<CrRow>& kubeconform_cr_rows() {
  static const std::vector<CrRow> rows = {
      // "passes when validating duration not in ISO8601" (grafanaalertrulegroup_v1beta1.json)
      {"grafana-alert-rule-group-sample.yaml",
       "crds/grafana-operator/grafana.integreatly.org_grafanaalertrulegroups.yaml", false},
      // "passes when trying to use a CRD that does not have the JSONSchema set" (datree's
      // catalogue, built from Contour's CRD)
      {"httpproxy.yaml", "crds/contour/httpproxies.projectcontour.io.yaml", false},
  };
  return rows;
}

LintResult lint_files(const std::vector<std::filesystem::path>& paths, LintOptions options = {}) {
  options.select = kSchemaRules;
  std::vector<LoadedFile> files;
  for (const auto& p : paths) files.push_back(load_text(p.string(), read_file(p), LoadLimits{}));
  const Config config;
  Engine engine(builtin_registry(), config, options);
  return engine.lint(std::move(files));
}

TEST(KubeconformCrds, SameVerdictWithTheProjectsCrd) {
  std::size_t same = 0;
  for (const CrRow& row : kubeconform_cr_rows()) {
    SCOPED_TRACE(row.cr);
    const LintResult result = lint_files({source_dir() / "testdata" / row.crd,
                                          source_dir() / "testdata/peers/kubeconform" / row.cr});
    EXPECT_EQ(!result.findings.empty(), row.kubeconform_invalid) << describe(result.findings);
    if (result.findings.empty() != row.kubeconform_invalid) ++same;
  }
  EXPECT_EQ(same, kubeconform_cr_rows().size());
  std::cout << "kubeconform, custom resources with their CRD: " << same << " of "
            << kubeconform_cr_rows().size() << " get kubeconform's verdict\n";
}

// The same custom resources, broken the way kubeconform -strict rejects (an unknown field, a
// wrong type): the CRD is really read, so the verdict is not a skip.
TEST(KubeconformCrds, BrokenCopiesFail) {
  const std::filesystem::path dir = temp_dir("crd-kubeconform");
  std::string grafana =
      read_file(source_dir() / "testdata/peers/kubeconform/grafana-alert-rule-group-sample.yaml");
  grafana.replace(grafana.find("folderRef:"), 10, "folderRf:");
  grafana.replace(grafana.find("from: 600"), 9, "from: \"600\"");
  write_file(dir / "grafana.yaml", grafana);
  const LintResult g =
      lint_files({source_dir() / "testdata/crds/grafana-operator/"
                                 "grafana.integreatly.org_grafanaalertrulegroups.yaml",
                  dir / "grafana.yaml"});
  EXPECT_EQ(line_codes(g), (std::vector<std::string>{"7:TL006", "30:TL007"}))
      << describe(g.findings);

  std::string proxy = read_file(source_dir() / "testdata/peers/kubeconform/httpproxy.yaml");
  proxy.replace(proxy.find("fqdn:"), 5, "fqdm:");
  write_file(dir / "httpproxy.yaml", proxy);
  const LintResult h =
      lint_files({source_dir() / "testdata/crds/contour/httpproxies.projectcontour.io.yaml",
                  dir / "httpproxy.yaml"});
  ASSERT_EQ(h.findings.size(), 1u) << describe(h.findings);
  EXPECT_NE(h.findings[0].message.find("did you mean `fqdn`?"), std::string::npos);
}

// test_crd.yaml (a SageMaker TrainingJob) has no schema in kubeconform's offline runs; its CRD
// (crd_schema.yaml, apiextensions.k8s.io/v1beta1: one schema in spec.validation) validates it.
TEST(KubeconformCrds, V1beta1CrdValidatesTestCrd) {
  const std::filesystem::path peers = source_dir() / "testdata/peers/kubeconform";
  const LintResult ok = lint_files({peers / "crd_schema.yaml", peers / "test_crd.yaml"});
  EXPECT_TRUE(ok.findings.empty()) << describe(ok.findings);
  const std::filesystem::path dir = temp_dir("crd-v1beta1");
  std::string job = read_file(peers / "test_crd.yaml");
  job.replace(job.find("trainingInputMode"), 17, "trainingInputMod");
  write_file(dir / "job.yaml", job);
  const LintResult bad = lint_files({peers / "crd_schema.yaml", dir / "job.yaml"});
  EXPECT_EQ(line_codes(bad), std::vector<std::string>{"25:TL006"}) << describe(bad.findings);
}

// --- --schema-dir and schemaDirs: ----------------------------------------------------------

TEST(CrdSchemaDirs, CliAndConfigLoadCrdsRecursively) {
  const std::filesystem::path dir = temp_dir("crd-dirs");
  std::filesystem::create_directories(dir / "crds/nested");
  write_file(dir / "crds/nested/widget.yml", kWidgetV1);
  write_file(dir / "crds/not-a-crd.json", R"({"apiVersion": "v1", "kind": "ConfigMap"})");
  write_file(
      dir / "cr.yaml",
      "apiVersion: example.com/v1\nkind: Widget\nmetadata: { name: w }\nspec: { sise: 3 }\n");
  const CommandResult none = run_titanlint("lint --format gcc --select TL006 cr.yaml", dir);
  EXPECT_EQ(none.exit_code, 0) << none.out << none.err;
  const CommandResult cli =
      run_titanlint("lint --format gcc --select TL006 --schema-dir crds cr.yaml", dir);
  EXPECT_EQ(cli.exit_code, 1) << cli.out << cli.err;
  EXPECT_NE(cli.out.find("cr.yaml:4:9: error: unknown field `sise`"), std::string::npos) << cli.out;
  write_file(dir / "cfg/.titanlint.yaml", "schemaDirs: [../crds]\n");
  const CommandResult config =
      run_titanlint("lint --format gcc --select TL006 --config cfg/.titanlint.yaml cr.yaml", dir);
  EXPECT_EQ(config.exit_code, 1) << config.out << config.err;
  const CommandResult dump = run_titanlint("lint --dump-config --config cfg/.titanlint.yaml", dir);
  EXPECT_NE(dump.out.find("schemaDirs: ['crds']"), std::string::npos) << dump.out;
}

TEST(CrdSchemaDirs, ABrokenFileIsAPositionedErrorAndTheRunGoesOn) {
  const std::filesystem::path dir = temp_dir("crd-dirs-broken");
  std::filesystem::create_directories(dir / "crds");
  write_file(dir / "crds/widget.yaml", kWidgetV1);
  write_file(dir / "crds/broken.yaml", "apiVersion: v1\nkind: [unclosed\n");
  write_file(
      dir / "cr.yaml",
      "apiVersion: example.com/v1\nkind: Widget\nmetadata: { name: w }\nspec: { sise: 3 }\n");
  const CommandResult r =
      run_titanlint("lint --format gcc --select TL006 --schema-dir crds cr.yaml", dir);
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_NE(r.err.find("crds/broken.yaml:3:1: "), std::string::npos) << r.err;
  EXPECT_NE(r.out.find("unknown field `sise`"), std::string::npos) << r.out;  // still linted
  const CommandResult missing =
      run_titanlint("lint --format gcc --select TL006 --schema-dir nowhere cr.yaml", dir);
  EXPECT_EQ(missing.exit_code, 2) << missing.err;
  EXPECT_NE(missing.err.find("nowhere"), std::string::npos) << missing.err;
}

// --- Hostile CRDs: bounded ------------------------------------------------------------------

std::string crd_with_schema(const std::string& schema) {
  return crd(
      "    - name: v1\n      served: true\n      storage: true\n      schema:\n"
      "        openAPIV3Schema: " +
      schema + "\n");
}

TEST(CrdSchemaBounds, DeepNestingIsCutAtTheDepthBound) {
  // 100 nested objects (200 YAML levels, under the loader's maxDepth of 256): past
  // kMaxCrdSchemaDepth the schema judges nothing.
  std::string schema;
  for (int i = 0; i < 100; ++i) schema += "{type: object, properties: {a: ";
  schema += "{type: integer}";
  for (int i = 0; i < 100; ++i) schema += "}}";
  const std::string text = crd_with_schema(schema) +
                           "---\napiVersion: example.com/v1\nkind: Widget\nmetadata: { name: w }\n"
                           "a: {b: 1}\n";
  const auto start = std::chrono::steady_clock::now();
  schema::CrdCatalog catalog;
  const LoadedFile file = load_text("deep.yaml", text, LoadLimits{});
  ASSERT_TRUE(file.diagnostics.empty()) << file.diagnostics.front().message;
  ASSERT_TRUE(catalog.add(*file.documents.front().root));
  const schema::TypeNode* root = catalog.find("example.com", "v1", "Widget");
  ASSERT_NE(root, nullptr);
  std::size_t depth = 0;
  for (const schema::TypeNode* t = root; t && t->type == schema::Type::Object; t = t->property("a"))
    ++depth;
  EXPECT_LE(depth, schema::kMaxCrdSchemaDepth + 1);
  EXPECT_GE(depth, schema::kMaxCrdSchemaDepth / 2);
  // A shallow object is still judged: `b` is unknown at the second level.
  const LintResult result = lint_schema(text);
  EXPECT_EQ(line_codes(result), std::vector<std::string>{"18:TL006"}) << describe(result.findings);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
}

TEST(CrdSchemaBounds, HugeEnumsAndPropertyListsAndAliasBombsAreBounded) {
  // An enum over the bound is not judged; one under it is.
  std::string big_enum = "[";
  for (std::size_t i = 0; i <= schema::kMaxCrdEnumValues; ++i)
    big_enum += fmt::format("{}v{}", i ? ", " : "", i);
  big_enum += "]";
  const std::string enums =
      crd_with_schema("{type: object, properties: {big: {type: string, enum: " + big_enum +
                      "}, small: {type: string, enum: [a, b]}}}");
  const LintResult e =
      lint_schema(enums +
                  "---\napiVersion: example.com/v1\nkind: Widget\nmetadata: { name: w }\n"
                  "big: nope\nsmall: c\n");
  EXPECT_EQ(line_codes(e), std::vector<std::string>{"19:TL010"}) << describe(e.findings);

  // 20,000 properties: over kMaxCrdProperties the keys are not judged (no 20,000-way "did you
  // mean" per unknown key); the known ones still are.
  std::string props = "{type: object, properties: {";
  for (int i = 0; i < 20'000; ++i) props += fmt::format("p{}: {{type: integer}}, ", i);
  props += "}}";
  const LintResult p =
      lint_schema(crd_with_schema(props) +
                  "---\napiVersion: example.com/v1\nkind: Widget\nmetadata: { name: w }\n"
                  "p7: \"x\"\nunknown: 1\n");
  EXPECT_EQ(line_codes(p), std::vector<std::string>{"18:TL007"}) << describe(p.findings);

  // An alias bomb: 5 levels of 10 references to the level below (10^5 = 100,000 paths, under
  // the loader's maxAliasExpansion) compile to at most kMaxCrdSchemaNodes nodes.
  std::string bomb = "crd: &l0 {type: string}\n";
  for (int level = 1; level <= 5; ++level) {
    bomb += fmt::format("l{}: &l{} {{type: object, properties: {{", level, level);
    for (int i = 0; i < 10; ++i) bomb += fmt::format("{}f{}: *l{}", i ? ", " : "", i, level - 1);
    bomb += "}}\n";
  }
  const std::string text =
      "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\n"
      "metadata: { name: widgets.example.com }\n" +
      bomb +
      "spec:\n  group: example.com\n  names: { kind: Widget, plural: widgets }\n"
      "  versions: [{name: v1, served: true, storage: true, schema: {openAPIV3Schema: *l5}}]\n";
  const auto start = std::chrono::steady_clock::now();
  const LoadedFile file = load_text("bomb.yaml", text, LoadLimits{});
  ASSERT_FALSE(file.documents.empty());
  schema::CrdCatalog catalog;
  ASSERT_TRUE(catalog.add(*file.documents.front().root));
  ASSERT_NE(catalog.find("example.com", "v1", "Widget"), nullptr);
  EXPECT_GE(catalog.type_count(), schema::kMaxCrdSchemaNodes);  // the bound, not the bomb, ends it
  EXPECT_LE(catalog.type_count(), schema::kMaxCrdSchemaNodes + 8);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10));
}

TEST(CrdSchemaBounds, RefIsNotFollowed) {
  // CRDs do not allow $ref; a schema that uses one (even in a cycle) judges nothing there.
  const std::string text =
      crd_with_schema("{type: object, properties: {a: {$ref: '#/definitions/a'}}}") +
      "---\napiVersion: example.com/v1\nkind: Widget\nmetadata: { name: w }\na: {x: 1}\n";
  EXPECT_TRUE(lint_schema(text).findings.empty()) << describe(lint_schema(text).findings);
}

}  // namespace
}  // namespace titanlint::testing
