// Label selectors: parsing, validation (as metav1 ValidateLabelSelector) and matching (as
// labels.Selector).
#include "label_selector.h"

#include <gtest/gtest.h>

#include "inputs.h"

namespace titanlint {
namespace {

// Keeps the loaded YAML alive for the nodes the tests look at.
class Doc {
 public:
  explicit Doc(const std::string& yaml) : file_(load_text("s.yaml", yaml, LoadLimits{})) {
    EXPECT_TRUE(file_.diagnostics.empty()) << yaml;
    EXPECT_EQ(file_.documents.size(), 1u) << yaml;
  }
  const Node* root() const { return file_.documents.empty() ? nullptr : file_.documents[0].root; }
  const Node* get(std::string_view key) const { return root() ? root()->get(key) : nullptr; }

 private:
  LoadedFile file_;
};

LabelMap labels(std::initializer_list<std::pair<const std::string, std::string>> l) {
  return LabelMap(l);
}

TEST(LabelSelector, AbsentOrNullSelectsNothing) {
  LabelSelector absent = LabelSelector::parse(nullptr);
  EXPECT_EQ(absent.state(), LabelSelector::State::Nothing);
  EXPECT_TRUE(absent.selects_nothing());
  EXPECT_TRUE(absent.valid());
  EXPECT_FALSE(absent.matches(LabelMap{}));
  EXPECT_FALSE(absent.matches(labels({{"app", "api"}})));

  Doc doc("s: ~\n");
  LabelSelector null = LabelSelector::parse(doc.get("s"));
  EXPECT_EQ(null.state(), LabelSelector::State::Nothing);
  EXPECT_FALSE(null.matches(labels({{"app", "api"}})));
}

TEST(LabelSelector, EmptySelectsEverything) {
  for (const char* yaml : {"s: {}\n", "s: {matchLabels: {}}\n", "s: {matchExpressions: []}\n",
                           "s: {matchLabels: ~, matchExpressions: ~}\n"}) {
    Doc doc(yaml);
    LabelSelector s = LabelSelector::parse(doc.get("s"));
    EXPECT_EQ(s.state(), LabelSelector::State::Everything) << yaml;
    EXPECT_TRUE(s.selects_everything()) << yaml;
    EXPECT_TRUE(s.matches(LabelMap{})) << yaml;
    EXPECT_TRUE(s.matches(labels({{"app", "api"}}))) << yaml;
  }
}

TEST(LabelSelector, MatchLabels) {
  Doc doc("s:\n  matchLabels:\n    app: api\n    tier: backend\n");
  LabelSelector s = LabelSelector::parse(doc.get("s"));
  ASSERT_TRUE(s.valid());
  EXPECT_EQ(s.state(), LabelSelector::State::Requirements);
  EXPECT_TRUE(s.matches(labels({{"app", "api"}, {"tier", "backend"}, {"extra", "x"}})));
  EXPECT_FALSE(s.matches(labels({{"app", "api"}})));
  EXPECT_FALSE(s.matches(labels({{"app", "web"}, {"tier", "backend"}})));
  EXPECT_FALSE(s.matches(LabelMap{}));
  EXPECT_EQ(s.to_string(), "app=api,tier=backend");
}

TEST(LabelSelector, MatchExpressions) {
  Doc doc(
      "s:\n"
      "  matchLabels: { app: api }\n"
      "  matchExpressions:\n"
      "    - { key: tier, operator: In, values: [web, backend] }\n"
      "    - { key: env, operator: NotIn, values: [dev] }\n"
      "    - { key: ready, operator: Exists }\n"
      "    - { key: legacy, operator: DoesNotExist }\n");
  LabelSelector s = LabelSelector::parse(doc.get("s"));
  ASSERT_TRUE(s.valid()) << s.errors()[0].message;
  EXPECT_TRUE(s.matches(labels({{"app", "api"}, {"tier", "web"}, {"ready", ""}})));
  EXPECT_TRUE(
      s.matches(labels({{"app", "api"}, {"tier", "backend"}, {"ready", "y"}, {"env", "prod"}})));
  EXPECT_FALSE(s.matches(labels({{"app", "api"}, {"tier", "db"}, {"ready", ""}})));
  EXPECT_FALSE(s.matches(labels({{"app", "api"}, {"tier", "web"}})));  // no ready
  EXPECT_FALSE(s.matches(labels({{"app", "api"}, {"tier", "web"}, {"ready", ""}, {"env", "dev"}})));
  EXPECT_FALSE(
      s.matches(labels({{"app", "api"}, {"tier", "web"}, {"ready", ""}, {"legacy", "true"}})));
  EXPECT_EQ(s.to_string(), "app=api,env notin (dev),!legacy,ready,tier in (backend,web)");
}

TEST(LabelSelector, NotInMatchesAnAbsentKey) {
  Doc doc("s: { matchExpressions: [ { key: env, operator: NotIn, values: [dev] } ] }\n");
  LabelSelector s = LabelSelector::parse(doc.get("s"));
  ASSERT_TRUE(s.valid());
  EXPECT_TRUE(s.matches(LabelMap{}));
  EXPECT_FALSE(s.matches(labels({{"env", "dev"}})));
}

TEST(LabelSelector, MatchesAgainstANodeLabelMap) {
  Doc doc(
      "s: { matchLabels: { app: api, empty: '' } }\n"
      "labels:\n  app: api\n  empty: ~\n  other: x\n");
  LabelSelector s = LabelSelector::parse(doc.get("s"));
  ASSERT_TRUE(s.valid());
  EXPECT_TRUE(s.matches(doc.get("labels")));  // null is the empty string
  EXPECT_FALSE(s.matches(doc.get("missing")));
}

struct Invalid {
  std::string yaml;
  std::uint32_t line;    // where the error must point
  std::string fragment;  // part of the message
};

TEST(LabelSelector, ValidationErrorsPointAtTheOffendingNode) {
  const std::vector<Invalid> cases = {
      {"s:\n  matchExpressions:\n    - key: tier\n      operator: in\n      values: [a]\n", 4,
       "not a valid selector operator"},
      {"s:\n  matchExpressions:\n    - key: tier\n      operator: Equals\n      values: [a]\n", 4,
       "\"Equals\""},
      {"s:\n  matchExpressions:\n    - key: tier\n      operator: In\n", 4,
       "needs at least one value"},
      {"s:\n  matchExpressions:\n    - key: tier\n      operator: NotIn\n      values: []\n", 5,
       "needs at least one value"},
      {"s:\n  matchExpressions:\n    - key: tier\n      operator: Exists\n      values: [a]\n", 5,
       "must not have values"},
      {"s:\n  matchExpressions:\n    - key: tier\n      values: [a]\n", 3, "no operator"},
      {"s:\n  matchExpressions:\n    - operator: Exists\n", 3, "has no key"},
      {"s:\n  matchExpressions:\n    - key: 'foo bar'\n      operator: Exists\n", 3,
       "not a valid label key"},
      {"s:\n  matchLabels:\n    version: 1\n", 3, "quote it"},
      {"s:\n  matchLabels:\n    enabled: true\n", 3, "a boolean"},
      {"s:\n  matchLabels:\n    app: 'has space'\n", 3, "not a valid label value"},
      {"s:\n  matchLabels:\n    app: " + std::string(64, 'a') + "\n", 3, "at most 63"},
      {"s:\n  matchLabels:\n    Example.com/app: x\n", 3, "prefix"},
      {"s:\n  matchLabels:\n    a/b/c: x\n", 3, "at most one '/'"},
      {"s:\n  matchLabels:\n    " + std::string(64, 'k') + ": x\n", 3, "63"},
      {"s:\n  matchLabels: [app]\n", 2, "not a mapping"},
      {"s:\n  matchExpressions: { key: a }\n", 2, "not a list"},
      {"s:\n  matchExpressions:\n    - tier\n", 3, "not a mapping"},
      {"s:\n  matchExpressions:\n    - key: tier\n      operator: In\n      values: a\n", 5,
       "not a list"},
      {"s:\n  app: api\n", 2, "labels go under matchLabels"},
      {"s: app=api\n", 1, "not a mapping"},
      // YAML 1.1: a plain `y` is the boolean true, as go-yaml v2 (sigs.k8s.io/yaml) reads it.
      {"s:\n  matchExpressions:\n    - key: y\n      operator: Exists\n", 3, "a boolean"},
  };
  for (const Invalid& c : cases) {
    Doc doc(c.yaml);
    LabelSelector s = LabelSelector::parse(doc.get("s"));
    ASSERT_EQ(s.errors().size(), 1u) << c.yaml;
    EXPECT_EQ(s.errors()[0].node->line, c.line) << c.yaml << s.errors()[0].message;
    EXPECT_NE(s.errors()[0].message.find(c.fragment), std::string::npos)
        << c.yaml << s.errors()[0].message;
    EXPECT_FALSE(s.valid());
    EXPECT_TRUE(s.selects_nothing()) << c.yaml;
    EXPECT_FALSE(s.matches(labels({{"app", "api"}, {"tier", "a"}}))) << c.yaml;
  }
}

TEST(LabelSelector, ValidKeysAndValues) {
  Doc doc(
      "s:\n"
      "  matchLabels:\n"
      "    app.kubernetes.io/name: api\n"
      "    example.com/x_y.z-1: A-b_c.9\n"
      "    empty: ''\n"
      "    nulled: ~\n"
      "  matchExpressions:\n"
      "    - { key: tier, operator: In, values: ['', web, ~] }\n"
      "    - { key: x, operator: Exists, values: [] }\n"
      "    - { key: z, operator: DoesNotExist, values: ~ }\n");
  LabelSelector s = LabelSelector::parse(doc.get("s"));
  for (const SelectorError& e : s.errors()) ADD_FAILURE() << e.message;
  EXPECT_TRUE(s.matches(labels({{"app.kubernetes.io/name", "api"},
                                {"example.com/x_y.z-1", "A-b_c.9"},
                                {"empty", ""},
                                {"nulled", ""},
                                {"tier", ""},
                                {"x", "1"}})));
}

TEST(LabelSelector, LabelKeyAndValueRules) {
  EXPECT_EQ(label_key_error("app"), "");
  EXPECT_EQ(label_key_error("a"), "");
  EXPECT_EQ(label_key_error("app.kubernetes.io/name"), "");
  EXPECT_EQ(label_key_error("A.b_c-9"), "");
  EXPECT_NE(label_key_error(""), "");
  EXPECT_NE(label_key_error("/app"), "");
  EXPECT_NE(label_key_error("example.com/"), "");
  EXPECT_NE(label_key_error("-app"), "");
  EXPECT_NE(label_key_error("app-"), "");
  EXPECT_NE(label_key_error("ex_ample.com/app"), "");
  EXPECT_NE(label_key_error("example..com/app"), "");
  EXPECT_EQ(label_key_error(std::string(63, 'a')), "");
  EXPECT_NE(label_key_error(std::string(64, 'a')), "");
  EXPECT_EQ(label_key_error(std::string(253, 'a') + "/x"), "");
  EXPECT_NE(label_key_error(std::string(254, 'a') + "/x"), "");
  EXPECT_EQ(label_value_error(""), "");
  EXPECT_EQ(label_value_error("v1.4.2"), "");
  EXPECT_NE(label_value_error("v1 "), "");
  EXPECT_NE(label_value_error("_x"), "");
  EXPECT_NE(label_value_error("a/b"), "");
  EXPECT_EQ(label_value_error(std::string(63, 'a')), "");
  EXPECT_NE(label_value_error(std::string(64, 'a')), "");
}

TEST(LabelSelector, SeveralErrorsAreAllReported) {
  Doc doc(
      "s:\n"
      "  matchExpressions:\n"
      "    - { key: a, operator: in, values: [x] }\n"
      "    - { key: b, operator: In }\n");
  LabelSelector s = LabelSelector::parse(doc.get("s"));
  ASSERT_EQ(s.errors().size(), 2u);
  EXPECT_EQ(s.errors()[0].node->line, 3u);
  EXPECT_EQ(s.errors()[1].node->line, 4u);
}

TEST(LabelSelector, MapSelectors) {
  Doc doc("a: { app: api }\nb: {}\nc: ~\nd: [x]\ne: { app: 1 }\n");
  LabelSelector a = LabelSelector::from_map(doc.get("a"));
  EXPECT_TRUE(a.valid());
  EXPECT_TRUE(a.matches(labels({{"app", "api"}, {"x", "y"}})));
  EXPECT_FALSE(a.matches(labels({{"app", "web"}})));
  EXPECT_EQ(a.to_string(), "app=api");

  LabelSelector b = LabelSelector::from_map(doc.get("b"));
  EXPECT_EQ(b.state(), LabelSelector::State::Everything);
  EXPECT_TRUE(b.matches(LabelMap{}));

  EXPECT_EQ(LabelSelector::from_map(doc.get("c")).state(), LabelSelector::State::Nothing);
  EXPECT_EQ(LabelSelector::from_map(nullptr).state(), LabelSelector::State::Nothing);

  LabelSelector d = LabelSelector::from_map(doc.get("d"));
  EXPECT_FALSE(d.valid());
  EXPECT_TRUE(d.selects_nothing());

  LabelSelector e = LabelSelector::from_map(doc.get("e"));
  ASSERT_EQ(e.errors().size(), 1u);
  EXPECT_EQ(e.errors()[0].node->line, 5u);
}

TEST(LabelSelector, DuplicateKeysKeepTheLast) {
  LoadedFile file = load_text("d.yaml", "s: { matchLabels: { app: a, app: b } }\n", LoadLimits{});
  ASSERT_EQ(file.documents.size(), 1u);
  LabelSelector s = LabelSelector::parse(file.documents[0].root->get("s"));
  ASSERT_TRUE(s.valid());
  EXPECT_TRUE(s.matches(labels({{"app", "b"}})));
  EXPECT_FALSE(s.matches(labels({{"app", "a"}})));
}

}  // namespace
// Matching against the labels node directly must agree with matching against label_map().
TEST(LabelSelector, MatchingTheNodeAgreesWithMatchingTheMap) {
  Doc d(
      "sel1: {matchLabels: {app: api}}\n"
      "sel2: {matchExpressions: [{key: tier, operator: NotIn, values: [db]}, {key: app, operator: "
      "Exists}]}\n"
      "sel3: {matchExpressions: [{key: legacy, operator: DoesNotExist}, {key: app, operator: In, "
      "values: [api, web]}]}\n"
      "sel4: {matchLabels: {empty: ''}}\n"
      "l1: {app: api, tier: web}\n"
      "l2: {app: web, tier: db}\n"
      "l3: {app: web, legacy: 'y'}\n"
      "l4: {empty: ~, app: {nested: x}}\n"
      "l5: {}\n");
  for (const char* s : {"sel1", "sel2", "sel3", "sel4"}) {
    LabelSelector selector = LabelSelector::parse(d.get(s));
    for (const char* l : {"l1", "l2", "l3", "l4", "l5", "missing"}) {
      EXPECT_EQ(selector.matches(d.get(l)), selector.matches(label_map(d.get(l)))) << s << " " << l;
    }
  }
  EXPECT_TRUE(LabelSelector::parse(d.get("sel4")).matches(d.get("l4")));   // null is ""
  EXPECT_FALSE(LabelSelector::parse(d.get("sel3")).matches(d.get("l3")));  // legacy exists
}

}  // namespace titanlint
