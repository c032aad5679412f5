// The engine: objects from documents and Lists, selection, severities, helm source mapping.
#include <gtest/gtest.h>

#include <atomic>
#include <set>

#include <fmt/format.h>

#include "builtin_rules.h"
#include "tests_support.h"

namespace titanlint::testing {
namespace {

LintOptions selecting(std::vector<std::string> select, std::vector<std::string> ignore = {}) {
  LintOptions options;
  options.select = std::move(select);
  options.ignore = std::move(ignore);
  return options;
}

TEST(Engine, ListItemsAreLintedOneByOne) {
  LintResult r = lint_text(
      "apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: ConfigMap\n    metadata: "
      "{name: a}\n  - {name: not-an-object}\n  - apiVersion: v1\n    kind: Secret\n    metadata: "
      "{name: b}\n",
      selecting({"TL002"}));
  EXPECT_EQ(r.objects, 2u);
  EXPECT_EQ(line_codes(r), (std::vector<std::string>{"7:TL002"}));
}

TEST(Engine, SelectAndIgnoreTakePrefixesAndNames) {
  const std::string text =
      "a: [1\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: {b: '1', b: "
      "'2'}\n---\n- "
      "x\n";
  EXPECT_EQ(line_codes(lint_text(text)).size(), 3u);
  EXPECT_EQ(line_codes(lint_text(text, selecting({"TL00"}, {"duplicate-key"}))),
            (std::vector<std::string>{"2:TL001", "8:TL002"}));
  EXPECT_EQ(line_codes(lint_text(text, selecting({"TL003"}))),
            (std::vector<std::string>{"6:TL003"}));
}

TEST(Engine, ConfigSeverityAndOffApply) {
  auto source = std::make_shared<SourceFile>("c.yaml", "rules:\n  TL003: warning\n  TL002: off\n");
  Config config = parse_config(source, builtin_registry());
  LintResult r = lint_text(
      "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: {b: '1', b: '2'}\n", {}, config);
  ASSERT_EQ(r.findings.size(), 1u);
  EXPECT_EQ(r.findings[0].code, "TL003");
  EXPECT_EQ(r.findings[0].severity, Severity::Warning);
}

TEST(Engine, HelmOutputOnStdinIsReportedAgainstTheSourceFile) {
  const std::string text =
      "---\n# Source: chart/templates/a.yaml\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: "
      "x\n"
      "---\n# Source: chart/templates/b.yaml\napiVersion: v1\nmetadata: {name: y}\n";
  LintResult r = lint_text(text, selecting({"TL002"}), {}, "<stdin>");
  ASSERT_EQ(r.findings.size(), 1u);
  EXPECT_EQ(r.findings[0].file, "chart/templates/b.yaml");
  EXPECT_EQ(r.findings[0].position.line, 1u);  // the first line after `# Source:`
  EXPECT_EQ(r.findings[0].source_position.line, 9u);
  // A file that happens to contain the comments keeps its own path and lines.
  LintResult from_file = lint_text(text, selecting({"TL002"}), {}, "rendered.yaml");
  EXPECT_EQ(from_file.findings[0].file, "rendered.yaml");
  EXPECT_EQ(from_file.findings[0].position.line, 9u);
}

TEST(Engine, FindingsAreSortedByFileLineColumn) {
  LintResult r = lint_text("- a\n---\nb: 1\nb: 2\n---\nc: [\n");
  ASSERT_EQ(r.findings.size(), 4u);  // TL002, TL002 + TL003 on the second document, TL001
  for (std::size_t i = 1; i < r.findings.size(); ++i)
    EXPECT_LE(r.findings[i - 1].position.line, r.findings[i].position.line);
}

}  // namespace
}  // namespace titanlint::testing

