#include "rule.h"

#include <stdexcept>
#include <utility>

#include <fmt/format.h>

#include "file_findings.h"
#include "fix/fix_builder.h"
#include "suppressions.h"

namespace titanlint {

std::string_view to_string(OptionType type) {
  switch (type) {
    case OptionType::Int:
      return "integer";
    case OptionType::Bool:
      return "boolean";
    case OptionType::String:
      return "string";
    case OptionType::StringList:
      return "list of strings";
    case OptionType::RegexList:
      return "list of RE2 patterns";
  }
  return "?";
}

std::string format_option_value(const OptionValue& value) {
  struct Visitor {
    std::string operator()(std::int64_t v) const { return std::to_string(v); }
    std::string operator()(bool v) const { return v ? "true" : "false"; }
    std::string operator()(const std::string& v) const { return fmt::format("'{}'", v); }
    std::string operator()(const std::vector<std::string>& v) const {
      std::string out = "[";
      for (std::size_t i = 0; i < v.size(); ++i) out += fmt::format("{}'{}'", i ? ", " : "", v[i]);
      return out + "]";
    }
  };
  return std::visit(Visitor{}, value);
}

const OptionValue& RuleOptions::value(const std::string& name) const {
  auto it = values_.find(name);
  // A rule asking for an option it did not declare is a programming error, caught by the tests.
  if (it == values_.end()) throw std::logic_error("undeclared rule option: " + name);
  return it->second;
}

std::int64_t RuleOptions::integer(const std::string& name) const {
  return std::get<std::int64_t>(value(name));
}
bool RuleOptions::boolean(const std::string& name) const {
  return std::get<bool>(value(name));
}
const std::string& RuleOptions::string(const std::string& name) const {
  return std::get<std::string>(value(name));
}
const std::vector<std::string>& RuleOptions::list(const std::string& name) const {
  return std::get<std::vector<std::string>>(value(name));
}

void Reporter::report(const Node& node, LazyText message, LazyText remediation, LazyFix fix) {
  add(node, {}, false, message, remediation, fix);
}

void Reporter::report_missing(const Node& mapping, std::string_view field, LazyText message,
                              LazyText remediation, LazyFix fix) {
  add(mapping, field, false, message, remediation, fix);
}

void Reporter::report_object(LazyText message, LazyText remediation, LazyFix fix) {
  add(*scope_.object.name_node, {}, true, message, remediation, fix);
}

Reporter& Reporter::relate(const K8sObject& other, std::string_view role, const Node* at) {
  if (!at) at = other.name_node;
  RelatedLocation r;
  r.object = other.ref();
  r.role = role;
  r.file = other.display_path;
  r.source = other.source;
  if (at && at->line > 0) {
    r.source_position = {at->line, at->column};
    r.position = {at->line > other.line_offset ? at->line - other.line_offset : 1, at->column};
  }
  related_.push_back(r);
  return *this;
}

void Reporter::add(const Node& node, std::string_view missing_field, bool at_object_name,
                   LazyText& message, LazyText& remediation, const LazyFix& fix) {
  const K8sObject& object = scope_.object;
  Finding f;
  f.code = meta_.code;
  f.name = meta_.name;
  f.severity = severity_;
  f.sensitive = meta_.sensitive;
  f.default_remediation = meta_.remediation;
  f.object = object.ref();
  f.file = object.display_path;
  f.source = object.source;
  f.node = &node;
  f.object_root = object.root;
  f.missing_field = missing_field;
  f.at_object_name = at_object_name;
  f.sequence = scope_.next_sequence++;
  f.related = std::exchange(related_, {});
  if (node.line > 0) {
    f.source_position = {node.line, node.column};
    std::uint32_t line = node.line > object.line_offset ? node.line - object.line_offset : 1;
    f.position = {line, node.column};
  }
  std::optional<Suppression> suppression;
  if (scope_.annotations) suppression = scope_.annotations->match(f.code, f.name);
  if (!suppression) suppression = scope_.comments.match(f.code, f.name, f.source_position.line);
  if (suppression) {
    f.suppressed_by = suppression->by;
    f.suppression_reason = suppression->reason;
  }
  if (!scope_.findings.admits(f.position, f.code)) {
    scope_.findings.drop(std::move(f));
    return;
  }
  if (!f.suppressed() || scope_.render_suppressed) {
    f.message = message.take();
    f.custom_remediation = remediation.take();
  }
  if (scope_.fixes && !fix.empty() && !f.suppressed()) {
    FixBuilder builder(scope_.fixes->get());
    fix.build(builder);
    if (auto made = builder.take()) f.fix = std::make_shared<const Fix>(std::move(*made));
  }
  scope_.findings.add(std::move(f));
}

}  // namespace titanlint
