// The engine: configured rules run over the objects of loaded files. Findings come back per
// file, sorted, with suppressions applied (suppressed findings are kept and marked, never
// dropped) and limits.maxFindingsPerFile applied as they are reported.
//
// The work is split so that a pipeline can spread it over threads (src/pipeline.h):
//   prepare_input()  one loaded file -> its objects            (any thread, per file)
//   LintSet          every object of the run, indexed          (once, after all are prepared)
//   check()          every rule over one input's objects       (any thread, per file)
//   finish_file()    one display file's findings, in order     (in file order)
// Engine::lint() does all four in order for callers that want every finding at once.
#pragma once

#include <array>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "config.h"
#include "document.h"
#include "file_findings.h"
#include "finding.h"
#include "inputs.h"
#include "k8s_object.h"
#include "lint_set.h"
#include "registry.h"
#include "rule.h"

namespace titanlint {

struct LintOptions {
  std::vector<std::string> select;  // codes, code prefixes (TL2) or names; empty = all
  std::vector<std::string> ignore;
  bool partial = false;
  std::string default_namespace = "default";
  bool allow_annotation_ignores = true;  // the webhook turns this off unless configured
  // For stdin: report helm `# Source:` files instead of <stdin>.
  bool map_helm_sources = true;
  // Build messages for suppressed findings too (the json, sarif and junit formats list them).
  bool render_suppressed = true;
  // Build the fixes of printed findings (`titanlint fix`, and the json and sarif formats, which
  // carry them).
  bool build_fixes = false;
  // The CRDs of --schema-dir / schemaDirs: (load_crd_dirs()); null when none.
  std::shared_ptr<const schema::CrdCatalog> schema_dir_crds;
};

// An object of the run and the file it is shown in (for formats that list every object, such as
// junit, whose objects without findings are passing test cases).
struct LintedObject {
  ObjectRef object;
  std::string_view file;  // the path findings show (the helm `# Source:` file for helm output)
  Position position;      // of metadata.name (or the object's mapping), in `file`
};

// One input after loading: its file, the objects in it and the documents that are not objects.
struct LoadedInput {
  std::shared_ptr<const LoadedFile> file;  // owned, or borrowed from the caller
  std::vector<K8sObject> objects;          // document order, `kind: List` items expanded
  std::vector<K8sObject> non_objects;      // roots that are not Kubernetes objects (TL002)
  // Every path this input's findings are shown under, sorted: the file's own, and for helm
  // output on stdin the `# Source:` files.
  std::vector<std::string_view> display_files;
};

// The findings of one input, by display file (one for almost every input).
struct InputFindings {
  std::vector<FileFindings> files;
};

// One display file's findings in report order, the cap's note last when findings were dropped.
struct FileResult {
  std::string_view file;
  std::vector<Finding> findings;
  std::optional<DroppedFindings> dropped;
};

struct LintResult {
  std::vector<Finding> findings;  // sorted; includes suppressed ones and the cap's notes
  std::size_t files = 0;
  std::size_t objects = 0;
  std::vector<std::string> file_paths;       // every file read, in input order
  std::vector<LintedObject> linted_objects;  // every object, in input order
  std::vector<DroppedFindings> dropped;      // per file over limits.maxFindingsPerFile
  // Counts include the dropped findings: the summary and the exit code never lose them.
  std::size_t count(Severity severity, bool include_suppressed = false) const;
  std::size_t suppressed() const;
  // What the findings point into (the files, their trees and objects).
  std::shared_ptr<const void> keep_alive;
};

class Engine {
 public:
  Engine(const Registry& registry, const Config& config, LintOptions options);
  // The definition of a rule the engine runs; nullptr for one it does not.
  const RuleDefinition* definition(std::string_view code) const;

  // Every finding of these files, sorted. The result owns the files.
  LintResult lint(std::vector<LoadedFile>&& files) const;
  // The same for files the caller keeps: the result points into them, so they must outlive it.
  LintResult lint(const std::vector<LoadedFile>& files) const;

  // Whether a rule is on for this run (selection and config).
  bool enabled(std::string_view code) const;
  const LintOptions& options() const { return options_; }

  // The objects of a loaded file (see LoadedInput).
  LoadedInput prepare(std::shared_ptr<const LoadedFile> file) const;
  // Every active rule over one input's objects, with its loader problems and non-objects.
  // `input_index` orders findings that tie on everything else. `set` holds every object of the
  // run. Safe to call from several threads at once (rules are immutable).
  InputFindings check(const LoadedInput& input, std::size_t input_index, const LintSet& set) const;
  // One display file's findings from its contributions (normally one), sorted, with the note
  // that counts the dropped ones.
  FileResult finish_file(std::span<FileFindings*> contributions) const;
  // The objects of an input as junit lists them.
  static void linted_objects(const LoadedInput& input, std::vector<LintedObject>& out);
  LintSet make_set() const {
    return LintSet(options_.default_namespace, options_.partial, options_.schema_dir_crds);
  }

 private:
  struct ActiveRule {
    const RuleDefinition* definition;
    Severity severity;
    std::unique_ptr<Rule> rule;
  };
  const ActiveRule* active(std::string_view code) const;
  // Fills loader_rules_, checkers_by_kind_ and any_kind_checkers_ from rules_ (once).
  void index_rules();
  FileFindings& findings_for(InputFindings& out, std::string_view file) const;
  LintResult lint_inputs(std::vector<LoadedInput> inputs) const;

  LintOptions options_;
  std::vector<ActiveRule> rules_;
  std::uint32_t max_findings_per_file_;
  const RuleDefinition& limit_rule_;  // RuleScope::Limit: names the findings-over-limit note
  // The rules that check objects (RuleScope Object and Set), by the kind they apply to (rules
  // with no kinds are in every list), each list in rule order; `any_kind_checkers_` for kinds
  // no rule names. Built once, so an object meets only the rules for its kind.
  std::map<std::string, std::vector<const ActiveRule*>, std::less<>> checkers_by_kind_;
  std::vector<const ActiveRule*> any_kind_checkers_;
  const std::vector<const ActiveRule*>& checkers_for(std::string_view kind) const;
  // The active rule reporting each LoadProblem (by its value), or null when it is not selected.
  std::array<const ActiveRule*, kLoadProblemCount> loader_rules_{};
};

}  // namespace titanlint
