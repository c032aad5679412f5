// TL001 yaml-syntax: the findings come from the loaders (yaml_loader.cpp, json_loader.cpp).
#include "common/define.h"

namespace titanlint::rules {

RuleDefinition tl001_yaml_syntax() {
  RuleMeta m;
  m.code = "TL001";
  m.name = "yaml-syntax";
  m.severity = Severity::Error;
  m.scope = RuleScope::Loader;
  m.load_problem = LoadProblem::Syntax;
  m.summary = "The document does not parse as YAML or JSON, or exceeds a safety limit";
  m.remediation = "fix the syntax at the position shown; kubectl would reject the file too";
  m.doc.what = R"md(
    Reports a document that libyaml (the parser Kubernetes' own go-yaml was ported from) or simdjson
    cannot parse, at the parser's line and column. Loading then resumes at the next `---` line, so
    the other documents of the file and the other files are still linted. The same code reports
    input that exceeds a safety limit: nesting deeper than `limits.maxDepth` (256), aliases that
    expand to more than `limits.maxAliasExpansion` nodes (1,000,000: the billion-laughs bomb), or
    more than `limits.maxDocumentsPerFile` documents (20,000) (docs/limits.md). Findings past
    `limits.maxFindingsPerFile` are counted by TL009 findings-limit.
  )md";
  m.doc.why = R"md(
    A manifest that does not parse is not applied at all: in CI it is the first thing to know, with
    the exact position. Hostile or broken input must never crash or stall the linter or the webhook.
  )md";
  m.doc.example = R"yaml(
metadata:
  name: api
   namespace: platform   # bad indentation
)yaml";
  m.doc.use_instead = R"yaml(
metadata:
  name: api
  namespace: platform
)yaml";
  m.doc.references = {{"YAML 1.2.2 specification", "https://yaml.org/spec/1.2.2/"}};
  return define<LoaderRule>(std::move(m));
}

}  // namespace titanlint::rules
