#include "engine.h"

#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "fix/fix_builder.h"
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

// What Engine::lint's result points into.
struct LintRun {
  explicit LintRun(LintSet set) : set(std::move(set)) {}
  std::vector<LoadedInput> inputs;
  LintSet set;
};

}  // namespace

std::size_t LintResult::count(Severity severity, bool include_suppressed) const {
  std::size_t n = static_cast<std::size_t>(
      std::count_if(findings.begin(), findings.end(), [&](const Finding& f) {
        return f.severity == severity && (include_suppressed || !f.suppressed());
      }));
  // Dropped suppressed findings are counted by suppressed(), not by severity.
  for (const DroppedFindings& d : dropped) n += d.by_severity[static_cast<int>(severity)];
  return n;
}

std::size_t LintResult::suppressed() const {
  std::size_t n = static_cast<std::size_t>(std::count_if(
      findings.begin(), findings.end(), [](const Finding& f) { return f.suppressed(); }));
  for (const DroppedFindings& d : dropped) n += d.suppressed;
  return n;
}

const RuleDefinition* Engine::definition(std::string_view code) const {
  const ActiveRule* rule = active(code);
  return rule ? rule->definition : nullptr;
}

Engine::Engine(const Registry& registry, const Config& config, LintOptions options)
    : options_(std::move(options)),
      max_findings_per_file_(config.limits.max_findings_per_file),
      // The rule whose code names the note for findings over limits.maxFindingsPerFile (TL009
      // among the built-ins): the engine knows it by its scope, not by its code.
      limit_rule_(registry.limit_rule()) {
  for (const RuleDefinition& definition : registry.rules()) {
    const RuleMeta& meta = definition.meta;
    if (!options_.select.empty() && !selected(meta, options_.select)) continue;
    if (selected(meta, options_.ignore)) continue;
    std::optional<Severity> severity = config.severity_for(definition);
    if (!severity) continue;
    rules_.push_back({&definition, *severity, definition.make(config.options_for(definition))});
  }
  index_rules();
}

void Engine::index_rules() {
  for (const ActiveRule& r : rules_)
    if (r.definition->meta.scope == RuleScope::Loader)
      loader_rules_[static_cast<std::size_t>(r.definition->meta.load_problem)] = &r;
  auto checks_objects = [](const RuleMeta& m) {
    return m.scope == RuleScope::Object || m.scope == RuleScope::Set;
  };
  for (const ActiveRule& r : rules_)
    for (const KindMatch& k : r.definition->meta.kinds) checkers_by_kind_[k.kind];
  for (const ActiveRule& r : rules_) {
    const RuleMeta& m = r.definition->meta;
    if (!checks_objects(m)) continue;
    if (m.kinds.empty()) any_kind_checkers_.push_back(&r);
    // (Not a structured binding: clang 14 cannot capture one in the lambda.)
    for (auto& entry : checkers_by_kind_) {
      const std::string& kind = entry.first;
      const bool named = std::any_of(m.kinds.begin(), m.kinds.end(),
                                     [&](const KindMatch& k) { return k.kind == kind; });
      if (m.kinds.empty() || named) entry.second.push_back(&r);
    }
  }
}

const std::vector<const Engine::ActiveRule*>& Engine::checkers_for(std::string_view kind) const {
  auto it = checkers_by_kind_.find(kind);
  return it == checkers_by_kind_.end() ? any_kind_checkers_ : it->second;
}

const Engine::ActiveRule* Engine::active(std::string_view code) const {
  for (const ActiveRule& r : rules_)
    if (r.definition->meta.code == code) return &r;
  return nullptr;
}

bool Engine::enabled(std::string_view code) const {
  return active(code) != nullptr;
}

