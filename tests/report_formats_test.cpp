// The machine formats (sarif, github, junit) and multi-format output: schema validity, GitHub
// code scanning's documented ingestion rules, escaping, and where each report goes.
#include <gtest/gtest.h>

#include <map>

#include <re2/re2.h>
#include <boost/property_tree/ptree.hpp>
#include <boost/property_tree/xml_parser.hpp>
#include <nlohmann/json.hpp>
#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validator.hpp>

#include <iterator>
#include <set>
#include <sstream>

#include "builtin_rules.h"
#include "output_targets.h"
#include "report/formats.h"
#include "tests_support.h"

namespace titanlint::testing {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;

// ---------------------------------------------------------------------------------------------
// The SARIF schema.
//
// testdata/schemas/sarif-2.1.0.json (Microsoft's copy, MIT) declares JSON Schema draft 2020-12.
// valijson 1.0 (Debian 12) implements drafts 3, 4 and 7 only. The schema is read as draft-07
// after one mechanical step done here at run time, never by a hand-edited copy:
//   1. every schema object of the file is checked to use only keywords whose meaning is the
//      same in draft-07 and 2020-12 (kSameInDraft07 below); anything else (prefixItems, $defs,
//      unevaluatedProperties, $dynamicRef, dependentRequired, const, if/then/else, ...) fails
//      the test, so a schema update cannot be silently half-ignored;
//   2. every `$ref` may only have annotation siblings (description, title, default): draft-07
//      ignores a $ref's siblings while 2020-12 applies them, so for annotations it makes no
//      difference;
//   3. `$schema` is replaced by the draft-07 URI.
// What is then validated: every structural constraint of the schema: types, required
// properties, additionalProperties: false everywhere it is set, enums (levels, kinds,
// suppression kinds, ...), minimum, minItems, uniqueItems, patterns (ECMAScript regexes, as in
// JSON Schema), anyOf/oneOf, through all $refs into #/definitions.
// What is not: `format` other than date/time/date-time (valijson checks those three; `uri` and
// `uri-reference` are not checked: in 2020-12 `format` is an annotation by default anyway). The
// GitHub checks below verify our URIs themselves. Nor the SARIF spec's rules that no schema can
// express (e.g. that ruleIndex points at the rule with the same id); the GitHub checks cover the
// ones we rely on.
const std::set<std::string> kSameInDraft07 = {
    "$schema", "title",      "description", "type",   "properties", "additionalProperties",
    "items",   "required",   "enum",        "format", "pattern",    "minimum",
    "maximum", "minItems",   "uniqueItems", "anyOf",  "oneOf",      "$ref",
    "default", "definitions"};

void audit_schema_node(const Json& node, const std::string& where, std::vector<std::string>& out) {
  if (node.is_boolean()) return;
  if (!node.is_object()) {
    out.push_back(where + ": a schema must be an object or a boolean");
    return;
  }
  for (const auto& [key, value] : node.items()) {
    const std::string at = where + "/" + key;
    if (!kSameInDraft07.count(key)) out.push_back(at + ": keyword not read the same by draft-07");
    if (key == "properties" || key == "definitions") {
      for (const auto& [name, schema] : value.items())
        audit_schema_node(schema, at + "/" + name, out);
    } else if (key == "items" || key == "additionalProperties") {
      if (value.is_array())
        out.push_back(at + ": array form differs between drafts");
      else
        audit_schema_node(value, at, out);
    } else if (key == "anyOf" || key == "oneOf") {
      for (std::size_t i = 0; i < value.size(); ++i)
        audit_schema_node(value[i], at + "/" + std::to_string(i), out);
    }
  }
  if (node.contains("$ref")) {
    for (const auto& [key, value] : node.items())
      if (key != "$ref" && key != "description" && key != "title" && key != "default")
        out.push_back(where + ": $ref with a validating sibling " + key);
  }
}

const valijson::Schema& sarif_schema() {
  static const valijson::Schema* schema = [] {
    Json doc = Json::parse(read_file(source_dir() / "testdata/schemas/sarif-2.1.0.json"));
    EXPECT_EQ(doc["$schema"], "https://json-schema.org/draft/2020-12/schema");
    std::vector<std::string> problems;
    audit_schema_node(doc, "#", problems);
    for (const std::string& p : problems) ADD_FAILURE() << "sarif schema: " << p;
    doc["$schema"] = "http://json-schema.org/draft-07/schema#";
    auto* s = new valijson::Schema;
    valijson::SchemaParser parser(valijson::SchemaParser::kDraft7);
    valijson::adapters::NlohmannJsonAdapter adapter(doc);
    parser.populateSchema(adapter, *s);
    return s;
  }();
  return *schema;
}

std::vector<std::string> schema_errors(const Json& doc) {
  valijson::Validator validator;
  valijson::ValidationResults results;
  valijson::adapters::NlohmannJsonAdapter adapter(doc);
  std::vector<std::string> out;
  if (validator.validate(sarif_schema(), adapter, &results)) return out;
  valijson::ValidationResults::Error e;
  while (results.popError(e)) {
    std::string context;
    for (const std::string& c : e.context) context += c;
    out.push_back(context + ": " + e.description);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// GitHub code scanning's ingestion rules ("SARIF support for code scanning" and "SARIF results
// exceed limits" on docs.github.com), as assertions. Returns what is violated.
//   - version 2.1.0; at most 20 runs per file; the file (gzip) at most 10 MB: checked on the
//     uncompressed text, which is stricter;
//   - tool.driver.name; at most 25,000 rules per run; each rule: id, shortDescription.text,
//     fullDescription.text, help.text; at most 20 tags per rule (hard limit);
//   - at most 25,000 results per run; each result: ruleId (one of the rules), message.text,
//     locations present with 1 to 10 entries (the result table's maximum; the hard limit is
//     1,000), partialFingerprints; each location: physicalLocation.artifactLocation.uri (a
//     relative path under uriBaseId, with forward slashes) and a region with startLine,
//     startColumn, endLine and endColumn (required by GitHub, optional in SARIF).
// GitHub documents no limit on message length; we check that messages are one line without
// control characters (our own convention, what GitHub shows as the alert title).
std::vector<std::string> github_violations(const Json& doc, std::size_t text_size) {
  std::vector<std::string> out;
  auto need = [&](bool ok, const std::string& what) {
    if (!ok) out.push_back(what);
  };
  need(doc.value("version", "") == "2.1.0", "version must be 2.1.0");
  need(text_size <= 10u * 1024 * 1024, "file over 10 MB");
  need(doc.contains("runs") && doc["runs"].is_array() && doc["runs"].size() <= 20, "runs: 1-20");
  for (const Json& run : doc["runs"]) {
    const Json& driver = run["tool"]["driver"];
    need(!driver.value("name", "").empty(), "tool.driver.name");
    const Json rules = driver.value("rules", Json::array());
    need(rules.size() <= 25000, "more than 25,000 rules");
    std::set<std::string> ids;
    for (const Json& rule : rules) {
      const std::string id = rule.value("id", "");
      need(!id.empty(), "rule without id");
      need(ids.insert(id).second, "duplicate rule id " + id);
      need(!rule["shortDescription"].value("text", "").empty(), id + ": shortDescription.text");
      need(!rule["fullDescription"].value("text", "").empty(), id + ": fullDescription.text");
      need(!rule["help"].value("text", "").empty(), id + ": help.text");
      if (rule.contains("properties") && rule["properties"].contains("tags"))
        need(rule["properties"]["tags"].size() <= 20, id + ": more than 20 tags");
    }
    const Json& results = run["results"];
    need(results.is_array() && results.size() <= 25000, "results: at most 25,000");
    for (const Json& r : results) {
      const std::string id = r.value("ruleId", "");
      need(ids.count(id) == 1, "result ruleId not a rule: " + id);
      if (r.contains("ruleIndex"))
        need(rules.at(r["ruleIndex"].get<std::size_t>()).value("id", "") == id,
             id + ": ruleIndex points at another rule");
      const std::string message = r["message"].value("text", "");
      need(!message.empty(), id + ": message.text");
      need(std::none_of(message.begin(), message.end(),
                        [](char c) { return static_cast<unsigned char>(c) < 0x20; }),
           id + ": message has a control character or a line break");
      need(r.contains("partialFingerprints") && !r["partialFingerprints"].empty(),
           id + ": partialFingerprints");
      need(r.contains("locations") && r["locations"].size() >= 1 && r["locations"].size() <= 10,
           id + ": locations 1-10");
      for (const Json& l : r.value("locations", Json::array())) {
        const Json& physical = l["physicalLocation"];
        const std::string uri = physical["artifactLocation"].value("uri", "");
        need(!uri.empty(), id + ": artifactLocation.uri");
        need(uri.find('\\') == std::string::npos && uri.find(' ') == std::string::npos,
             id + ": uri with a backslash or a space: " + uri);
        if (physical["artifactLocation"].contains("uriBaseId"))
          need(uri.find("://") == std::string::npos && !uri.starts_with("/"),
               id + ": uri under a uriBaseId must be relative: " + uri);
        const Json& region = physical["region"];
        for (const char* key : {"startLine", "startColumn", "endLine", "endColumn"})
          need(region.contains(key) && region[key].get<int>() >= 1, id + ": region." + key);
        if (region.contains("endLine") && region.contains("startLine"))
          need(region["endLine"] > region["startLine"] ||
                   (region["endLine"] == region["startLine"] &&
                    region["endColumn"] >= region["startColumn"]),
               id + ": region ends before it starts");
      }
    }
  }
  return out;
}

void expect_valid_sarif(const std::string& text, bool github = true) {
  ASSERT_TRUE(Json::accept(text)) << text.substr(0, 500);
  Json doc = Json::parse(text);
  for (const std::string& e : schema_errors(doc)) ADD_FAILURE() << "schema: " << e;
  if (github)
    for (const std::string& e : github_violations(doc, text.size()))
      ADD_FAILURE() << "github: " << e;
}

class Formats : public ::testing::Test {
 protected:
  void SetUp() override { dir_ = temp_dir("formats"); }
  void TearDown() override { fs::remove_all(dir_); }
  CommandResult run(const std::string& args, const std::string& stdin_text = "") {
    return run_titanlint(args, dir_, stdin_text);
  }
  fs::path dir_;
};

const std::string kDeployment =
    "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\n  namespace: platform\n"
    "spec:\n  selector: {matchLabels: {app: api}}\n  template:\n    metadata: {labels: {app: "
    "api}}\n"
    "    spec:\n      containers:\n        - name: api\n          image: \"api:1.0\"\n";

// ---------------------------------------------------------------------------------------------
// SARIF

TEST(SarifSchema, ValidatorRejectsBrokenDocuments) {
  // The negative control: the validator reads the schema and enforces it.
  Json ok = {{"version", "2.1.0"},
             {"runs", Json::array({{{"tool", {{"driver", {{"name", "titanlint"}}}}},
                                    {"results", Json::array()}}})}};
  EXPECT_TRUE(schema_errors(ok).empty());
  Json bad_level = ok;
  bad_level["runs"][0]["results"] =
      Json::array({{{"message", {{"text", "m"}}}, {"level", "fatal"}}});
  EXPECT_FALSE(schema_errors(bad_level).empty());
  Json no_message = ok;
  no_message["runs"][0]["results"] = Json::array({{{"ruleId", "TL101"}}});
  EXPECT_FALSE(schema_errors(no_message).empty());
  Json unknown_property = ok;
  unknown_property["runs"][0]["tool"]["driver"]["rulez"] = Json::array();
  EXPECT_FALSE(schema_errors(unknown_property).empty());
  Json bad_suppression = ok;
  bad_suppression["runs"][0]["results"] = Json::array(
      {{{"message", {{"text", "m"}}}, {"suppressions", Json::array({{{"kind", "inComment"}}})}}});
  EXPECT_FALSE(schema_errors(bad_suppression).empty());
  Json bad_line = ok;
  bad_line["runs"][0]["results"] =
      Json::array({{{"message", {{"text", "m"}}},
                    {"locations", Json::array({{{"physicalLocation",
                                                 {{"artifactLocation", {{"uri", "a.yaml"}}},
                                                  {"region", {{"startLine", 0}}}}}}})}}});
  EXPECT_FALSE(schema_errors(bad_line).empty());
}

TEST(SarifGithub, ChecksCatchWhatGithubRejects) {
  Json doc = {
      {"version", "2.1.0"},
      {"runs", Json::array({{{"tool", {{"driver", {{"name", "t"}}}}},
                             {"results",
                              Json::array({{{"ruleId", "X1"}, {"message", {{"text", "m"}}}}})}}})}};
  auto v = github_violations(doc, 100);
  EXPECT_FALSE(v.empty());  // unknown rule, no locations, no fingerprints
  EXPECT_FALSE(github_violations(doc, 11u * 1024 * 1024).empty());
}

TEST_F(Formats, SarifOfTheGuideIsValid) {
  CommandResult r = run_titanlint("--format sarif testdata/guide/k8s/");
  EXPECT_EQ(r.exit_code, 1);
  expect_valid_sarif(r.out);
  Json doc = Json::parse(r.out);
  const Json& run0 = doc["runs"][0];
  const Json& driver = run0["tool"]["driver"];
  EXPECT_EQ(driver["name"], "titanlint");
  EXPECT_EQ(driver["semanticVersion"], TITANLINT_VERSION);
  ASSERT_EQ(driver["rules"].size(), builtin_registry().rules().size()) << "every rule, not just "
                                                                          "those that fired";
  for (const Json& rule : driver["rules"]) {
    const std::string id = rule["id"];
    EXPECT_TRUE(rule["helpUri"].get<std::string>().ends_with("/docs/rules/" + id + ".md"));
    EXPECT_NE(rule["help"]["markdown"].get<std::string>().find("## What it does"),
              std::string::npos);
    EXPECT_EQ(rule["properties"]["tags"].size(), 1u) << id;
  }
  EXPECT_EQ(run0["invocations"][0]["executionSuccessful"], true);
  bool saw_probe = false;
  for (const Json& result : run0["results"]) {
    const Json& loc = result["locations"][0];
    EXPECT_EQ(loc["physicalLocation"]["artifactLocation"]["uriBaseId"], "%SRCROOT%");
    if (result["ruleId"] == "TL101" && loc["physicalLocation"]["artifactLocation"]["uri"] ==
                                           "testdata/guide/k8s/webapp/deployment.yaml") {
      saw_probe = true;
      EXPECT_EQ(loc["physicalLocation"]["region"]["startLine"], 10);
      EXPECT_EQ(loc["physicalLocation"]["region"]["startColumn"], 11);
      EXPECT_EQ(loc["physicalLocation"]["region"]["snippet"]["text"], "name: webapp");
      EXPECT_EQ(loc["logicalLocations"][0]["kind"], "object");
    }
  }
  EXPECT_TRUE(saw_probe);
}

TEST_F(Formats, SarifEdgeCasesStayValid) {
  // A syntax error (no object), a suppressed duplicate key with a reason, a file whose name
  // needs percent-encoding, a secret, and an input that cannot be read.
  write_file(dir_ / "broken.yaml", "a: [\n");
  write_file(dir_ / "sub dir" / "ä,b.yaml",
             "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, name: b}  # titanlint:ignore "
             "TL003 -- generated\n");
  write_file(dir_ / "secret.yaml", kDeployment +
                                       "          env:\n            - name: DB_PASSWORD\n"
                                       "              value: hunter2-hunter2\n");
  CommandResult r = run("--format sarif broken.yaml 'sub dir' secret.yaml missing.yaml");
  EXPECT_EQ(r.exit_code, 2);
  expect_valid_sarif(r.out);
  EXPECT_EQ(r.out.find("hunter2"), std::string::npos) << "a secret value in the sarif output";
  Json doc = Json::parse(r.out);
  const Json& run0 = doc["runs"][0];
  EXPECT_EQ(run0["invocations"][0]["executionSuccessful"], false);
  ASSERT_EQ(run0["invocations"][0]["toolExecutionNotifications"].size(), 1u);
  std::set<std::string> codes;
  for (const Json& result : run0["results"]) {
    const std::string code = result["ruleId"];
    codes.insert(code);
    const Json& loc = result["locations"][0];
    if (code == "TL001") {
      EXPECT_FALSE(loc.contains("logicalLocations")) << "a syntax error belongs to no object";
    }
    if (code == "TL003") {
      EXPECT_EQ(loc["physicalLocation"]["artifactLocation"]["uri"], "sub%20dir/%C3%A4%2Cb.yaml");
      ASSERT_EQ(result["suppressions"].size(), 1u);
      EXPECT_EQ(result["suppressions"][0]["kind"], "inSource");
      EXPECT_EQ(result["suppressions"][0]["justification"], "generated");
    }
    if (code == "TL302") {
      EXPECT_EQ(loc["physicalLocation"]["region"]["snippet"]["text"], "****");
    }
  }
  EXPECT_TRUE(codes.count("TL001") && codes.count("TL003") && codes.count("TL302"));
}

TEST(SarifInProcess, FindingsWithoutPositionOrObjectAreStillValid) {
  LintResult result;
  Finding f;
  f.code = "TL101";
  f.name = "liveness-probe-missing";
  f.message = "from an AdmissionReview: no file, no position";
  result.findings.push_back(f);
  Finding g = f;
  g.file = "a.yaml";  // a file but no position
  g.message = std::string("invalid UTF-8 \xff and a control \x01 character");
  result.findings.push_back(g);
  std::vector<InputError> errors;
  const std::string out = render_report(OutputFormat::Sarif, result, errors, builtin_registry());
  expect_valid_sarif(out, /*github=*/false);  // GitHub needs a region; none exists
}

TEST_F(Formats, SarifFingerprintsDoNotDependOnLines) {
  write_file(dir_ / "a.yaml", kDeployment);
  Json before = Json::parse(run("--format sarif a.yaml").out);
  write_file(dir_ / "a.yaml", "# a comment\n\n---\n" + kDeployment);
  Json after = Json::parse(run("--format sarif a.yaml").out);
  const Json& b = before["runs"][0]["results"];
  const Json& a = after["runs"][0]["results"];
  ASSERT_EQ(a.size(), b.size());
  ASSERT_FALSE(a.empty());
  std::set<std::string> seen;
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i]["partialFingerprints"], b[i]["partialFingerprints"]);
    EXPECT_NE(a[i]["locations"][0]["physicalLocation"]["region"]["startLine"],
              b[i]["locations"][0]["physicalLocation"]["region"]["startLine"]);
    EXPECT_TRUE(seen.insert(a[i]["partialFingerprints"]["titanlint/v1"]).second)
        << "fingerprints are unique within a run";
  }
  // Another object name is another finding.
  std::string renamed = kDeployment;
  renamed.replace(renamed.find("name: api"), 9, "name: web");
  write_file(dir_ / "a.yaml", renamed);
  Json other = Json::parse(run("--format sarif a.yaml").out);
  EXPECT_NE(other["runs"][0]["results"][0]["partialFingerprints"], b[0]["partialFingerprints"]);
}

