// TL003 duplicate-key: detected by the loaders while building mappings.
#include "common/define.h"

namespace titanlint::rules {

RuleDefinition tl003_duplicate_key() {
  RuleMeta m;
  m.code = "TL003";
  m.name = "duplicate-key";
  m.severity = Severity::Error;
  m.scope = RuleScope::Loader;
  m.load_problem = LoadProblem::DuplicateKey;
  m.summary = "A mapping repeats a key";
  m.remediation = "remove one of the two keys, or merge their values";
  m.doc.what = R"md(
    Reports the second occurrence of a key in the same mapping, pointing at it and naming the line
    of the first. YAML merge keys (`<<`) are not duplicates.
  )md";
  m.doc.why = R"md(
    libyaml accepts duplicate keys and the API server keeps only the last value silently: half of
    what was written is thrown away, typically a second `env:` or `resources:` block pasted below
    the first.
  )md";
  m.doc.example = R"yaml(
containers:
  - name: api
    resources: { requests: { cpu: 500m } }
    resources: { limits: { memory: 1Gi } }
)yaml";
  m.doc.use_instead = R"yaml(
containers:
  - name: api
    resources:
      requests: { cpu: 500m }
      limits: { memory: 1Gi }
)yaml";
  m.doc.references = {
      {"YAML 1.2.2 specification (mapping keys are unique)", "https://yaml.org/spec/1.2.2/"}};
  return define<LoaderRule>(std::move(m));
}

}  // namespace titanlint::rules