LoadedInput Engine::prepare(std::shared_ptr<const LoadedFile> file) const {
  LoadedInput in;
  in.file = std::move(file);
  const SourceFile* source = in.file->source.get();
  const bool from_stdin = source->path() == kStdinPath;
  in.display_files.push_back(source->path());
  for (const Document& doc : in.file->documents) {
    K8sObject object;
    object.source = source;
    object.file = in.file.get();
    object.display_path = source->path();
    if (from_stdin && options_.map_helm_sources && !doc.helm_source.empty()) {
      object.display_path = doc.helm_source;
      object.line_offset = doc.helm_origin_line;
      in.display_files.push_back(object.display_path);
    }
    std::span<const Node* const> roots(&doc.root, 1);
    if (read_object_identity(*doc.root, object) && is_list(object))
      roots = object.root->get("items")->items();
    for (const Node* root : roots) {
      K8sObject item = object;
      item.name = item.namespace_ = item.api_version = item.kind = {};
      if (read_object_identity(*root, item))
        in.objects.push_back(item);
      else
        in.non_objects.push_back(item);
    }
  }
  std::sort(in.display_files.begin(), in.display_files.end());
  in.display_files.erase(std::unique(in.display_files.begin(), in.display_files.end()),
                         in.display_files.end());
  return in;
}

FileFindings& Engine::findings_for(InputFindings& out, std::string_view file) const {
  // Almost every input has one display file; helm streams have one per template.
  for (auto it = out.files.rbegin(); it != out.files.rend(); ++it)
    if (it->file() == file) return *it;
  return out.files.emplace_back(file, max_findings_per_file_);
}

InputFindings Engine::check(const LoadedInput& input, std::size_t input_index,
                            const LintSet& set) const {
  InputFindings out;
  // Every display file up front: the scopes below hold references into this vector.
  out.files.reserve(input.display_files.size());
  const SourceFile& source = *input.file->source;
  std::uint64_t sequence = static_cast<std::uint64_t>(input_index) << 32;
  const CommentSuppressions comments = CommentSuppressions::scan(source);
  std::optional<LazyFixSource> fixes;
  if (options_.build_fixes) fixes.emplace(*input.file);

  for (const LoadDiagnostic& d : input.file->diagnostics) {
    const ActiveRule* rule = loader_rules_[static_cast<std::size_t>(d.problem)];
    if (!rule) continue;
    const RuleMeta& meta = rule->definition->meta;
    Finding f;
    f.code = meta.code;
    f.name = meta.name;
    f.severity = rule->severity;
    f.default_remediation = meta.remediation;
    f.file = source.path();
    f.position = d.position;
    f.source = &source;
    f.source_position = d.position;
    f.sequence = sequence++;
    if (auto s = comments.match(f.code, f.name, f.source_position.line)) {
      f.suppressed_by = s->by;
      f.suppression_reason = s->reason;
    }
    FileFindings& findings = findings_for(out, f.file);
    if (!findings.admits(f.position, f.code)) {
      findings.drop(std::move(f));
      continue;
    }
    f.message = d.message;
    f.custom_remediation = d.remediation;
    findings.add(std::move(f));
  }

  if (const ActiveRule* not_an_object =
          loader_rules_[static_cast<std::size_t>(LoadProblem::NotAnObject)]) {
    for (const K8sObject& item : input.non_objects) {
      ObjectScope scope{item,    findings_for(out, item.display_path), comments,
                        nullptr, options_.render_suppressed,           sequence};
      Reporter(not_an_object->definition->meta, not_an_object->severity, scope)
          .report(*item.root, [&] { return why_not_an_object(*item.root); });
    }
  }

  for (const K8sObject& object : input.objects) {
    std::optional<AnnotationIgnores> annotations;
    if (options_.allow_annotation_ignores) {
      annotations = AnnotationIgnores::of(object);
      if (annotations->sources.empty()) annotations.reset();
    }
    ObjectScope scope{object,
                      findings_for(out, object.display_path),
                      comments,
                      annotations ? &*annotations : nullptr,
                      options_.render_suppressed,
                      sequence};
    // A helm stream's objects are shown in their templates: an edit of the rendered text would
    // fix nothing.
    if (fixes && fixable(object)) scope.fixes = &*fixes;
    for (const ActiveRule* r : checkers_for(object.kind)) {
      const RuleMeta& meta = r->definition->meta;
      if (set.partial() && meta.needs_complete_set) continue;
      // The kind matched; a rule may also name the API group (autoscaling, "" for core).
      if (!meta.kinds.empty() &&
          std::none_of(meta.kinds.begin(), meta.kinds.end(),
                       [&](const KindMatch& k) { return k.matches(object); }))
        continue;
      Reporter reporter(meta, r->severity, scope);
      r->rule->check(object, set, reporter);
    }
  }
  return out;
}

