// The compiled Kubernetes schema (src/schema/), its enum table against the shipped document, the
// reader's errors, and the peer conformance with kubeconform -strict on kubeconform's own fixtures
// (testdata/peers/kubeconform/, see NOTICE.md).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <chrono>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "builtin_rules.h"
#include "config.h"
#include "registry.h"
#include "schema/enums.h"
#include "schema/schema.h"
#include "tests_support.h"

namespace titanlint::testing {
namespace {

using schema::Schema;
using schema::Type;

TEST(SchemaModel, BuiltinKnowsTheBuiltInKinds) {
  const Schema& s = Schema::builtin();
  EXPECT_GT(s.kind_count(), 300u);
  const schema::TypeNode* pod = s.find("", "v1", "Pod");
  ASSERT_NE(pod, nullptr);
  const schema::TypeNode* spec = pod->property("spec");
  ASSERT_NE(spec, nullptr);
  const schema::TypeNode* containers = spec->property("containers");
  ASSERT_NE(containers, nullptr);
  ASSERT_EQ(containers->type, Type::Array);
  EXPECT_EQ(containers->merge_keys, std::vector<std::string>{"name"});
  const schema::TypeNode* container = containers->items;
  EXPECT_EQ(container->name, "Container");
  EXPECT_EQ(container->required, (std::vector<std::string>{"name", "image"}));
  const schema::TypeNode* ports = container->property("ports");
  EXPECT_EQ(ports->merge_keys, (std::vector<std::string>{"containerPort", "protocol"}));
  EXPECT_TRUE(ports->items->property("containerPort")->int32);
  EXPECT_EQ(ports->items->property("protocol")->enum_values,
            (std::vector<std::string>{"SCTP", "TCP", "UDP"}));
  EXPECT_EQ(container->property("resources")->property("limits")->additional->type, Type::Quantity);
  const schema::TypeNode* probe = container->property("livenessProbe");
  EXPECT_EQ(probe->property("httpGet")->property("port")->type, Type::IntOrString);
  // labels are a free map of strings: keys never judged.
  const schema::TypeNode* labels = pod->property("metadata")->property("labels");
  ASSERT_NE(labels->additional, nullptr);
  EXPECT_EQ(labels->additional->type, Type::String);

  // The build-time reduction drops the `description` keyword, not properties of that name.
  const schema::TypeNode* crd = s.find("apiextensions.k8s.io", "v1", "CustomResourceDefinition");
  ASSERT_NE(crd, nullptr);
  const schema::TypeNode* props = crd->property("spec")
                                      ->property("versions")
                                      ->items->property("schema")
                                      ->property("openAPIV3Schema");
  ASSERT_NE(props, nullptr);
  EXPECT_NE(props->property("description"), nullptr);

  EXPECT_NE(s.find("apps", "v1", "Deployment"), nullptr);
  EXPECT_EQ(s.find("apps", "v1beta1", "Deployment"), nullptr);
  EXPECT_TRUE(s.knows_group(""));
  EXPECT_TRUE(s.knows_group("networking.k8s.io"));
  EXPECT_FALSE(s.knows_group("monitoring.coreos.com"));
  // admission.k8s.io appears only in DeleteOptions' list of kinds: no built-in kind of its own.
  EXPECT_FALSE(s.knows_group("admission.k8s.io"));
  EXPECT_EQ(s.versions_of("autoscaling", "HorizontalPodAutoscaler"),
            (std::vector<std::string>{"v1", "v2"}));
}

// The table's values come from k8s.io/api; each entry must name a string property (or a list of
// strings) of the shipped document whose description mentions every value, so a typo in the
// table, or a field renamed upstream, fails here.
TEST(SchemaModel, EnumTableMatchesTheDocument) {
  const nlohmann::json doc =
      nlohmann::json::parse(read_file(source_dir() / "schemas/kubernetes-1.36-swagger.json"));
  const nlohmann::json& definitions = doc.at("definitions");
  for (const schema::EnumEntry& e : schema::enum_table()) {
    SCOPED_TRACE(std::string(e.definition) + "." + std::string(e.property));
    ASSERT_TRUE(definitions.contains(std::string(e.definition)));
    const nlohmann::json& props = definitions.at(std::string(e.definition)).at("properties");
    ASSERT_TRUE(props.contains(std::string(e.property)));
    const nlohmann::json& p = props.at(std::string(e.property));
    const nlohmann::json& value_schema = p.value("type", "") == "array" ? p.at("items") : p;
    EXPECT_EQ(value_schema.value("type", ""), "string");
    // Fields whose description does not list the values (they come from the `+enum` types of
    // k8s.io/api core/v1 and apps/v1 types.go): only the property and its type are checked.
    static const std::set<std::string> kNotInProse = {
        "io.k8s.api.apps.v1.StatefulSetUpdateStrategy.type",
        "io.k8s.api.core.v1.HTTPGetAction.scheme",
        "io.k8s.api.core.v1.PersistentVolumeClaimSpec.accessModes",
        "io.k8s.api.core.v1.PersistentVolumeClaimSpec.volumeMode"};
    if (kNotInProse.contains(std::string(e.definition) + "." + std::string(e.property))) continue;
    const std::string description = p.value("description", "");
    std::string_view values = e.values;
    while (!values.empty()) {
      const std::size_t space = values.find(' ');
      const std::string value(values.substr(0, space));
      EXPECT_NE(description.find(value), std::string::npos) << value;
      values = space == std::string_view::npos ? std::string_view{} : values.substr(space + 1);
    }
  }
}

TEST(SchemaModel, EditDistanceAndSuggestions) {
  EXPECT_EQ(schema::edit_distance("livenesProbe", "livenessProbe"), 1u);
  EXPECT_EQ(schema::edit_distance("nmae", "name"), 1u);  // a transposition
  EXPECT_EQ(schema::edit_distance("", "abc"), 3u);
  const std::vector<std::string_view> names = {"livenessProbe", "readinessProbe", "name", "image"};
  EXPECT_EQ(schema::closest("livenesProbe", names), "livenessProbe");
  EXPECT_EQ(schema::closest("readinessprobe", names), "readinessProbe");
  EXPECT_EQ(schema::closest("imgae", names), "image");
  EXPECT_EQ(schema::closest("colour", names), "");
  EXPECT_EQ(schema::closest("nm", names), "");  // 2 edits in 4 letters: not a likely typo
}

// A schema document that does not parse, or lacks definitions, is an error naming the problem;
// hostile shapes (a reference cycle, a huge enum-less object) compile in bounded time.
TEST(SchemaModel, BadDocuments) {
  EXPECT_THROW(Schema::compile_swagger("{"), std::runtime_error);
  EXPECT_THROW(Schema::compile_swagger("[]"), std::runtime_error);
  EXPECT_THROW(Schema::compile_swagger(R"({"definitions": 3})"), std::runtime_error);
  const Schema cycle = Schema::compile_swagger(R"({"definitions": {
      "a.A": {"type": "object", "properties": {"self": {"$ref": "#/definitions/a.A"},
                                                "gone": {"$ref": "#/definitions/nowhere"}},
              "x-kubernetes-group-version-kind": [{"group": "a", "version": "v1", "kind": "A"}]}}})");
  const schema::TypeNode* a = cycle.find("a", "v1", "A");
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->property("self"), a);
  EXPECT_EQ(a->property("gone")->type, Type::Any);
}

