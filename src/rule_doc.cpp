#include "rule_doc.h"

#include <algorithm>
#include <map>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "schema/schema.h"

namespace titanlint {
namespace {

std::string yaml_block(std::string_view body) {
  if (body.empty()) return "(none)\n";
  std::string out = "```yaml\n" + std::string(body);
  if (body.back() != '\n') out += '\n';
  return out + "```\n";
}

// Markdown table cells end at `|`, even inside code spans (GFM): escape it.
std::string table_cell(const std::string& text) {
  std::string out;
  for (char c : text) out += c == '|' ? std::string("\\|") : std::string(1, c);
  return out;
}

// A rule that validates against the shipped OpenAPI schema (TL006-TL008, TL010-TL012) cites
// docs/schema.md among its references; its page then names the schema's version.
bool uses_schema(const RuleMeta& m) {
  return std::any_of(m.doc.references.begin(), m.doc.references.end(), [](const RuleReference& r) {
    return r.text.starts_with(schema::kDocReference);
  });
}

// The "Applies to" section: from RuleMeta::scope, kinds and containers, never hand-written.
std::string applies_to(const RuleMeta& m) {
  std::string out = "## Applies to\n\n";
  if (m.scope == RuleScope::Loader)
    return out + "Every document of every file read (found while loading).\n\n";
  if (m.scope == RuleScope::Limit)
    return out + "Every file (the engine's note on its findings).\n\n";
  if (m.kinds.empty()) {
    out += "Every object";
  } else {
    std::vector<std::string> kinds;
    for (const KindMatch& k : m.kinds) {
      if (k.group == "*")
        kinds.push_back(fmt::format("`{}`", k.kind));
      else if (k.group.empty())
        kinds.push_back(fmt::format("`{}` (core API group)", k.kind));
      else
        kinds.push_back(fmt::format("`{}` ({})", k.kind, k.group));
    }
    out += fmt::format("{}", fmt::join(kinds, ", "));
  }
  std::vector<std::string_view> containers;
  if (has(m.containers, ContainerSet::App)) containers.push_back("app containers (`containers`)");
  if (has(m.containers, ContainerSet::NativeSidecar))
    containers.push_back("native sidecars (`initContainers` with `restartPolicy: Always`)");
  if (has(m.containers, ContainerSet::Init)) containers.push_back("other init containers");
  if (!containers.empty())
    out += fmt::format("; containers judged: {}", fmt::join(containers, ", "));
  return out + ".\n\n";
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
  if (uses_schema(m))
    out += fmt::format(
        "Schema: the Kubernetes {} OpenAPI document shipped with titanlint (the "
        "only `kubernetesVersion` it accepts){}.\n\n",
        schema::kShippedVersion,
        m.in_webhook ? "" : "; off in the admission webhook unless configured");
  out += applies_to(m);
  out += fmt::format("## What it does\n\n{}\n\n", m.doc.what);
  out += fmt::format("## Why is this bad?\n\n{}\n\n", m.doc.why);
  out += "## Example\n\n" + yaml_block(m.doc.example) + "\n";
  out += "## Use instead\n\n" + yaml_block(m.doc.use_instead) + "\n";
  if (!m.doc.fix.empty()) out += fmt::format("## Fix\n\n{}\n\n", m.doc.fix);
  out += "## References\n\n";
  for (const RuleReference& r : m.doc.references)
    out +=
        r.url.empty() ? fmt::format("- {}\n", r.text) : fmt::format("- [{}]({})\n", r.text, r.url);
  out += "\n## Options\n\n";
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
                       table_cell(format_option_value(spec.default_value)), table_cell(now),
                       table_cell(spec.doc));
  }
  out += fmt::format("\nSet in `.titanlint.yaml`:\n\n```yaml\nrules:\n  {}: {{ {}: {} }}\n```\n",
                     m.code, m.options.front().name,
                     format_option_value(m.options.front().default_value));
  return out;
}

void normalize_doc_text(RuleDoc& doc) {
  doc.what = reflow_prose(doc.what);
  doc.why = reflow_prose(doc.why);
  doc.fix = reflow_prose(doc.fix);
  // `R"yaml(` ends its line so the YAML starts in column 0; that newline is not the block's.
  for (std::string* block : {&doc.example, &doc.use_instead})
    if (block->starts_with('\n')) block->erase(0, 1);
}

std::string reflow_prose(std::string_view text) {
  std::string out;
  bool blank_pending = false;  // a blank line since the last text: a paragraph break
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    const std::size_t first = line.find_first_not_of(" \t");
    if (first == std::string_view::npos) {
      blank_pending = !out.empty();
    } else {
      line = line.substr(first, line.find_last_not_of(" \t") + 1 - first);
      // A list item ("- ...") starts its own line; other lines continue the paragraph.
      if (!out.empty()) out += blank_pending ? "\n\n" : line.starts_with("- ") ? "\n" : " ";
      out += line;
      blank_pending = false;
    }
    start = end + 1;
  }
  return out;
}

RuleOptions default_options(const RuleMeta& meta) {
  std::map<std::string, OptionValue> values;
  for (const OptionSpec& spec : meta.options) values.emplace(spec.name, spec.default_value);
  return RuleOptions(std::move(values));
}

std::string render_rule_page(const RuleDefinition& rule) {
  return fmt::format(
             "<!-- Generated from the rule's doc text by titanlint_docgen; do not edit.\n"
             "     Regenerate: {} -->\n\n",
             kRuleDocsCommand) +
         render_rule_doc(rule, default_options(rule.meta));
}

std::string render_rules_index(const Registry& registry) {
  std::string out = fmt::format(
      "<!-- Generated by titanlint_docgen; do not edit. Regenerate: {} -->\n\n"
      "# titanlint rules\n\n"
      "Every rule, by family. Each page says what the rule checks, why it matters, an example that "
      "fires, what to write instead, and its options. `titanlint explain CODE` prints the same "
      "page with the options of your `.titanlint.yaml`.\n",
      kRuleDocsCommand);
  for (const RuleFamily& family : registry.families()) {
    std::string rows;
    for (const RuleDefinition& r : registry.rules()) {
      if (!r.meta.code.starts_with(family.prefix)) continue;
      std::string summary = table_cell(r.meta.summary);
      rows += fmt::format("| [{0}]({0}.md) | `{1}` | {2} | {3} |\n", r.meta.code, r.meta.name,
                          to_string(r.meta.severity), summary);
    }
    if (rows.empty()) continue;
    out += fmt::format(
        "\n## {} ({}xx)\n\n| code | name | default severity | checks |\n"
        "|---|---|---|---|\n{}",
        family.title, family.prefix, rows);
  }
  return out;
}

}  // namespace titanlint
