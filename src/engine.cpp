#include "engine.h"

#include <algorithm>
#include <iterator>
#include <optional>
#include <unordered_map>

#include <fmt/format.h>

#include "lint_set.h"
#include "suppressions.h"

namespace titanlint {
namespace {

bool selected(const RuleMeta& meta, const std::vector<std::string>& patterns) {
  return std::any_of(patterns.begin(), patterns.end(),
                     [&](const std::string& p) { return rule_matches(p, meta.code, meta.name); });
}

// A `kind: List` (what `kubectl get -o yaml` prints) or a typed list such as `DeploymentList`.
bool is_list(const K8sObject& object) {
  if (!object.kind.ends_with("List")) return false;
  const Node* items = object.root->get("items");
  return items && items->is_sequence();
}

std::string why_not_an_object(const Node& root) {
  if (root.is_sequence()) return "the document is a list, not a Kubernetes object";
  if (root.is_scalar())
    return fmt::format("the document is a scalar (\"{}\"), not a Kubernetes object",
                       root.text().substr(0, 40));
  const Node* api_version = root.get("apiVersion");
  const Node* kind = root.get("kind");
  if (!api_version && !kind) return "the document has neither apiVersion nor kind";
  if (!api_version) return "the document has no apiVersion";
  if (!kind) return "the document has no kind";
  if (!api_version->is_string() || api_version->text().empty())
    return "apiVersion must be a non-empty string";
  return "kind must be a non-empty string";
}

}  // namespace

std::size_t LintResult::count(Severity severity, bool include_suppressed) const {
  std::size_t n = static_cast<std::size_t>(
      std::count_if(findings.begin(), findings.end(), [&](const Finding& f) {
        return f.severity == severity && (include_suppressed || !f.suppressed);
      }));
  // Dropped suppressed findings are counted by suppressed(), not by severity.
  for (const DroppedFindings& d : dropped) n += d.by_severity[static_cast<int>(severity)];
  return n;
}

std::size_t LintResult::suppressed() const {
  std::size_t n = static_cast<std::size_t>(std::count_if(
      findings.begin(), findings.end(), [](const Finding& f) { return f.suppressed; }));
  for (const DroppedFindings& d : dropped) n += d.suppressed;
  return n;
}

Engine::Engine(const Registry& registry, const Config& config, LintOptions options)
    : options_(std::move(options)),
      max_findings_per_file_(config.limits.max_findings_per_file),
      limit_rule_(registry.find("TL001")) {
  for (const RuleDefinition& definition : registry.rules()) {
    const RuleMeta& meta = definition.meta;
    if (!options_.select.empty() && !selected(meta, options_.select)) continue;
    if (selected(meta, options_.ignore)) continue;
    std::optional<Severity> severity = config.severity_for(definition);
    if (!severity) continue;
    rules_.push_back({&definition, *severity, definition.make(config.options_for(definition))});
  }
}

const Engine::ActiveRule* Engine::active(std::string_view code) const {
  for (const ActiveRule& r : rules_)
    if (r.definition->meta.code == code) return &r;
  return nullptr;
}

bool Engine::enabled(std::string_view code) const {
  return active(code) != nullptr;
}

void Engine::add_loader_findings(const LoadedFile& file, std::vector<Finding>& out) const {
  for (const LoadDiagnostic& d : file.diagnostics) {
    const ActiveRule* rule = active(d.code);
    if (!rule) continue;
    Finding f;
    f.code = d.code;
    f.name = rule->definition->meta.name;
    f.severity = rule->severity;
    f.message = d.message;
    f.remediation = d.remediation.empty() ? rule->definition->meta.remediation : d.remediation;
    f.file = file.source->path();
    f.position = d.position;
    f.source = file.source;
    f.source_position = d.position;
    out.push_back(std::move(f));
  }
}

LintResult Engine::lint(const std::vector<LoadedFile>& files) const {
  LintResult result;
  result.files = files.size();
  LintSet set(options_.default_namespace, options_.partial);
  const ActiveRule* not_an_object = active("TL002");

  for (const LoadedFile& file : files) {
    result.file_paths.push_back(file.source->path());
    add_loader_findings(file, result.findings);
    const bool from_stdin = file.source->path() == kStdinPath;
    for (const Document& doc : file.documents) {
      K8sObject object;
      object.source = file.source;
      object.display_path = file.source->path();
      if (from_stdin && options_.map_helm_sources && !doc.helm_source.empty()) {
        object.display_path = doc.helm_source;
        object.line_offset = doc.helm_origin_line;
      }
      std::vector<const Node*> roots = {doc.root};
      if (read_object_identity(*doc.root, object) && is_list(object)) {
        roots.assign(object.root->get("items")->items().begin(),
                     object.root->get("items")->items().end());
      }
      for (const Node* root : roots) {
        K8sObject item = object;
        item.name = item.namespace_ = item.api_version = item.kind = {};
        if (read_object_identity(*root, item)) {
          set.add(std::move(item));
        } else if (not_an_object) {
          Reporter(not_an_object->definition->meta, not_an_object->severity, item, result.findings)
              .report(*root, why_not_an_object(*root));
        }
      }
    }
  }

  for (const K8sObject& object : set.objects()) {
    const std::size_t first = result.findings.size();
    for (const ActiveRule& r : rules_) {
      const RuleMeta& meta = r.definition->meta;
      if (meta.scope == RuleScope::Loader) continue;
      if (set.partial() && meta.needs_complete_set) continue;
      Reporter reporter(meta, r.severity, object, result.findings);
      r.rule->check(object, set, reporter);
    }
    if (!options_.allow_annotation_ignores) continue;
    for (std::size_t i = first; i < result.findings.size(); ++i) {
      Finding& f = result.findings[i];
      if (auto s = annotation_suppression(object, f.code, f.name)) {
        f.suppressed = true;
        f.suppressed_by = s->by;
        f.suppression_reason = s->reason;
      }
    }
  }
  result.objects = set.objects().size();
  for (const K8sObject& object : set.objects()) {
    const Node& at = *object.name_node;
    Position position;
    if (at.line > 0)
      position = {at.line > object.line_offset ? at.line - object.line_offset : 1, at.column};
    result.linted_objects.push_back({object.ref(), object.display_path, position});
  }

  // Comment directives are looked for only in the files that have findings: most files have
  // none, and scanning every file's text was a measurable part of linting.
  std::unordered_map<const SourceFile*, CommentSuppressions> comments;
  for (Finding& f : result.findings) {
    if (f.suppressed || !f.source) continue;
    auto [it, inserted] = comments.try_emplace(f.source.get());
    if (inserted) it->second = CommentSuppressions::scan(*f.source);
    if (auto s = it->second.match(f.code, f.name, f.source_position.line)) {
      f.suppressed = true;
      f.suppressed_by = s->by;
      f.suppression_reason = s->reason;
    }
  }
  std::sort(result.findings.begin(), result.findings.end(), finding_less);
  cap_findings_per_file(result);
  return result;
}

// Keeps the first max_findings_per_file_ findings of each file (in report order) and replaces the
// rest with one TL001 finding that counts them. It is reported whether or not TL001 is selected
// (nothing is dropped silently), at the highest severity among the dropped findings, so the exit
// code is what it would have been; when every dropped finding was suppressed, so is it.
void Engine::cap_findings_per_file(LintResult& result) const {
  std::vector<Finding>& findings = result.findings;
  const std::size_t cap = max_findings_per_file_;
  // Findings are sorted by file first: each file's findings are one run.
  auto run_end = [&](std::size_t begin) {
    std::size_t end = begin;
    while (end < findings.size() && findings[end].file == findings[begin].file) ++end;
    return end;
  };
  bool over = false;
  for (std::size_t begin = 0, end = 0; begin < findings.size() && !over; begin = end) {
    end = run_end(begin);
    over = end - begin > cap;
  }
  if (!over) return;

  std::vector<Finding> kept;
  kept.reserve(findings.size());
  for (std::size_t begin = 0, end = 0; begin < findings.size(); begin = end) {
    end = run_end(begin);
    const std::size_t cut = std::min(end, begin + cap);
    std::move(findings.begin() + static_cast<std::ptrdiff_t>(begin),
              findings.begin() + static_cast<std::ptrdiff_t>(cut), std::back_inserter(kept));
    if (cut == end) continue;
    DroppedFindings dropped;
    dropped.file = findings[cut].file;
    std::optional<Severity> highest;
    for (std::size_t i = cut; i < end; ++i) {
      const Finding& f = findings[i];
      if (f.suppressed) {
        ++dropped.suppressed;
        continue;
      }
      ++dropped.by_severity[static_cast<int>(f.severity)];
      highest = std::max(highest.value_or(f.severity), f.severity);
    }
    const Finding& first = findings[cut];  // where the listing stops
    Finding note;
    note.code = limit_rule_ ? limit_rule_->meta.code : "TL001";
    note.name = limit_rule_ ? limit_rule_->meta.name : "yaml-syntax";
    note.severity = highest.value_or(Severity::Info);
    note.message = fmt::format(
        "{} more findings in this file are not listed (limits.maxFindingsPerFile is {}): {} "
        "errors, {} warnings, {} infos, {} suppressed",
        dropped.total(), max_findings_per_file_, dropped.by_severity[2], dropped.by_severity[1],
        dropped.by_severity[0], dropped.suppressed);
    note.remediation =
        "fix the findings listed, or raise limits.maxFindingsPerFile in .titanlint.yaml to list "
        "them all";
    note.file = first.file;
    note.position = first.position;
    note.source = first.source;
    note.source_position = first.source_position;
    if (!highest) {
      note.suppressed = true;
      note.suppressed_by = "limit";
      note.suppression_reason = "every finding over limits.maxFindingsPerFile was suppressed";
    }
    kept.push_back(std::move(note));
    result.dropped.push_back(std::move(dropped));
  }
  findings = std::move(kept);
}

}  // namespace titanlint