// Hostile objects: 20,000 unknown keys, and a deep nesting of a recursive type, validate in
// bounded time; the findings stop at limits.maxFindingsPerFile.
TEST(SchemaModel, HostileObjectsAreBounded) {
  std::string yaml = "apiVersion: v1\nkind: Pod\nmetadata: { name: big }\nspec:\n";
  for (int i = 0; i < 20000; ++i) yaml += "  containerz" + std::to_string(i) + ": 1\n";
  LintOptions options;
  options.select = {"TL006", "TL007", "TL008"};
  const auto start = std::chrono::steady_clock::now();
  const LintResult result = lint_text(yaml, options);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_LT(seconds, kSanitized ? 60.0 : 10.0);
  EXPECT_GT(result.findings.size(), 0u);
  EXPECT_LE(result.findings.size(), 1001u);

  std::string deep =
      "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\n"
      "metadata: { name: deep }\nspec:\n  versions:\n    - name: v1\n"
      "      schema:\n        openAPIV3Schema:\n";
  std::string indent = "          ";
  for (int i = 0; i < 60; ++i) {
    deep += indent + "properties:\n" + indent + "  a:\n";
    indent += "    ";
  }
  deep += indent + "type: object\n";
  const LintResult nested = lint_text(deep, options);
  for (const Finding& f : nested.findings)
    EXPECT_TRUE(f.code == "TL008") << describe(nested.findings);  // group, names, scope missing
}

// --- Peer conformance: kubeconform -strict on its own fixtures ---------------------------------
//
// Every kubeconform fixture of a built-in kind, with the verdict kubeconform's acceptance.bats
// expects with -strict (unknown fields and duplicate keys invalid). titanlint's verdict is whether
// the document and schema rules (TL001-TL003, TL006-TL008, TL010-TL012) report anything. Where the
// two differ the row says why.
struct PeerRow {
  const char* file;
  bool kubeconform_invalid;
  bool titanlint_invalid;  // what titanlint must say (equal to the peer's unless `why`)
  const char* why = "";
};

