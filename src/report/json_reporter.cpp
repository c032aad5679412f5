// The json format, version 1 (documented in docs/json-format.md). Fields are only ever added
// within a version; a rename or removal bumps "version".
#include <nlohmann/json.hpp>

#include "report/reporters.h"

namespace titanlint {

void write_json(std::ostream& out, const RunReport& run) {
  nlohmann::ordered_json findings = nlohmann::ordered_json::array();
  for (const Finding& f : run.result.findings) {
    nlohmann::ordered_json j;
    j["code"] = f.code;
    j["name"] = f.name;
    j["severity"] = to_string(f.severity);
    j["message"] = f.message;
    j["remediation"] = f.remediation;
    j["file"] = f.file;
    j["line"] = f.position.line;
    j["column"] = f.position.column;
    j["object"] = {{"apiVersion", f.object.api_version},
                   {"kind", f.object.kind},
                   {"namespace", f.object.namespace_},
                   {"name", f.object.name}};
    j["fieldPath"] = f.field_path;
    j["suppressed"] = f.suppressed;
    if (f.suppressed)
      j["suppression"] = {{"by", f.suppressed_by}, {"reason", f.suppression_reason}};
    findings.push_back(std::move(j));
  }
  nlohmann::ordered_json errors = nlohmann::ordered_json::array();
  for (const InputError& e : run.errors)
    errors.push_back({{"path", e.path}, {"message", e.message}});
  const LintResult& r = run.result;
  nlohmann::ordered_json doc;
  doc["version"] = 1;
  doc["tool"] = {{"name", "titanlint"}, {"version", TITANLINT_VERSION}};
  doc["findings"] = std::move(findings);
  doc["errors"] = std::move(errors);
  doc["summary"] = {{"files", r.files},
                    {"objects", r.objects},
                    {"errors", r.count(Severity::Error)},
                    {"warnings", r.count(Severity::Warning)},
                    {"infos", r.count(Severity::Info)},
                    {"suppressed", r.suppressed()}};
  // error_handler::replace: a file with invalid UTF-8 must not make the output invalid JSON.
  out << doc.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << '\n';
}

}  // namespace titanlint
