#include "finding.h"

#include <fmt/format.h>

#include "field_path.h"

namespace titanlint {

std::string_view to_string(Severity severity) {
  switch (severity) {
    case Severity::Info:
      return "info";
    case Severity::Warning:
      return "warning";
    case Severity::Error:
      return "error";
  }
  return "error";
}

std::optional<Severity> parse_severity(std::string_view text) {
  if (text == "info") return Severity::Info;
  if (text == "warning") return Severity::Warning;
  if (text == "error") return Severity::Error;
  return std::nullopt;
}

std::string_view to_string(SuppressedBy by) {
  switch (by) {
    case SuppressedBy::None:
      return "";
    case SuppressedBy::Comment:
      return "comment";
    case SuppressedBy::FileComment:
      return "file comment";
    case SuppressedBy::Annotation:
      return "annotation";
    case SuppressedBy::Limit:
      return "limit";
  }
  return "";
}

bool written_in_source(SuppressedBy by) {
  return by == SuppressedBy::Comment || by == SuppressedBy::FileComment ||
         by == SuppressedBy::Annotation;
}

std::string ObjectRef::display() const {
  if (namespace_.empty()) return fmt::format("{}/{}", kind, name);
  return fmt::format("{}/{}/{}", kind, namespace_, name);
}

std::string RelatedLocation::message() const {
  return fmt::format("{}: {}", object.display(), role);
}

std::string Finding::field_path() const {
  if (at_object_name) return "metadata.name";
  if (!node) return {};
  std::string path = titanlint::field_path(*node, object_root);
  if (!missing_field.empty()) append_field(path, missing_field);
  return path;
}

bool finding_less(const Finding& a, const Finding& b) {
  if (a.file != b.file) return a.file < b.file;
  if (a.position.line != b.position.line) return a.position.line < b.position.line;
  if (a.position.column != b.position.column) return a.position.column < b.position.column;
  if (a.code != b.code) return a.code < b.code;
  if (a.message != b.message) return a.message < b.message;
  return a.sequence < b.sequence;
}

}  // namespace titanlint