const std::vector<PeerRow>& kubeconform_rows() {
  static const std::vector<PeerRow> rows = {
      {"valid.yaml", false, false},
      {"valid.json", false, false},
      {"folder/valid.yaml", false, false},
      {"folder/multi_valid.yaml", false, false},
      {"int_or_string.yaml", false, false},
      {"generate_name.yaml", false, false},
      {"quantity.yaml", false, false},
      {"null_string.yaml", false, false},
      {"multi_valid.yaml", false, false},
      {"multi_invalid.yaml", true, true},
      {"invalid.yaml", true, true},
      {"blank.yaml", false, false},
      {"comment.yaml", false, false},
      {"missing_kind.yaml", true, true},
      {"missing_apiversion.yaml", true, true},
      {"missing_kind_value.yaml", true, true},
      {"extra_property.yaml", true, true},
      {"duplicate_property.yaml", true, true},
      {"list_valid.yaml", false, false},
      {"list_invalid.yaml", true, true},
      {"list_empty_valid.yaml", false, false},
      {"multi_with_list.yaml", false, false},
      {"test_crd.yaml", true, false,
       "a custom resource without a schema: kubeconform fails for want of one (its "
       "-ignore-missing-schemas run passes); titanlint skips kinds of groups it has no schema "
       "for, unless their CRD is linted with them"},
  };
  return rows;
}

bool titanlint_invalid(const std::string& file, std::string& findings) {
  LintOptions options;
  options.select = {"TL001", "TL002", "TL003", "TL006", "TL007",
                    "TL008", "TL010", "TL011", "TL012"};
  const std::string text = read_file(source_dir() / "testdata/peers/kubeconform" / file);
  const LintResult result = lint_text(text, options, Config{}, file);
  findings = describe(result.findings);
  return !result.findings.empty();
}

TEST(KubeconformConformance, SameVerdictOrAReason) {
  std::size_t same = 0;
  for (const PeerRow& row : kubeconform_rows()) {
    SCOPED_TRACE(row.file);
    std::string findings;
    const bool ours = titanlint_invalid(row.file, findings);
    EXPECT_EQ(ours, row.titanlint_invalid) << findings;
    if (row.kubeconform_invalid == row.titanlint_invalid)
      EXPECT_STREQ(row.why, "") << "a row that agrees needs no reason";
    else
      EXPECT_STRNE(row.why, "") << "a disagreement needs its reason";
    if (ours == row.kubeconform_invalid) ++same;
  }
  std::cout << "kubeconform -strict conformance: " << same << " of " << kubeconform_rows().size()
            << " fixtures get kubeconform's verdict\n";
}

// The strict findings are the ones kubeconform -strict reports: the unknown field and the
// duplicate key, at their lines.
TEST(KubeconformConformance, StrictFindingsPointAtTheField) {
  LintOptions options;
  options.select = {"TL003", "TL006"};
  const LintResult extra = lint_text(
      read_file(source_dir() / "testdata/peers/kubeconform/extra_property.yaml"), options);
  ASSERT_EQ(extra.findings.size(), 1u) << describe(extra.findings);
  EXPECT_EQ(extra.findings[0].code, "TL006");
  EXPECT_EQ(extra.findings[0].position.line, 7u);  // spec.replicas: a DaemonSet has none
  const LintResult duplicate = lint_text(
      read_file(source_dir() / "testdata/peers/kubeconform/duplicate_property.yaml"), options);
  bool tl003 = false;
  for (const Finding& f : duplicate.findings) tl003 = tl003 || f.code == "TL003";
  EXPECT_TRUE(tl003) << describe(duplicate.findings);
}

// `titanlint explain` names the schema version of a schema rule; `kubernetesVersion` accepts only
// the shipped one, and says so.
TEST(SchemaCli, ExplainAndKubernetesVersion) {
  const CommandResult explain = run_titanlint("explain TL006");
  EXPECT_EQ(explain.exit_code, 0) << explain.err;
  EXPECT_NE(explain.out.find("Kubernetes 1.36 OpenAPI"), std::string::npos) << explain.out;

  const std::filesystem::path dir = temp_dir("schema-cli");
  write_file(dir / "pod.yaml",
             "apiVersion: v1\nkind: Pod\nmetadata: { name: api }\nspec:\n  containers:\n"
             "    - name: api\n      image: registry.example.com/api:v1\n      livenesProbe: {}\n");
  write_file(dir / "old.yaml", "kubernetesVersion: \"1.30\"\n");
  write_file(dir / "shipped.yaml", "kubernetesVersion: v1.36\nrules: { TL101: off }\n");
  const CommandResult old = run_titanlint("lint --config old.yaml pod.yaml", dir);
  EXPECT_EQ(old.exit_code, 2);
  EXPECT_NE(old.err.find("old.yaml:1:"), std::string::npos) << old.err;
  EXPECT_NE(old.err.find("ships the Kubernetes 1.36 schema only"), std::string::npos) << old.err;
  const CommandResult shipped =
      run_titanlint("lint --config shipped.yaml --select TL006 pod.yaml", dir);
  EXPECT_EQ(shipped.exit_code, 1) << shipped.err;
  EXPECT_NE(shipped.out.find("did you mean `livenessProbe`"), std::string::npos) << shipped.out;
}

}  // namespace
}  // namespace titanlint::testing
