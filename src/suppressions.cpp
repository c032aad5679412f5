#include "suppressions.h"

namespace titanlint {
namespace {

constexpr std::string_view kDirective = "titanlint:ignore";

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

// The pod template's metadata (spec.template or a CronJob's jobTemplate), if any.
const Node* pod_template_metadata(const K8sObject& object) {
  if (const Node* m = object.root->at({"spec", "template", "metadata"})) return m;
  return object.root->at({"spec", "jobTemplate", "spec", "template", "metadata"});
}

// The rules and reason of one annotated metadata mapping; nullopt without the annotation.
std::optional<AnnotationIgnores::Source> from_annotations(const Node* metadata) {
  const Node* annotations = metadata ? metadata->get("annotations") : nullptr;
  const Node* ignore = annotations ? annotations->get(kIgnoreAnnotation) : nullptr;
  if (!ignore || !ignore->is_scalar()) return std::nullopt;
  AnnotationIgnores::Source source;
  source.rules = split_rule_list(ignore->text());
  if (const Node* reason = annotations->get(kIgnoreReasonAnnotation)) source.reason = reason->str();
  return source;
}

bool any_matches(const std::vector<std::string_view>& rules, std::string_view code,
                 std::string_view name) {
  for (std::string_view r : rules)
    if (rule_matches(r, code, name)) return true;
  return false;
}

}  // namespace

bool rule_matches(std::string_view pattern, std::string_view code, std::string_view name) {
  if (pattern.empty()) return false;
  if (pattern == "all" || pattern == name) return true;
  return code.starts_with(pattern);
}

std::vector<std::string_view> split_rule_list(std::string_view text) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && (text[i] == ',' || text[i] == ' ' || text[i] == '\t')) ++i;
    std::size_t start = i;
    while (i < text.size() && text[i] != ',' && text[i] != ' ' && text[i] != '\t') ++i;
    if (i > start) out.push_back(text.substr(start, i - start));
  }
  return out;
}

CommentSuppressions CommentSuppressions::scan(const SourceFile& source) {
  CommentSuppressions out;
  const std::string& text = source.text();
  if (text.find(kDirective) == std::string::npos) return out;  // the common case: nothing to do
  for (std::uint32_t line = 1; line <= source.line_count(); ++line) {
    std::string_view s = source.line(line);
    std::size_t at = s.find(kDirective);
    if (at == std::string_view::npos) continue;
    std::string_view before = trim(s.substr(0, at));
    if (before.empty() || before.back() != '#') continue;  // must be the start of a comment
    std::string_view rest = s.substr(at + kDirective.size());
    bool whole_file = rest.starts_with("-file");
    if (whole_file) rest.remove_prefix(5);
    if (!rest.empty() && rest.front() != ' ' && rest.front() != '\t') continue;
    Directive d;
    std::size_t dashes = rest.find("--");
    std::string_view list = rest.substr(0, dashes);
    if (dashes != std::string_view::npos) d.reason = trim(rest.substr(dashes + 2));
    d.rules = split_rule_list(list);
    if (d.rules.empty()) continue;  // a directive must name what it silences
    d.standalone = trim(before.substr(0, before.size() - 1)).empty();
    if (whole_file)
      out.whole_file_.push_back(std::move(d));
    else
      out.by_line_[line] = std::move(d);
  }
  return out;
}

bool CommentSuppressions::directive_matches(const Directive& d, std::string_view code,
                                            std::string_view name) {
  return any_matches(d.rules, code, name);
}

std::optional<Suppression> CommentSuppressions::match(std::string_view code, std::string_view name,
                                                      std::uint32_t line) const {
  for (const Directive& d : whole_file_)
    if (directive_matches(d, code, name)) return Suppression{SuppressedBy::FileComment, d.reason};
  if (auto it = by_line_.find(line);
      it != by_line_.end() && directive_matches(it->second, code, name))
    return Suppression{SuppressedBy::Comment, it->second.reason};
  if (line > 1) {
    auto it = by_line_.find(line - 1);
    if (it != by_line_.end() && it->second.standalone && directive_matches(it->second, code, name))
      return Suppression{SuppressedBy::Comment, it->second.reason};
  }
  return std::nullopt;
}

AnnotationIgnores AnnotationIgnores::of(const K8sObject& object) {
  AnnotationIgnores out;
  if (auto s = from_annotations(object.root->get("metadata"))) out.sources.push_back(std::move(*s));
  if (auto s = from_annotations(pod_template_metadata(object)))
    out.sources.push_back(std::move(*s));
  return out;
}

std::optional<Suppression> AnnotationIgnores::match(std::string_view code,
                                                    std::string_view name) const {
  for (const Source& s : sources)
    if (any_matches(s.rules, code, name)) return Suppression{SuppressedBy::Annotation, s.reason};
  return std::nullopt;
}

std::optional<Suppression> annotation_suppression(const K8sObject& object, std::string_view code,
                                                  std::string_view name) {
  return AnnotationIgnores::of(object).match(code, name);
}

}  // namespace titanlint
