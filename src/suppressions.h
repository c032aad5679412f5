// Suppressions written by users: `# titanlint:ignore CODE -- reason` comments (on the line or
// the line above), `# titanlint:ignore-file CODE`, and the `titanlint.io/ignore` annotation.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "finding.h"
#include "k8s_object.h"
#include "source_file.h"

namespace titanlint {

inline constexpr std::string_view kIgnoreAnnotation = "titanlint.io/ignore";
inline constexpr std::string_view kIgnoreReasonAnnotation = "titanlint.io/ignore-reason";

struct Suppression {
  SuppressedBy by = SuppressedBy::None;
  std::string_view reason;  // in the source text or the annotation's value
};

// True when `pattern` (a code, a code prefix such as TL2, a rule name, or `all`) selects the rule.
bool rule_matches(std::string_view pattern, std::string_view code, std::string_view name);

// Splits "TL101, TL203 TL3" into its items.
std::vector<std::string_view> split_rule_list(std::string_view text);

// The `# titanlint:ignore` directives of one source text, found by one scan of the file (most
// files have none, and cost one search for the word). The rule lists and reasons point into the
// text.
class CommentSuppressions {
 public:
  static CommentSuppressions scan(const SourceFile& source);

  // For a finding whose node is on `line` of the source text.
  std::optional<Suppression> match(std::string_view code, std::string_view name,
                                   std::uint32_t line) const;

 private:
  struct Directive {
    std::vector<std::string_view> rules;
    std::string_view reason;
    bool standalone = false;  // the comment is the whole line (so it also covers the next line)
  };
  static bool directive_matches(const Directive& d, std::string_view code, std::string_view name);

  std::unordered_map<std::uint32_t, Directive> by_line_;
  std::vector<Directive> whole_file_;
};

// The `titanlint.io/ignore` annotations of one object (on the object, then on its pod template),
// read once for the object's findings.
struct AnnotationIgnores {
  struct Source {
    std::vector<std::string_view> rules;
    std::string_view reason;
  };
  std::vector<Source> sources;  // empty: the object has none

  static AnnotationIgnores of(const K8sObject& object);
  std::optional<Suppression> match(std::string_view code, std::string_view name) const;
};

// The `titanlint.io/ignore` annotation on the object or on its pod template.
std::optional<Suppression> annotation_suppression(const K8sObject& object, std::string_view code,
                                                  std::string_view name);

}  // namespace titanlint
