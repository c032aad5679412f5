#include "rule_doc.h"

#include <fmt/format.h>

namespace titanlint {
namespace {

std::string yaml_block(const std::string& body) {
  if (body.empty()) return "(none)\n";
  std::string out = "```yaml\n" + body;
  if (body.back() != '\n') out += '\n';
  return out + "```\n";
}

}  // namespace

std::string render_rule_doc(const RuleDefinition& rule, const RuleOptions& current) {
  const RuleMeta& m = rule.meta;
  std::string out;
  out += fmt::format("# {} {}\n\n", m.code, m.name);
  out += fmt::format("Default severity: **{}**", to_string(m.severity));
  if (m.scope == RuleScope::Set) out += " · cross-resource (looks at other objects of the run)";
  if (m.needs_complete_set) out += " · silent under `--partial`";
  out += "\n\n";
  out += fmt::format("{}.\n\n", m.summary);
  out += fmt::format("## What it does\n\n{}\n\n", m.doc.what);
  out += fmt::format("## Why is this bad?\n\n{}\n\n", m.doc.why);
  out += "## Example\n\n" + yaml_block(m.doc.example) + "\n";
  out += "## Use instead\n\n" + yaml_block(m.doc.use_instead) + "\n";
  out += "## Options\n\n";
  if (m.options.empty()) {
    out += "None. The severity can be changed in `.titanlint.yaml`:\n\n";
    out += fmt::format("```yaml\nrules:\n  {}: warning   # or off, error, info\n```\n", m.code);
    return out;
  }
  out += "| option | type | default | current | meaning |\n|---|---|---|---|---|\n";
  for (const OptionSpec& spec : m.options) {
    auto it = current.values().find(spec.name);
    std::string now = it == current.values().end() ? "" : format_option_value(it->second);
    out += fmt::format("| `{}` | {} | `{}` | `{}` | {} |\n", spec.name, to_string(spec.type),
                       format_option_value(spec.default_value), now, spec.doc);
  }
  out += fmt::format("\nSet in `.titanlint.yaml`:\n\n```yaml\nrules:\n  {}: {{ {}: {} }}\n```\n",
                     m.code, m.options.front().name,
                     format_option_value(m.options.front().default_value));
  return out;
}

}  // namespace titanlint
