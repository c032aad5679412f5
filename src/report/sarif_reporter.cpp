// SARIF 2.1.0 (OASIS), shaped for GitHub code scanning: the full rule catalogue in
// tool.driver.rules, one result per finding with a relative artifact URI under %SRCROOT%, a
// region with its snippet, the object as a logical location, a line-independent fingerprint,
// and suppressed findings kept with their suppression. See docs/ci.md.
#include <filesystem>
#include <map>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "report/reporters.h"
#include "rule_doc.h"

namespace titanlint {
namespace {

using Json = nlohmann::ordered_json;
namespace fs = std::filesystem;

std::string_view sarif_level(Severity severity) {
  switch (severity) {
    case Severity::Error:
      return "error";
    case Severity::Warning:
      return "warning";
    case Severity::Info:
      return "note";
  }
  return "error";
}

std::string percent_encode(std::string_view path) {
  std::string out;
  for (char ch : path) {
    const auto c = static_cast<unsigned char>(ch);
    const bool keep = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                      c == '-' || c == '.' || c == '_' || c == '~' || c == '/';
    if (keep)
      out.push_back(ch);
    else
      out += fmt::format("%{:02X}", c);
  }
  return out;
}

// The artifact location of a path as the user gave it: relative paths (and absolute ones under
// the working directory) become a relative URI under %SRCROOT%; others an absolute file: URI.
Json artifact_location(const std::string& path) {
  fs::path p(path);
  if (p.is_absolute()) {
    std::error_code ec;
    fs::path cwd = fs::current_path(ec);
    fs::path relative = ec ? fs::path() : p.lexically_relative(cwd);
    if (relative.empty() || *relative.begin() == "..")
      return {{"uri", "file://" + percent_encode(p.lexically_normal().generic_string())}};
    p = relative;
  }
  std::string normal = p.lexically_normal().generic_string();
  return {{"uri", percent_encode(normal)}, {"uriBaseId", "%SRCROOT%"}};
}

// FNV-1a, 64 bits: stable across platforms and releases (the fingerprint must never change for
// the same finding).
std::uint64_t fnv1a(std::string_view text) {
  std::uint64_t hash = 0xcbf29ce484222325ULL;
  for (char c : text) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 0x100000001b3ULL;
  }
  return hash;
}

Json rule_descriptor(const RuleDefinition& rule) {
  const RuleMeta& m = rule.meta;
  const std::string page = render_rule_doc(rule, default_options(m));
  Json tags = Json::array();
  if (const RuleFamily* family = rule_family(m.code)) tags.push_back(family->tag);
  Json j;
  j["id"] = m.code;
  j["name"] = m.name;
  j["shortDescription"] = {{"text", m.summary}};
  j["fullDescription"] = {{"text", m.doc.what.empty() ? m.summary : m.doc.what}};
  j["help"] = {{"text", page}, {"markdown", page}};
  j["helpUri"] = fmt::format("{}/blob/main/docs/rules/{}.md", TITANLINT_HOMEPAGE_URL, m.code);
  j["defaultConfiguration"] = {{"level", sarif_level(m.severity)}};
  j["properties"] = {{"tags", std::move(tags)}};
  return j;
}

Json result_of(const Finding& f, const std::map<std::string, std::size_t>& rule_index,
               std::map<std::string, int>& occurrences) {
  Json r;
  r["ruleId"] = f.code;
  if (auto it = rule_index.find(f.code); it != rule_index.end()) r["ruleIndex"] = it->second;
  r["level"] = sarif_level(f.severity);
  r["message"] = {{"text", f.message}};

  Json location = Json::object();
  Json artifact;
  if (!f.file.empty()) {
    artifact = artifact_location(f.file);
    Json physical;
    physical["artifactLocation"] = artifact;
    if (auto region = source_region(f)) {
      Json reg;
      reg["startLine"] = region->start_line;
      reg["startColumn"] = region->start_column;
      reg["endLine"] = region->end_line;
      reg["endColumn"] = region->end_column;
      if (!region->text.empty()) reg["snippet"] = {{"text", region->text}};
      physical["region"] = std::move(reg);
    }
    location["physicalLocation"] = std::move(physical);
  }
  if (!f.object.kind.empty()) {
    location["logicalLocations"] = Json::array({{{"name", f.object.name},
                                                 {"fullyQualifiedName", f.object.display()},
                                                 {"kind", "object"}}});
  }
  r["locations"] = location.empty() ? Json::array() : Json::array({std::move(location)});

  // What identifies the finding independent of lines: the rule, the file, the object and the
  // field. Identical keys (the same rule twice on one field) are told apart by their order.
  const std::string uri = artifact.is_object() ? artifact.value("uri", "") : "";
  const std::string key = fmt::format("{}\n{}\n{}\n{}\n{}\n{}", f.code, uri, f.object.kind,
                                      f.object.namespace_, f.object.name, f.field_path);
  const int occurrence = ++occurrences[key];
  r["partialFingerprints"] = {{"titanlint/v1", fmt::format("{:016x}:{}", fnv1a(key), occurrence)}};

  if (f.suppressed) {
    // Every suppression titanlint knows is written in the manifests (a comment or an
    // annotation); anything else would come from outside the source.
    const bool in_source = f.suppressed_by == "comment" || f.suppressed_by == "file comment" ||
                           f.suppressed_by == "annotation";
    Json s;
    s["kind"] = in_source ? "inSource" : "external";
    if (!f.suppression_reason.empty()) s["justification"] = f.suppression_reason;
    s["properties"] = {{"suppressedBy", f.suppressed_by}};
    r["suppressions"] = Json::array({std::move(s)});
  }
  Json properties;
  if (!f.field_path.empty()) properties["fieldPath"] = f.field_path;
  if (!f.remediation.empty()) properties["remediation"] = f.remediation;
  if (!properties.empty()) r["properties"] = std::move(properties);
  return r;
}

}  // namespace

