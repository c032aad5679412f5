// TL009 findings-limit: the engine's note for a file with more findings than
// limits.maxFindingsPerFile (Engine::finish_file); the rule exists for its code, docs and listing.
#include "common/define.h"

namespace titanlint::rules {

RuleDefinition tl009_findings_limit() {
  RuleMeta m;
  m.code = "TL009";
  m.name = "findings-limit";
  m.severity = Severity::Error;
  m.scope = RuleScope::Limit;
  m.summary = "A file has more findings than limits.maxFindingsPerFile; the rest are counted";
  m.remediation =
      "fix the findings listed, or raise limits.maxFindingsPerFile in .titanlint.yaml to list "
      "them all";
  m.doc.what = R"md(
    A file with more findings than `limits.maxFindingsPerFile` (1,000 by default) has only the first
    1,000 in report order listed; one TL009 at the end of the file's findings counts the others by
    severity (errors, warnings, infos, suppressed), at the position of the first one left out. Its
    severity is the highest among the findings left out, not this page's, so the exit code is what
    it would have been with every finding listed; when every finding left out was suppressed, so is
    the note. It is reported whether or not TL009 is selected, and it cannot be ignored or
    suppressed by a comment: nothing is dropped silently (docs/limits.md).
  )md";
  m.doc.why = R"md(
    A generated or hostile file can produce millions of findings; listing them all costs memory and
    time in the CLI and the webhook, and buries the first, useful ones. Counting the rest keeps the
    run bounded without hiding that they exist.
  )md";
  m.doc.example = R"yaml(
# a file with 1,200 containers without probes, linted with the default limit
limits:
  maxFindingsPerFile: 1000
)yaml";
  m.doc.use_instead = R"yaml(
# list them all (or fix the generator)
limits:
  maxFindingsPerFile: 5000
)yaml";
  m.doc.references = {
      {"titanlint configuration: `limits.maxFindingsPerFile` (`titanlint --dump-config`)", ""}};
  return define<LoaderRule>(std::move(m));
}

}  // namespace titanlint::rules