// The note that replaces the findings over max_findings_per_file_. It is reported whether or not
// its rule is selected (nothing is dropped silently), at the highest severity among the dropped
// findings, so the exit code is what it would have been; when every dropped finding was
// suppressed, so is it.
FileResult Engine::finish_file(std::span<FileFindings*> contributions) const {
  FileFindings& all = *contributions.front();
  for (FileFindings* other : contributions.subspan(1)) all.merge(std::move(*other));
  FileResult result;
  result.file = all.file();
  result.findings = all.take_sorted();
  const DroppedFindings& counted = all.dropped();
  if (counted.total() == 0) return result;

  DroppedFindings dropped = counted;
  dropped.file = std::string(all.file());
  std::optional<Severity> highest;
  for (Severity s : {Severity::Info, Severity::Warning, Severity::Error})
    if (dropped.by_severity[static_cast<int>(s)] > 0) highest = s;
  const Finding& first = *all.first_dropped();  // where the listing stops
  Finding note;
  note.code = limit_rule_.meta.code;
  note.name = limit_rule_.meta.name;
  note.severity = highest.value_or(Severity::Info);
  note.message = fmt::format(
      "{} more findings in this file are not listed (limits.maxFindingsPerFile is {}): {} "
      "errors, {} warnings, {} infos, {} suppressed",
      dropped.total(), max_findings_per_file_, dropped.by_severity[2], dropped.by_severity[1],
      dropped.by_severity[0], dropped.suppressed);
  note.default_remediation = limit_rule_.meta.remediation;
  note.file = first.file;
  note.position = first.position;
  note.source = first.source;
  note.source_position = first.source_position;
  if (!highest) {
    note.suppressed_by = SuppressedBy::Limit;
    note.suppression_reason = "every finding over limits.maxFindingsPerFile was suppressed";
  }
  result.findings.push_back(std::move(note));
  result.dropped = std::move(dropped);
  return result;
}

void Engine::linted_objects(const LoadedInput& input, std::vector<LintedObject>& out) {
  for (const K8sObject& object : input.objects) {
    const Node& at = *object.name_node;
    Position position;
    if (at.line > 0)
      position = {at.line > object.line_offset ? at.line - object.line_offset : 1, at.column};
    out.push_back({object.ref(), object.display_path, position});
  }
}

LintResult Engine::lint(std::vector<LoadedFile>&& files) const {
  std::vector<LoadedInput> inputs;
  inputs.reserve(files.size());
  for (LoadedFile& file : files)
    inputs.push_back(prepare(std::make_shared<const LoadedFile>(std::move(file))));
  return lint_inputs(std::move(inputs));
}

LintResult Engine::lint(const std::vector<LoadedFile>& files) const {
  std::vector<LoadedInput> inputs;
  inputs.reserve(files.size());
  for (const LoadedFile& file : files)  // borrowed: the caller keeps them
    inputs.push_back(prepare(std::shared_ptr<const LoadedFile>(&file, [](const LoadedFile*) {})));
  return lint_inputs(std::move(inputs));
}

LintResult Engine::lint_inputs(std::vector<LoadedInput> inputs) const {
  auto run = std::make_shared<LintRun>(make_set());
  run->inputs = std::move(inputs);
  for (const LoadedInput& input : run->inputs)
    for (const K8sObject& object : input.objects) run->set.add(object);

  std::vector<InputFindings> checked;
  checked.reserve(run->inputs.size());
  for (std::size_t i = 0; i < run->inputs.size(); ++i)
    checked.push_back(check(run->inputs[i], i, run->set));
  std::map<std::string_view, std::vector<FileFindings*>> by_file;
  for (InputFindings& input : checked)
    for (FileFindings& file : input.files) by_file[file.file()].push_back(&file);

  LintResult result;
  for (auto& [file, contributions] : by_file) {
    FileResult r = finish_file(contributions);
    std::move(r.findings.begin(), r.findings.end(), std::back_inserter(result.findings));
    if (r.dropped) result.dropped.push_back(std::move(*r.dropped));
  }
  result.files = run->inputs.size();
  result.objects = run->set.objects().size();
  for (const LoadedInput& input : run->inputs) {
    result.file_paths.push_back(input.file->source->path());
    linted_objects(input, result.linted_objects);
  }
  result.keep_alive = std::move(run);
  return result;
}

}  // namespace titanlint