// ---------------------------------------------------------------------------------------------
// GitHub workflow commands

TEST(GithubEscaping, DataAndProperties) {
  EXPECT_EQ(github_escape_data("100% done\r\nnext: a,b"), "100%25 done%0D%0Anext: a,b");
  EXPECT_EQ(github_escape_property("100% done\r\nnext: a,b"), "100%25 done%0D%0Anext%3A a%2Cb");
  EXPECT_EQ(github_escape_property("%3A"), "%253A") << "% first, so escapes are not re-read";
  EXPECT_EQ(github_escape_data(""), "");
}

TEST_F(Formats, GithubCommandsParse) {
  write_file(dir_ / "a,b:c.yaml", kDeployment);
  CommandResult r = run("--format github --select TL101,TL102 'a,b:c.yaml'");
  EXPECT_EQ(r.exit_code, 1);
  // The runner's syntax: ::command key=value,key=value::message, one per line.
  RE2 command(R"(::(error|warning|notice) ((?:[a-zA-Z]+=[^,:]*)(?:,[a-zA-Z]+=[^,:]*)*)::(.*))");
  std::istringstream lines(r.out);
  std::string line;
  int n = 0;
  while (std::getline(lines, line)) {
    std::string level, properties, message;
    ASSERT_TRUE(RE2::FullMatch(line, command, &level, &properties, &message)) << line;
    EXPECT_EQ(level, "error");
    EXPECT_TRUE(properties.starts_with("file=a%2Cb%3Ac.yaml,line=12,col=11,endLine=12,"))
        << properties;
    EXPECT_NE(properties.find("title=TL10"), std::string::npos);
    EXPECT_NE(message.find("%0Ahelp: "), std::string::npos) << "remediation on a second line";
    ++n;
  }
  EXPECT_EQ(n, 2);
}

