#include "rule.h"

#include <stdexcept>

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

bool finding_less(const Finding& a, const Finding& b) {
  if (a.file != b.file) return a.file < b.file;
  if (a.position.line != b.position.line) return a.position.line < b.position.line;
  if (a.position.column != b.position.column) return a.position.column < b.position.column;
  if (a.code != b.code) return a.code < b.code;
  return a.message < b.message;
}

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

void Reporter::report(const Node& node, std::string message, std::string remediation) {
  add(node, field_path(node, object_.root), std::move(message), std::move(remediation));
}

void Reporter::report_missing(const Node& mapping, std::string_view field, std::string message,
                              std::string remediation) {
  std::string path = field_path(mapping, object_.root);
  append_field(path, field);
  add(mapping, std::move(path), std::move(message), std::move(remediation));
}

void Reporter::report_object(std::string message, std::string remediation) {
  add(*object_.name_node, "metadata.name", std::move(message), std::move(remediation));
}

void Reporter::add(const Node& node, std::string path, std::string message,
                   std::string remediation) {
  Finding f;
  f.code = meta_.code;
  f.name = meta_.name;
  f.severity = severity_;
  f.message = std::move(message);
  f.remediation = remediation.empty() ? meta_.remediation : std::move(remediation);
  f.object = object_.ref();
  f.field_path = std::move(path);
  f.file = object_.display_path;
  f.source = object_.source;
  f.sensitive = meta_.sensitive;
  if (node.line > 0) {
    f.source_position = {node.line, node.column};
    std::uint32_t line = node.line > object_.line_offset ? node.line - object_.line_offset : 1;
    f.position = {line, node.column};
  }
  out_.push_back(std::move(f));
}

}  // namespace titanlint
