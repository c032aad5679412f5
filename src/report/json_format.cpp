// The json format, version 1 (documented in docs/json-format.md). Fields are only ever added
// within a version; a rename or removal bumps "version". Written one finding at a time through
// JsonWriter, byte for byte what nlohmann_json's dump(2) of the whole document would be.
#include "report/format_writers.h"
#include "report/json_writer.h"

namespace titanlint {
namespace {

class JsonReportWriter final : public ReportWriter {
 public:
  void begin(const RunStart& run) override {
    errors_ = run.errors;
    json_.begin_object();
    json_.member("version", 1);
    json_.key("tool");
    json_.begin_object();
    json_.member("name", "titanlint");
    json_.member("version", TITANLINT_VERSION);
    json_.end_object();
    json_.key("findings");
    json_.begin_array();
  }

  void file(const FileReport& report) override {
    for (const Finding& f : report.findings) {
      json_.begin_object();
      json_.member("code", f.code);
      json_.member("name", f.name);
      json_.member("severity", to_string(f.severity));
      json_.member("message", f.message);
      json_.member("remediation", f.remediation());
      json_.member("file", f.file);
      json_.member("line", f.position.line);
      json_.member("column", f.position.column);
      write_object(f.object);
      json_.member("fieldPath", f.field_path());
      json_.member("suppressed", f.suppressed());
      if (f.suppressed()) {
        json_.key("suppression");
        json_.begin_object();
        json_.member("by", to_string(f.suppressed_by));
        json_.member("reason", f.suppression_reason);
        json_.end_object();
      }
      if (!f.related.empty()) write_related(f.related);
      if (f.fix) write_fix(*f.fix);
      json_.end_object();
    }
  }

  void write_object(const ObjectRef& object) {
    json_.key("object");
    json_.begin_object();
    json_.member("apiVersion", object.api_version);
    json_.member("kind", object.kind);
    json_.member("namespace", object.namespace_);
    json_.member("name", object.name);
    json_.end_object();
  }

  // "related": the other objects of a cross-resource finding, each at its node (line and column
  // 0 when the object came without a file), with what it is to the finding.
  void write_related(std::span<const RelatedLocation> related) {
    json_.key("related");
    json_.begin_array();
    for (const RelatedLocation& r : related) {
      json_.begin_object();
      json_.member("role", r.role);
      json_.member("file", r.file);
      json_.member("line", r.position.line);
      json_.member("column", r.position.column);
      write_object(r.object);
      json_.end_object();
    }
    json_.end_array();
  }

  // "fix": {"description", "edits": [{file, offset, length, start/end line and column, text}]}
  void write_fix(const Fix& fix) {
    json_.key("fix");
    json_.begin_object();
    json_.member("description", fix.description);
    json_.key("edits");
    json_.begin_array();
    for (const FileEdits& file : fix.files) {
      for (const TextEdit& e : file.edits) {
        const Position start = edit_position(*file.source, e.offset);
        const Position end = edit_position(*file.source, e.end());
        json_.begin_object();
        json_.member("file", file.source->path());
        json_.member("offset", e.offset);
        json_.member("length", e.length);
        json_.member("startLine", start.line);
        json_.member("startColumn", start.column);
        json_.member("endLine", end.line);
        json_.member("endColumn", end.column);
        json_.member("text", e.text);
        json_.end_object();
      }
    }
    json_.end_array();
    json_.end_object();
  }

  void end(const RunTotals& totals) override {
    json_.end_array();
    json_.key("errors");
    json_.begin_array();
    for (const InputError& e : errors_) {
      json_.begin_object();
      json_.member("path", e.path);
      json_.member("message", e.message);
      json_.end_object();
    }
    json_.end_array();
    json_.key("summary");
    json_.begin_object();
    json_.member("files", totals.files);
    json_.member("objects", totals.objects);
    json_.member("errors", totals.count(Severity::Error));
    json_.member("warnings", totals.count(Severity::Warning));
    json_.member("infos", totals.count(Severity::Info));
    json_.member("suppressed", totals.suppressed);
    json_.end_object();
    json_.end_object();
    buffer_ += '\n';
  }

 private:
  JsonWriter json_{buffer_};
  std::span<const InputError> errors_;
};

}  // namespace

std::unique_ptr<ReportWriter> make_json_writer() {
  return std::make_unique<JsonReportWriter>();
}

}  // namespace titanlint
