// A finding: what a rule reports, where, and whether a suppression silenced it.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "source_file.h"

namespace titanlint {

enum class Severity : std::uint8_t { Info = 0, Warning = 1, Error = 2 };

std::string_view to_string(Severity severity);
std::optional<Severity> parse_severity(std::string_view text);

struct ObjectRef {
  std::string api_version;
  std::string kind;
  std::string namespace_;  // as written; empty when the object has none
  std::string name;
  // "Deployment/platform/api", or "Deployment/api" when there is no namespace.
  std::string display() const;
};

struct Finding {
  std::string code;
  std::string name;
  Severity severity = Severity::Error;
  std::string message;
  std::string remediation;
  ObjectRef object;
  std::string field_path;  // spec.template.spec.containers[0].readinessProbe
  std::string file;        // the path users see (the `# Source:` file for helm output)
  Position position;       // in `file`; {0,0} when the object came without a file
  // Where the node is in the text that was read (for the code frame); differs from `position`
  // only for helm output read from stdin.
  std::shared_ptr<const SourceFile> source;
  Position source_position;
  // From RuleMeta::sensitive: the source line around the node may show a secret value, so the
  // code frame masks it.
  bool sensitive = false;
  bool suppressed = false;
  std::string suppressed_by;  // "comment", "file comment", "annotation"
  std::string suppression_reason;
};

// Orders findings by file, line, column, code (the order every reporter prints them in).
bool finding_less(const Finding& a, const Finding& b);

}  // namespace titanlint
