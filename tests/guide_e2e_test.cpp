// The guide example end to end through the built binary: exact findings in every format,
// pinned as golden files (set TITANLINT_UPDATE_GOLDEN=1 to rewrite them after a deliberate change).
#include <gtest/gtest.h>

#include <cstdlib>
#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "builtin_rules.h"
#include "tests_support.h"

namespace titanlint::testing {
namespace {

namespace fs = std::filesystem;

void expect_golden(const std::string& actual, const std::string& golden_name) {
  fs::path golden = source_dir() / "testdata" / "golden" / golden_name;
  if (const char* update = std::getenv("TITANLINT_UPDATE_GOLDEN"); update && *update == '1') {
    write_file(golden, actual);
    return;
  }
  ASSERT_TRUE(fs::exists(golden)) << golden << " is missing; run with TITANLINT_UPDATE_GOLDEN=1";
  EXPECT_EQ(actual, read_file(golden)) << "output differs from " << golden;
}

TEST(GuideExample, GccOutputIsPinned) {
  CommandResult r = run_titanlint("--format gcc testdata/guide/k8s/");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.err, "");
  expect_golden(r.out, "guide.gcc.txt");
}

TEST(GuideExample, TextOutputIsPinned) {
  CommandResult r = run_titanlint("testdata/guide/k8s/");
  EXPECT_EQ(r.exit_code, 1);
  expect_golden(r.out, "guide.text.txt");
}

TEST(GuideExample, JsonOutputIsPinned) {
  CommandResult r = run_titanlint("--format json testdata/guide/k8s/");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(nlohmann::json::accept(r.out));
  expect_golden(r.out, "guide.json");
}

// SARIF lists the whole rule catalogue in tool.driver.rules and each result's ruleIndex into it.
// Those are checked against the registry here, and the golden keeps only the descriptors of the
// rules the guide's results use, without ruleIndex: adding a rule does not change the golden.
TEST(GuideExample, SarifOutputIsPinned) {
  CommandResult r = run_titanlint("--format sarif testdata/guide/k8s/");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.err, "");
  ASSERT_TRUE(nlohmann::json::accept(r.out));
  nlohmann::json sarif = nlohmann::json::parse(r.out);
  nlohmann::json& run = sarif["runs"][0];
  nlohmann::json& descriptors = run["tool"]["driver"]["rules"];
  const auto& registered = builtin_registry().rules();
  ASSERT_EQ(descriptors.size(), registered.size());
  for (std::size_t i = 0; i < registered.size(); ++i) {
    EXPECT_EQ(descriptors[i]["id"], registered[i].meta.code);
    EXPECT_EQ(descriptors[i]["name"], registered[i].meta.name);
    EXPECT_EQ(descriptors[i]["shortDescription"]["text"], registered[i].meta.summary);
  }
  std::set<std::string> used;
  for (nlohmann::json& result : run["results"]) {
    const std::string id = result["ruleId"];
    ASSERT_TRUE(result.contains("ruleIndex")) << id;
    EXPECT_EQ(descriptors[result["ruleIndex"].get<std::size_t>()]["id"], id);
    result.erase("ruleIndex");
    used.insert(id);
  }
  nlohmann::json kept = nlohmann::json::array();
  for (const nlohmann::json& d : descriptors)
    if (used.count(d["id"].get<std::string>())) kept.push_back(d);
  descriptors = kept;
  expect_golden(sarif.dump(2) + "\n", "guide.sarif");
}

TEST(GuideExample, GithubOutputIsPinned) {
  CommandResult r = run_titanlint("--format github testdata/guide/k8s/");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.err, "");
  expect_golden(r.out, "guide.github.txt");
}

TEST(GuideExample, JunitOutputIsPinned) {
  CommandResult r = run_titanlint("--format junit testdata/guide/k8s/");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.err, "");
  expect_golden(r.out, "guide.junit.xml");
}