void write_sarif(std::ostream& out, const RunReport& run) {
  Json rules = Json::array();
  std::map<std::string, std::size_t> rule_index;
  for (const RuleDefinition& rule : run.registry.rules()) {
    rule_index.emplace(rule.meta.code, rules.size());
    rules.push_back(rule_descriptor(rule));
  }

  Json results = Json::array();
  std::map<std::string, int> occurrences;
  for (const Finding& f : run.result.findings)
    results.push_back(result_of(f, rule_index, occurrences));

  Json notifications = Json::array();
  for (const InputError& e : run.errors) {
    Json n;
    n["level"] = "error";
    n["message"] = {{"text", fmt::format("{}: {}", e.path, e.message)}};
    if (!e.path.empty())
      n["locations"] =
          Json::array({{{"physicalLocation", {{"artifactLocation", artifact_location(e.path)}}}}});
    notifications.push_back(std::move(n));
  }
  Json invocation;
  invocation["executionSuccessful"] = run.errors.empty();
  if (!notifications.empty()) invocation["toolExecutionNotifications"] = std::move(notifications);

  Json driver;
  driver["name"] = "titanlint";
  driver["version"] = TITANLINT_VERSION;
  driver["semanticVersion"] = TITANLINT_VERSION;
  driver["informationUri"] = TITANLINT_HOMEPAGE_URL;
  driver["rules"] = std::move(rules);

  Json sarif_run;
  sarif_run["tool"] = {{"driver", std::move(driver)}};
  sarif_run["invocations"] = Json::array({std::move(invocation)});
  // Our columns count characters (code points), not SARIF's default UTF-16 code units.
  sarif_run["columnKind"] = "unicodeCodePoints";
  sarif_run["results"] = std::move(results);

  Json doc;
  doc["$schema"] = "https://json.schemastore.org/sarif-2.1.0.json";
  doc["version"] = "2.1.0";
  doc["runs"] = Json::array({std::move(sarif_run)});
  out << doc.dump(2, ' ', false, Json::error_handler_t::replace) << '\n';
}

}  // namespace titanlint
