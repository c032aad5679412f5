// A finding: what a rule reports, where, and whether a suppression silenced it.
//
// Findings are small and point into the run that produced them (the rule's metadata, the objects'
// trees and the source text): a LintResult keeps that run alive, and the streaming pipeline hands
// each file's findings to the output formats before it frees them. What costs something to build
// (the message, the field path, the code frame) is built only for findings that are printed.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fix/fix.h"
#include "node.h"
#include "source_file.h"

namespace titanlint {

enum class Severity : std::uint8_t { Info = 0, Warning = 1, Error = 2 };

std::string_view to_string(Severity severity);
std::optional<Severity> parse_severity(std::string_view text);

// What silenced a finding.
enum class SuppressedBy : std::uint8_t {
  None,
  Comment,      // `# titanlint:ignore CODE` on the line or the line above
  FileComment,  // `# titanlint:ignore-file CODE`
  Annotation,   // `titanlint.io/ignore` on the object or its pod template
  Limit,        // the note that counts findings over limits.maxFindingsPerFile, all suppressed
};
// "comment", "file comment", "annotation", "limit" (the json format's suppression.by).
std::string_view to_string(SuppressedBy by);
// Whether the suppression is written in the manifests (SARIF's `inSource`).
bool written_in_source(SuppressedBy by);

// Which object a finding is about. The texts point into the object's tree.
struct ObjectRef {
  std::string_view api_version;
  std::string_view kind;
  std::string_view namespace_;  // as written; empty when the object has none
  std::string_view name;
  // "Deployment/platform/api", or "Deployment/api" when there is no namespace.
  std::string display() const;
  bool empty() const { return kind.empty() && name.empty(); }
};

// Another object that a cross-resource finding involves (the Service a StatefulSet names, the
// workloads a PDB blocks): the editor's relatedInformation and SARIF's relatedLocations.
struct RelatedLocation {
  ObjectRef object;
  std::string_view role;  // what the object is to the finding: "the governing Service"
  std::string_view file;  // the path users see
  Position position;      // in `file`; {0,0} when the object came without a file
  const SourceFile* source = nullptr;
  Position source_position;  // in `source` (code frames, ranges)
  // "Service/omnitron: the governing Service"
  std::string message() const;
};

struct Finding {
  std::string_view code;  // the rule's (the registry outlives every run)
  std::string_view name;
  Severity severity = Severity::Error;
  // From RuleMeta::sensitive: the source line around the node may show a secret value, so code
  // frames and snippets mask it.
  bool sensitive = false;
  SuppressedBy suppressed_by = SuppressedBy::None;
  std::string_view suppression_reason;  // in the source text or the annotation's value
  // Built only when the finding is printed: empty for a suppressed finding of a run whose formats
  // do not list suppressed findings (text, gcc, github).
  std::string message;
  // The rule's own remediation for this finding; empty means the rule's default.
  std::string custom_remediation;
  std::string_view default_remediation;
  ObjectRef object;       // empty for findings about a file (YAML syntax)
  std::string_view file;  // the path users see (the `# Source:` file for helm output)
  Position position;      // in `file`; {0,0} when the object came without a file
  // Where the node is in the text that was read (code frames); differs from `position` only for
  // helm output read from stdin.
  const SourceFile* source = nullptr;
  Position source_position;
  // What the finding points at, for its field path: `node` (relative to `object_root`), or the
  // field `missing_field` that `node` lacks, or, with `at_object_name`, metadata.name.
  const Node* node = nullptr;
  const Node* object_root = nullptr;
  std::string_view missing_field;
  bool at_object_name = false;
  // The edits that resolve it, in `source`'s text; built only when the run asks for fixes
  // (LintOptions::build_fixes), for printed unsuppressed findings of rules that offer one.
  std::shared_ptr<const Fix> fix;
  // The other objects of a cross-resource finding, in the order the rule named them.
  std::vector<RelatedLocation> related;
  // Report order within the run (input index, then order of reporting): the last tie-breaker of
  // the sort, so the order never depends on threads.
  std::uint64_t sequence = 0;

  bool suppressed() const { return suppressed_by != SuppressedBy::None; }
  std::string_view remediation() const {
    return custom_remediation.empty() ? default_remediation : std::string_view(custom_remediation);
  }
  // spec.template.spec.containers[0].readinessProbe; empty for findings about a file.
  std::string field_path() const;
};

// Orders findings by file, line, column, code and message (the order every format prints them
// in), then by report order.
bool finding_less(const Finding& a, const Finding& b);

}  // namespace titanlint