// ---------------------------------------------------------------------------------------------
// JUnit

TEST(XmlEscaping, EntitiesControlsAndInvalidUtf8) {
  EXPECT_EQ(xml_escape("a&b<c>d\"e'f"), "a&amp;b&lt;c&gt;d&quot;e&apos;f");
  EXPECT_EQ(xml_escape("tab\tnl\ncr\r"), "tab\tnl\ncr&#13;");
  EXPECT_EQ(xml_escape("tab\tnl\n", true), "tab&#9;nl&#10;");
  EXPECT_EQ(xml_escape(std::string("nul\0bell\x07", 9)),
            "nul\xEF\xBF\xBD"
            "bell\xEF\xBF\xBD");
  EXPECT_EQ(xml_escape("\xff\xc3"), "\xEF\xBF\xBD\xEF\xBF\xBD") << "invalid UTF-8";
  EXPECT_EQ(xml_escape("\xED\xA0\x80"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD") << "a surrogate";
  EXPECT_EQ(xml_escape("\xEF\xBF\xBF"), "\xEF\xBF\xBD") << "U+FFFF is not an XML character";
  EXPECT_EQ(xml_escape("ünïcødé 🚀"), "ünïcødé 🚀");
}

namespace pt = boost::property_tree;

TEST_F(Formats, JunitHasASuitePerFileAndACasePerObject) {
  write_file(
      dir_ / "a.yaml",
      kDeployment + "---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: \"x<&>\\\"y\"}\n");
  write_file(dir_ / "b.yaml", "a: [\n");
  CommandResult r = run("--format junit a.yaml b.yaml --select TL001,TL101,TL102");
  EXPECT_EQ(r.exit_code, 1);
  pt::ptree tree;
  std::istringstream in(r.out);
  ASSERT_NO_THROW(pt::read_xml(in, tree)) << r.out;
  const pt::ptree& suites = tree.get_child("testsuites");
  EXPECT_EQ(suites.get<int>("<xmlattr>.tests"), 3);
  EXPECT_EQ(suites.get<int>("<xmlattr>.failures"), 2);
  std::vector<std::string> cases;
  int failures = 0;
  for (const auto& [tag, suite] : suites) {
    if (tag != "testsuite") continue;
    const std::string file = suite.get<std::string>("<xmlattr>.name");
    for (const auto& [case_tag, c] : suite) {
      if (case_tag != "testcase") continue;
      EXPECT_EQ(c.get<std::string>("<xmlattr>.classname"), file);
      cases.push_back(file + " " + c.get<std::string>("<xmlattr>.name"));
      for (const auto& [f_tag, f] : c)
        if (f_tag == "failure") {
          ++failures;
          EXPECT_TRUE(f.get<std::string>("<xmlattr>.type").starts_with("TL"));
          EXPECT_TRUE(f.data().starts_with(file + ":")) << f.data();
        }
    }
  }
  EXPECT_EQ(cases, (std::vector<std::string>{"a.yaml Deployment/platform/api",
                                             "a.yaml ConfigMap/x<&>\"y", "b.yaml b.yaml"}));
  EXPECT_EQ(failures, 3);  // TL101 and TL102 on the api container, TL001 in b.yaml
}

// ---------------------------------------------------------------------------------------------
// Several formats in one run

TEST(OutputTargets, Parsing) {
  using titanlint::cli::OutputTarget;
  using titanlint::cli::parse_output_targets;
  auto ok = [](const std::vector<std::string>& formats, const std::string& output = "") {
    auto parsed = parse_output_targets(formats, output);
    EXPECT_TRUE(std::holds_alternative<std::vector<OutputTarget>>(parsed))
        << std::get<std::string>(parsed);
    return std::get<std::vector<OutputTarget>>(parsed);
  };
  auto error = [](const std::vector<std::string>& formats, const std::string& output = "") {
    auto parsed = parse_output_targets(formats, output);
    return std::holds_alternative<std::string>(parsed) ? std::get<std::string>(parsed) : "";
  };
  auto none = ok({});
  ASSERT_EQ(none.size(), 1u);
  EXPECT_EQ(none[0].format, OutputFormat::Text);
  EXPECT_EQ(none[0].path, "");
  auto two = ok({"text", "sarif=out/r.sarif"});
  ASSERT_EQ(two.size(), 2u);
  EXPECT_EQ(two[1].format, OutputFormat::Sarif);
  EXPECT_EQ(two[1].path, "out/r.sarif");
  EXPECT_EQ(ok({"junit"}, "r.xml")[0].path, "r.xml");
  EXPECT_EQ(ok({"json=a=b.json"})[0].path, "a=b.json") << "only the first = splits";
  EXPECT_NE(error({"text", "gcc"}).find("at most one"), std::string::npos);
  EXPECT_NE(error({"xml"}).find("unknown format \"xml\""), std::string::npos);
  EXPECT_NE(error({"sarif="}).find("empty"), std::string::npos);
  EXPECT_NE(error({"sarif=a", "json=a"}).find("two formats would write a"), std::string::npos);
  EXPECT_NE(error({"sarif=a"}, "b").find("--output"), std::string::npos);
}

TEST_F(Formats, OneRunPrintsTextAndWritesSarifAndJunit) {
  write_file(dir_ / "a.yaml", kDeployment);
  CommandResult r = run("--format text --format sarif=out/r.sarif -f junit=r.xml a.yaml");
  // out/ does not exist: the sarif file cannot be written, the others still are.
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("cannot write out/r.sarif"), std::string::npos) << r.err;
  fs::create_directories(dir_ / "out");
  r = run("--format text --format sarif=out/r.sarif -f junit=r.xml a.yaml");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("error[TL101]"), std::string::npos) << r.out;
  expect_valid_sarif(read_file(dir_ / "out/r.sarif"));
  EXPECT_TRUE(read_file(dir_ / "r.xml").starts_with("<?xml"));
  // No temporary file is left beside the report.
  EXPECT_EQ(std::distance(fs::directory_iterator(dir_ / "out"), fs::directory_iterator()), 1);
  // Only files: nothing on stdout.
  r = run("-f sarif=r2.sarif a.yaml");
  EXPECT_EQ(r.out, "");
  EXPECT_TRUE(fs::exists(dir_ / "r2.sarif"));
  // --output takes the format without =PATH.
  r = run("-f github -f json=r.json --output gh.txt a.yaml");
  EXPECT_EQ(r.out, "");
  EXPECT_TRUE(read_file(dir_ / "gh.txt").starts_with("::error file=a.yaml"));
  EXPECT_EQ(run("-f text -f gcc a.yaml").exit_code, 2);
  EXPECT_EQ(run("-f sarif= a.yaml").exit_code, 2);
}

}  // namespace
}  // namespace titanlint::testing

