// The engine: configured rules run over the objects of loaded files; findings come back sorted,
// with suppressions applied (suppressed findings are kept and marked, never dropped).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "config.h"
#include "document.h"
#include "finding.h"
#include "inputs.h"
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
};

// An object of the run and the file it is shown in (for reporters that list every object, such
// as junit, whose objects without findings are passing test cases).
struct LintedObject {
  ObjectRef object;
  std::string file;   // the path findings show (the helm `# Source:` file for helm output)
  Position position;  // of metadata.name (or the object's mapping), in `file`
};

// Findings of one file past limits.maxFindingsPerFile: left out of `findings`, counted here, and
// named by one TL001 finding at the end of the file's findings.
struct DroppedFindings {
  std::string file;
  std::size_t by_severity[3] = {0, 0, 0};  // unsuppressed, indexed by Severity
  std::size_t suppressed = 0;
  std::size_t total() const {
    return by_severity[0] + by_severity[1] + by_severity[2] + suppressed;
  }
};

struct LintResult {
  std::vector<Finding> findings;  // sorted; includes suppressed ones
  std::size_t files = 0;
  std::size_t objects = 0;
  std::vector<std::string> file_paths;       // every file read, in input order
  std::vector<LintedObject> linted_objects;  // every object, in input order
  std::vector<DroppedFindings> dropped;      // per file over limits.maxFindingsPerFile
  // Counts include the dropped findings: the summary and the exit code never lose them.
  std::size_t count(Severity severity, bool include_suppressed = false) const;
  std::size_t suppressed() const;
};

class Engine {
 public:
  Engine(const Registry& registry, const Config& config, LintOptions options);

  LintResult lint(const std::vector<LoadedFile>& files) const;

  // Whether a rule is on for this run (selection and config).
  bool enabled(std::string_view code) const;

 private:
  struct ActiveRule {
    const RuleDefinition* definition;
    Severity severity;
    std::unique_ptr<Rule> rule;
  };
  const ActiveRule* active(std::string_view code) const;
  void add_loader_findings(const LoadedFile& file, std::vector<Finding>& out) const;
  void cap_findings_per_file(LintResult& result) const;

  LintOptions options_;
  std::vector<ActiveRule> rules_;
  std::uint32_t max_findings_per_file_;
  const RuleDefinition* limit_rule_;  // TL001, which reports exceeded limits
};

}  // namespace titanlint