namespace titanlint::testing {
namespace {

// A rule that reports every key of metadata.labels, counting the messages it is asked to build.
std::atomic<int> g_messages_built{0};
class EveryLabel final : public Rule {
 public:
  void check(const K8sObject& object, const LintSet&, Reporter& out) const override {
    const Node* metadata = object.root->get("metadata");
    const Node* labels = metadata ? metadata->get("labels") : nullptr;
    if (!labels || !labels->is_mapping()) return;
    for (const MapEntry& e : labels->entries())
      out.report(*e.key, [&] {
        ++g_messages_built;
        return std::string("label ") + std::string(e.key->text());
      });
  }
};

Registry with_every_label_rule() {
  Registry registry;
  register_builtin_rules(registry);
  RuleMeta meta;
  meta.code = "TX901";
  meta.name = "every-label";
  meta.summary = "test rule";
  registry.add({meta, [](const RuleOptions&) { return std::make_unique<EveryLabel>(); }});
  registry.finish();
  return registry;
}

// RuleMeta::kinds: the engine gives check() only objects of those kinds (and API groups); a
// rule without kinds sees every object.
TEST(Engine, RulesSeeOnlyTheKindsTheyDeclare) {
  Registry registry;
  register_builtin_rules(registry);
  RuleMeta meta;
  meta.summary = "test rule";
  meta.code = "TX903";
  meta.name = "labels-of-core-services";
  meta.kinds = {{"Service", ""}};
  registry.add({meta, [](const RuleOptions&) { return std::make_unique<EveryLabel>(); }});
  meta.code = "TX904";
  meta.name = "labels-of-config-maps-and-deployments";
  meta.kinds = {{"ConfigMap"}, {"Deployment", "apps"}};
  registry.add({meta, [](const RuleOptions&) { return std::make_unique<EveryLabel>(); }});
  meta.code = "TX905";
  meta.name = "labels-of-everything";
  meta.kinds = {};
  registry.add({meta, [](const RuleOptions&) { return std::make_unique<EveryLabel>(); }});
  registry.finish();

  const std::string yaml =
      "apiVersion: v1\nkind: Service\nmetadata: { name: a, labels: { l: x } }\n---\n"
      "apiVersion: serving.knative.dev/v1\nkind: Service\nmetadata: { name: b, labels: { l: x } }\n"
      "---\napiVersion: v1\nkind: ConfigMap\nmetadata: { name: c, labels: { l: x } }\n---\n"
      "apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: d, labels: { l: x } }\n---\n"
      "apiVersion: extensions/v1beta1\nkind: Deployment\nmetadata: { name: e, labels: { l: x } }\n"
      "---\napiVersion: v1\nkind: Secret\nmetadata: { name: f, labels: { l: x } }\n";
  LintOptions options;
  options.select = {"TX9"};
  Engine engine(registry, Config{}, options);
  std::vector<LoadedFile> files;
  files.push_back(load_text("kinds.yaml", yaml, LoadLimits{}));
  std::multiset<std::string> seen;
  for (const Finding& f : engine.lint(std::move(files)).findings)
    seen.insert(fmt::format("{} {}", f.code, f.object.name));
  EXPECT_EQ(seen, (std::multiset<std::string>{"TX903 a", "TX904 c", "TX904 d", "TX905 a", "TX905 b",
                                              "TX905 c", "TX905 d", "TX905 e", "TX905 f"}));
}

// The engine names the findings-per-file note after the registry's one RuleScope::Limit rule, so a
// registry without one (or with two) is a programming error caught when it is finished.
TEST(Engine, RegistryNeedsExactlyOneLimitRule) {
  RuleMeta meta;
  meta.code = "TX902";
  meta.name = "no-limit";
  meta.summary = "test rule";
  Registry without;
  without.add({meta, [](const RuleOptions&) { return std::make_unique<EveryLabel>(); }});
  EXPECT_THROW(without.finish(), std::logic_error);

  Registry with_two;
  register_builtin_rules(with_two);
  meta.scope = RuleScope::Limit;
  with_two.add({meta, [](const RuleOptions&) { return std::make_unique<EveryLabel>(); }});
  EXPECT_THROW(with_two.finish(), std::logic_error);

  EXPECT_EQ(builtin_registry().limit_rule().meta.code, "TL009");
}

// Messages are built only for findings that are printed: not past limits.maxFindingsPerFile,
// and not for suppressed findings when no format lists them.
TEST(Engine, MessagesAreBuiltOnlyForPrintedFindings) {
  const Registry registry = with_every_label_rule();
  std::string yaml = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  labels:\n";
  for (int i = 0; i < 100; ++i) yaml += "    l" + std::to_string(100 + i) + ": x\n";
  yaml += "    quiet: x  # titanlint:ignore TX901\n";
  Config config;
  config.limits.max_findings_per_file = 10;
  LintOptions options;
  options.select = {"TX901"};
  options.render_suppressed = false;

  g_messages_built = 0;
  {
    Engine engine(registry, config, options);
    std::vector<LoadedFile> files;
    files.push_back(load_text("labels.yaml", yaml, config.limits));
    LintResult r = engine.lint(std::move(files));
    ASSERT_EQ(r.findings.size(), 11u) << "10 kept and the note that counts the dropped";
    EXPECT_EQ(r.findings[0].message, "label l100");
  }
  // 10 kept; the heap may take in a few that a later, earlier-sorting finding displaces, but
  // the 90 findings past the cap in report order are refused before their message is built.
  EXPECT_LE(g_messages_built.load(), 10) << "messages built for dropped or suppressed findings";
  EXPECT_GE(g_messages_built.load(), 10);

  // Without the cap, the suppressed finding is the only one left unbuilt.
  config.limits.max_findings_per_file = 1000;
  g_messages_built = 0;
  {
    Engine engine(registry, config, options);
    std::vector<LoadedFile> files;
    files.push_back(load_text("labels.yaml", yaml, config.limits));
    LintResult r = engine.lint(std::move(files));
    EXPECT_EQ(r.count(Severity::Error), 100u);
    EXPECT_EQ(r.suppressed(), 1u);
  }
  EXPECT_EQ(g_messages_built.load(), 100);
  options.render_suppressed = true;
  g_messages_built = 0;
  {
    Engine engine(registry, config, options);
    std::vector<LoadedFile> files;
    files.push_back(load_text("labels.yaml", yaml, config.limits));
    engine.lint(std::move(files));
  }
  EXPECT_EQ(g_messages_built.load(), 101) << "json, sarif and junit list suppressed findings";
}

}  // namespace
}  // namespace titanlint::testing