namespace titanlint::testing {
namespace {

// The offset of a 1-based line and code-point column in `text` (lines end at '\n').
std::size_t offset_of(const std::string& text, std::size_t line, std::size_t column) {
  std::size_t at = 0;
  for (std::size_t l = 1; l < line && at < text.size(); ++l) at = text.find('\n', at) + 1;
  for (std::size_t c = 1; c < column && at < text.size(); ++c) {
    ++at;
    while (at < text.size() && (static_cast<unsigned char>(text[at]) & 0xC0) == 0x80) ++at;
  }
  return at;
}

// SARIF fixes and the json format's fix name the same edits: applying a result's replacements
// by line and column gives what applying the json finding's byte ranges gives, and both change
// the file. Every document stays valid against the SARIF schema and GitHub's rules.
TEST_F(Formats, SarifFixesAndJsonFixesAreTheSameEdits) {
  const std::string text =
      "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api  # \xc3\xa9t\xc3\xa9\n"
      "spec:\n  selector: {matchLabels: {app: api}}\n  template:\n    metadata: {labels: {app: "
      "api}}\n    spec:\n      terminationGracePeriodSeconds: 5\n      containers:\n"
      "        - name: api\n          image: \"api:1.0\"\n          ports: [{containerPort: 80}]\n";
  write_file(dir_ / "app.yaml", text);
  CommandResult sarif = run("--format sarif app.yaml");
  expect_valid_sarif(sarif.out);
  CommandResult json = run("--format json app.yaml");
  const Json sarif_doc = Json::parse(sarif.out);
  const Json json_doc = Json::parse(json.out);
  std::map<std::string, std::string> by_sarif;  // description -> fixed text
  for (const Json& result : sarif_doc["runs"][0]["results"]) {
    if (!result.contains("fixes")) continue;
    const Json& fix = result["fixes"][0];
    std::string fixed = text;
    const Json& replacements = fix["artifactChanges"][0]["replacements"];
    EXPECT_EQ(fix["artifactChanges"][0]["artifactLocation"]["uri"], "app.yaml");
    for (auto it = replacements.rbegin(); it != replacements.rend(); ++it) {
      const Json& region = (*it)["deletedRegion"];
      const std::size_t start = offset_of(text, region["startLine"], region["startColumn"]);
      const std::size_t end = offset_of(text, region["endLine"], region["endColumn"]);
      fixed.replace(start, end - start, (*it)["insertedContent"]["text"].get<std::string>());
    }
    by_sarif[fix["description"]["text"]] = fixed;
  }
  std::size_t compared = 0;
  for (const Json& finding : json_doc["findings"]) {
    if (!finding.contains("fix")) continue;
    std::string fixed = text;
    const Json& edits = finding["fix"]["edits"];
    for (auto it = edits.rbegin(); it != edits.rend(); ++it) {
      EXPECT_EQ((*it)["file"], "app.yaml");
      fixed.replace((*it)["offset"].get<std::size_t>(), (*it)["length"].get<std::size_t>(),
                    (*it)["text"].get<std::string>());
    }
    const std::string description = finding["fix"]["description"];
    ASSERT_TRUE(by_sarif.count(description)) << description;
    EXPECT_EQ(by_sarif[description], fixed) << description;
    EXPECT_NE(fixed, text) << description;
    ++compared;
  }
  // TL201 (no preStop), TL203 (grace 5s), TL204 (no strategy).
  EXPECT_GE(compared, 3u);
}

}  // namespace
}  // namespace titanlint::testing
