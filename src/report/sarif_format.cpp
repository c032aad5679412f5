// SARIF 2.1.0 (OASIS), shaped for GitHub code scanning: the full rule catalogue in
// tool.driver.rules, one result per finding with a relative artifact URI under %SRCROOT%, a
// region with its snippet, the object as a logical location, a line-independent fingerprint,
// and suppressed findings kept with their suppression. See docs/ci.md.
#include <filesystem>
#include <map>
#include <unordered_map>

#include <fmt/compile.h>
#include <fmt/format.h>
#include "report/format_writers.h"
#include "report/json_writer.h"
#include "rule_doc.h"

namespace titanlint {
namespace {

namespace fs = std::filesystem;

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

// Where a file is, as SARIF says it: relative paths (and absolute ones under the working
// directory) become a relative URI under %SRCROOT%; others an absolute file: URI.
struct ArtifactLocation {
  std::string uri;
  bool under_srcroot = false;
};

ArtifactLocation artifact_location(const std::string& path, const std::filesystem::path& cwd) {
  fs::path p(path);
  if (p.is_absolute()) {
    fs::path relative = cwd.empty() ? fs::path() : p.lexically_relative(cwd);
    if (relative.empty() || *relative.begin() == "..")
      return {"file://" + percent_encode(p.lexically_normal().generic_string()), false};
    p = relative;
  }
  return {percent_encode(p.lexically_normal().generic_string()), true};
}

void write_artifact_location(JsonWriter& json, const ArtifactLocation& location) {
  json.begin_object();
  json.member("uri", location.uri);
  if (location.under_srcroot) json.member("uriBaseId", "%SRCROOT%");
  json.end_object();
}

// A region's lines and columns; `close` false leaves the object open for more members.
void write_region(JsonWriter& json, Position start, Position end, bool close = true) {
  json.begin_object();
  json.member("startLine", start.line);
  json.member("startColumn", start.column);
  json.member("endLine", end.line);
  json.member("endColumn", end.column);
  if (close) json.end_object();
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

void write_rule_descriptor(JsonWriter& json, const RuleDefinition& rule, const Registry& registry) {
  const RuleMeta& m = rule.meta;
  const std::string page = render_rule_doc(rule, default_options(m));
  json.begin_object();
  json.member("id", m.code);
  json.member("name", m.name);
  json.key("shortDescription");
  json.begin_object();
  json.member("text", m.summary);
  json.end_object();
  json.key("fullDescription");
  json.begin_object();
  json.member("text", m.doc.what.empty() ? m.summary : m.doc.what);
  json.end_object();
  json.key("help");
  json.begin_object();
  json.member("text", page);
  json.member("markdown", page);
  json.end_object();
  // A custom check (no TL family) has no page of its own: the format's page explains it.
  const RuleFamily* family = registry.family_of(m.code);
  json.member("helpUri",
              family ? fmt::format("{}/blob/main/docs/rules/{}.md", TITANLINT_HOMEPAGE_URL, m.code)
                     : fmt::format("{}/blob/main/docs/custom-checks.md", TITANLINT_HOMEPAGE_URL));
  json.key("defaultConfiguration");
  json.begin_object();
  json.member("level", severity_word(m.severity, "note"));
  json.end_object();
  json.key("properties");
  json.begin_object();
  json.key("tags");
  json.begin_array();
  json.value(family ? std::string_view(family->tag) : std::string_view("custom"));
  json.end_array();
  json.end_object();
  json.end_object();
}

class SarifWriter final : public ReportWriter {
 public:
  void begin(const RunStart& run) override {
    std::error_code ec;
    cwd_ = fs::current_path(ec);
    if (ec) cwd_.clear();
    json_.begin_object();
    json_.member("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
    json_.member("version", "2.1.0");
    json_.key("runs");
    json_.begin_array();
    json_.begin_object();
    json_.key("tool");
    json_.begin_object();
    json_.key("driver");
    json_.begin_object();
    json_.member("name", "titanlint");
    json_.member("version", TITANLINT_VERSION);
    json_.member("semanticVersion", TITANLINT_VERSION);
    json_.member("informationUri", TITANLINT_HOMEPAGE_URL);
    json_.key("rules");
    json_.begin_array();
    for (const RuleDefinition& rule : run.registry.rules()) {
      rule_index_.emplace(rule.meta.code, rule_index_.size());
      write_rule_descriptor(json_, rule, run.registry);
    }
    json_.end_array();
    json_.end_object();
    json_.end_object();

    json_.key("invocations");
    json_.begin_array();
    json_.begin_object();
    json_.member("executionSuccessful", run.errors.empty());
    if (!run.errors.empty()) {
      json_.key("toolExecutionNotifications");
      json_.begin_array();
      for (const InputError& e : run.errors) {
        json_.begin_object();
        json_.member("level", "error");
        json_.key("message");
        json_.begin_object();
        json_.member("text", fmt::format("{}: {}", e.path, e.message));
        json_.end_object();
        if (!e.path.empty()) {
          json_.key("locations");
          json_.begin_array();
          json_.begin_object();
          json_.key("physicalLocation");
          json_.begin_object();
          json_.key("artifactLocation");
          write_artifact_location(json_, artifact_location(e.path, cwd_));
          json_.end_object();
          json_.end_object();
          json_.end_array();
        }
        json_.end_object();
      }
      json_.end_array();
    }
    json_.end_object();
    json_.end_array();
    // Our columns count characters (code points), not SARIF's default UTF-16 code units.
    json_.member("columnKind", "unicodeCodePoints");
    json_.key("results");
    json_.begin_array();
  }

  void file(const FileReport& report) override {
    if (report.findings.empty()) return;
    const ArtifactLocation artifact = report.file.empty()
                                          ? ArtifactLocation{}
                                          : artifact_location(std::string(report.file), cwd_);
    // Identical fingerprint keys (the same rule twice on one field) are told apart by their
    // order; the key includes the file, so counting per file is counting per run.
    occurrences_.clear();
    for (const Finding& f : report.findings) write_result(f, artifact);
  }

  void end(const RunTotals&) override {
    json_.end_array();
    json_.end_object();
    json_.end_array();
    json_.end_object();
    buffer_ += '\n';
  }

 private:
  // One fix: its edits as replacements per artifact, regions in the run's code-point columns (an
  // insertion is an empty region).
  void write_fixes(const Fix& fix) {
    json_.key("fixes");
    json_.begin_array();
    json_.begin_object();
    json_.key("description");
    json_.begin_object();
    json_.member("text", fix.description);
    json_.end_object();
    json_.key("artifactChanges");
    json_.begin_array();
    for (const FileEdits& file : fix.files) {
      json_.begin_object();
      json_.key("artifactLocation");
      write_artifact_location(json_, artifact_of(file.source->path()));
      json_.key("replacements");
      json_.begin_array();
      for (const TextEdit& e : file.edits) {
        const Position start = edit_position(*file.source, e.offset);
        const Position end = edit_position(*file.source, e.end());
        json_.begin_object();
        json_.key("deletedRegion");
        write_region(json_, start, end);
        json_.key("insertedContent");
        json_.begin_object();
        json_.member("text", e.text);
        json_.end_object();
        json_.end_object();
      }
      json_.end_array();
      json_.end_object();
    }
    json_.end_array();
    json_.end_object();
    json_.end_array();
  }

  // A path's artifact location, worked out once: fixes and related locations name the same few
  // files over and over, and path normalisation was a sixth of this writer.
  const ArtifactLocation& artifact_of(std::string_view path) {
    auto it = artifacts_.find(path);
    if (it == artifacts_.end())
      it = artifacts_.emplace(std::string(path), artifact_location(std::string(path), cwd_)).first;
    return it->second;
  }

  // A location's `logicalLocations`: the Kubernetes object it is in.
  void write_logical_location(const ObjectRef& object) {
    json_.key("logicalLocations");
    json_.begin_array();
    json_.begin_object();
    json_.member("name", object.name);
    json_.member("fullyQualifiedName", object.display());
    json_.member("kind", "object");
    json_.end_object();
    json_.end_array();
  }

  // The other objects of a cross-resource finding, each at its node, with what it is to the
  // finding as the message.
  void write_related_locations(const Finding& f) {
    json_.key("relatedLocations");
    json_.begin_array();
    int id = 0;
    for (const RelatedLocation& r : f.related) {
      json_.begin_object();
      json_.member("id", id++);
      if (!r.file.empty()) {
        json_.key("physicalLocation");
        json_.begin_object();
        json_.key("artifactLocation");
        write_artifact_location(json_, artifact_of(r.file));
        if (auto region = source_region(r)) {
          json_.key("region");
          write_region(json_, {region->start_line, region->start_column},
                       {region->end_line, region->end_column});
        }
        json_.end_object();
      }
      write_logical_location(r.object);
      json_.key("message");
      json_.begin_object();
      json_.member("text", r.message());
      json_.end_object();
      json_.end_object();
    }
    json_.end_array();
  }

  void write_result(const Finding& f, const ArtifactLocation& artifact) {
    const std::string field_path = f.field_path();
    json_.begin_object();
    json_.member("ruleId", f.code);
    if (auto it = rule_index_.find(f.code); it != rule_index_.end())
      json_.member("ruleIndex", it->second);
    json_.member("level", severity_word(f.severity, "note"));
    json_.key("message");
    json_.begin_object();
    json_.member("text", f.message);
    json_.end_object();

    json_.key("locations");
    const bool physical = !f.file.empty();
    const bool logical = !f.object.kind.empty();
    json_.begin_array();
    if (physical || logical) {
      json_.begin_object();
      if (physical) {
        json_.key("physicalLocation");
        json_.begin_object();
        json_.key("artifactLocation");
        write_artifact_location(json_, artifact);
        if (auto region = source_region(f)) {
          json_.key("region");
          write_region(json_, {region->start_line, region->start_column},
                       {region->end_line, region->end_column}, false);
          if (!region->text.empty()) {
            json_.key("snippet");
            json_.begin_object();
            json_.member("text", region->text);
            json_.end_object();
          }
          json_.end_object();
        }
        json_.end_object();
      }
      if (logical) {
        write_logical_location(f.object);
      }
      json_.end_object();
    }
    json_.end_array();
    if (!f.related.empty()) write_related_locations(f);

    // What identifies the finding independent of lines: the rule, the file, the object and the
    // field.
    const std::string_view uri = physical ? std::string_view(artifact.uri) : std::string_view();
    // (Appended, not formatted: fmt's parse of the format string was a tenth of this writer on
    // the defect-heavy corpus.)
    std::string key;
    key.reserve(f.code.size() + uri.size() + f.object.kind.size() + f.object.namespace_.size() +
                f.object.name.size() + field_path.size() + 5);
    for (std::string_view part :
         {f.code, uri, std::string_view(f.object.kind), std::string_view(f.object.namespace_),
          std::string_view(f.object.name)}) {
      key += part;
      key += '\n';
    }
    key += field_path;
    const std::uint64_t hash = fnv1a(key);
    const int occurrence = ++occurrences_[std::move(key)];
    char fingerprint[48];
    auto* end = fmt::format_to(fingerprint, FMT_COMPILE("{:016x}:{}"), hash, occurrence);
    json_.key("partialFingerprints");
    json_.begin_object();
    json_.member("titanlint/v1", std::string_view(fingerprint, end));
    json_.end_object();

    if (f.suppressed()) {
      // Every suppression titanlint knows is written in the manifests (a comment or an
      // annotation); anything else would come from outside the source.
      json_.key("suppressions");
      json_.begin_array();
      json_.begin_object();
      json_.member("kind", written_in_source(f.suppressed_by) ? "inSource" : "external");
      if (!f.suppression_reason.empty()) json_.member("justification", f.suppression_reason);
      json_.key("properties");
      json_.begin_object();
      json_.member("suppressedBy", to_string(f.suppressed_by));
      json_.end_object();
      json_.end_object();
      json_.end_array();
    }
    if (f.fix) write_fixes(*f.fix);
    const std::string_view remediation = f.remediation();
    if (!field_path.empty() || !remediation.empty()) {
      json_.key("properties");
      json_.begin_object();
      if (!field_path.empty()) json_.member("fieldPath", field_path);
      if (!remediation.empty()) json_.member("remediation", remediation);
      json_.end_object();
    }
    json_.end_object();
  }

  JsonWriter json_{buffer_};
  fs::path cwd_;
  std::unordered_map<std::string_view, std::size_t> rule_index_;
  std::unordered_map<std::string, int> occurrences_;
  std::map<std::string, ArtifactLocation, std::less<>> artifacts_;  // by path (artifact_of)
};

}  // namespace

std::unique_ptr<ReportWriter> make_sarif_writer() {
  return std::make_unique<SarifWriter>();
}

}  // namespace titanlint
