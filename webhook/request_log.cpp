#include "request_log.h"

#include "log_line.h"

namespace titanlint::webhook {

std::string request_log_line(const AdmissionOutcome& o, std::int64_t micros, bool json) {
  LogLine line(json);
  if (json) line.string("msg", "admission");  // text starts with the bare message instead
  std::string object = o.namespace_.empty() ? o.name : o.namespace_ + "/" + o.name;
  line.string("uid", o.uid);
  line.string("kind", o.kind);
  line.string("object", object);
  line.string("operation", o.operation);
  line.string("decision", to_string(o.decision));
  line.list("rules", o.codes);
  line.number("us", micros);
  if (o.dry_run) line.boolean("dryRun", true);
  if (!o.skip_reason.empty()) line.string("reason", o.skip_reason);
  if (!o.suppressed_codes.empty()) line.list("ignoredByAnnotation", o.suppressed_codes);
  std::string text = line.finish();
  return json ? text : "admission" + text;
}

}  // namespace titanlint::webhook
