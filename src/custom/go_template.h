// The subset of Go's text/template that Polaris custom checks use to refer to fields of the
// object under check: `{{ .metadata.name }}`, `.Polaris.PodSpec`, `if`/`else`/`end`,
// `range $k, $v := ...`, variables, `{{- -}}` trimming, comments, and the functions not, and, or,
// eq, ne, lt, le, gt, ge, len, index, print, hasPrefix and hasSuffix. Anything else is a
// TemplateSyntaxError naming the construct, at its byte offset in the template text: a check that
// cannot be evaluated as Polaris would evaluate it is refused, never passed silently.
#pragma once

#include <cstddef>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "node.h"

namespace titanlint::custom {

class TemplateSyntaxError : public std::runtime_error {
 public:
  TemplateSyntaxError(std::size_t offset, const std::string& message)
      : std::runtime_error(message), offset_(offset) {}
  std::size_t offset() const { return offset_; }

 private:
  std::size_t offset_;
};

// A template whose output is over kMaxTemplateOutput bytes (a range over a huge map, nested) stops
// with this error: the check then fails on the object with a message that says so.
class TemplateRuntimeError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

inline constexpr std::size_t kMaxTemplateOutput = 1u << 20;

// What `.` is when a check's template renders: the whole object, and `.Polaris` with the pod
// spec, the pod template and the container being checked (each null when not applicable).
struct TemplateData {
  const Node* object = nullptr;
  const Node* pod_spec = nullptr;
  const Node* pod_template = nullptr;
  const Node* container = nullptr;
};

struct TemplateAst;

class GoTemplate {
 public:
  // Throws TemplateSyntaxError.
  explicit GoTemplate(std::string_view text);
  ~GoTemplate();
  GoTemplate(GoTemplate&&) noexcept;
  GoTemplate& operator=(GoTemplate&&) noexcept;

  // No action at all: the text renders to itself.
  bool is_static() const;
  // Throws TemplateRuntimeError.
  std::string render(const TemplateData& data) const;

 private:
  std::unique_ptr<TemplateAst> ast_;
};

// Whether text holds a template action (`{{`).
inline bool has_template(std::string_view text) {
  return text.find("{{") != std::string_view::npos;
}

}  // namespace titanlint::custom