// The guide's defects, stated as the issue states them, independent of the golden files.
TEST(GuideExample, ReportsTheGuidesKnownDefectsAtExactPositions) {
  CommandResult r = run_titanlint("--format json testdata/guide/k8s/");
  auto j = nlohmann::json::parse(r.out);
  std::multiset<std::string> seen;
  for (const auto& f : j["findings"])
    seen.insert(f["file"].get<std::string>() + ":" + std::to_string(f["line"].get<int>()) + ":" +
                std::to_string(f["column"].get<int>()) + " " + f["code"].get<std::string>());
  for (const char* expected : {
           "testdata/guide/k8s/webapp/deployment.yaml:10:11 TL101",
           "testdata/guide/k8s/webapp/deployment.yaml:10:11 TL102",
           "testdata/guide/k8s/webapp/deployment.yaml:6:3 TL005",  // no selector
           "testdata/guide/k8s/daemon/statefulset.yaml:17:11 TL101",
           "testdata/guide/k8s/daemon/statefulset.yaml:17:11 TL102",
           "testdata/guide/k8s/daemon/statefulset.yaml:17:11 TL201",  // no preStop
       })
    EXPECT_EQ(seen.count(expected), 1u) << expected;
  for (const auto& f : j["findings"]) {
    const std::string file = f["file"];
    const std::string code = f["code"];
    if (file.ends_with("api/deployment.yaml")) {
      EXPECT_FALSE(code.starts_with("TL1") || code.starts_with("TL2"))
          << "the api Deployment follows the guide's probe and shutdown advice: " << f.dump();
    }
  }
}

TEST(GuideExample, AnnotationAndCommentSuppressionsWork) {
  auto dir = temp_dir("guide-suppress");
  std::string webapp = read_file(source_dir() / "testdata/guide/k8s/webapp/deployment.yaml");
  // Annotation on the pod template, a comment above the container, a whole-file comment.
  auto replace = [&](const std::string& from, const std::string& to) {
    auto at = webapp.find(from);
    ASSERT_NE(at, std::string::npos) << from;
    webapp.replace(at, from.size(), to);
  };
  replace("  template:\n    spec:\n",
          "  template:\n    metadata:\n      annotations:\n        titanlint.io/ignore: TL101\n"
          "        titanlint.io/ignore-reason: nginx is probed by the mesh\n    spec:\n");
  replace("        - name: webapp\n",
          "        # titanlint:ignore TL102 -- static files\n        - name: webapp\n");
  webapp = "# titanlint:ignore-file TL203\n" + webapp;
  write_file(dir / "webapp.yaml", webapp);
  CommandResult r = run_titanlint("--format json webapp.yaml", dir);
  auto j = nlohmann::json::parse(r.out);
  std::map<std::string, std::string> suppressed_by;
  for (const auto& f : j["findings"])
    if (f["suppressed"]) suppressed_by[f["code"]] = f["suppression"]["by"];
  EXPECT_EQ(suppressed_by["TL101"], "annotation");
  EXPECT_EQ(suppressed_by["TL102"], "comment");
  EXPECT_EQ(suppressed_by["TL203"], "file comment");
  EXPECT_EQ(j["summary"]["suppressed"], 3);
  CommandResult text = run_titanlint("--statistics webapp.yaml", dir);
  EXPECT_NE(text.out.find("3 suppressed."), std::string::npos) << text.out;
  EXPECT_EQ(text.out.find("[TL101]"), std::string::npos) << "suppressed findings are not printed";
  fs::remove_all(dir);
}

TEST(GuideExample, PartialSilencesRulesThatInferAbsence) {
  auto dir = temp_dir("guide-partial");
  write_file(
      dir / "d.yaml",
      "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: one}\nspec:\n  replicas: 1\n"
      "  selector: {matchLabels: {app: one}}\n  template:\n    metadata: {labels: {app: one}}\n"
      "    spec:\n      containers: [{name: one, image: x}]\n");
  EXPECT_NE(run_titanlint("--select TL206 --format gcc d.yaml", dir).out.find("[TL206]"),
            std::string::npos);
  EXPECT_EQ(run_titanlint("--select TL206 --format gcc --partial d.yaml", dir).out, "");
  fs::remove_all(dir);
}

}  // namespace
}  // namespace titanlint::testing
