#include "request_log.h"

#include <simdjson.h>

#include <nlohmann/json.hpp>
#include <string_view>
#include <vector>

#include <fmt/format.h>

namespace titanlint::webhook {
namespace {

// A JSON string literal. The values come from a body simdjson has validated as UTF-8, so only
// quotes, backslashes and control characters need escaping; anything else (never expected) goes
// through nlohmann's replacing serializer so the line stays valid JSON.
void append_json_string(std::string& out, std::string_view value) {
  if (!simdjson::validate_utf8(value.data(), value.size())) {
    out += nlohmann::json(std::string(value))
               .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    return;
  }
  out += '"';
  for (char c : value) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c == '\r') {
      out += "\\r";
    } else if (byte < 0x20) {
      fmt::format_to(std::back_inserter(out), "\\u{:04x}", byte);
    } else {
      out += c;
    }
  }
  out += '"';
}

bool needs_quotes_in_text(std::string_view value) {
  if (value.empty()) return true;
  for (char c : value)
    if (c == ' ' || c == '"' || c == '=' || static_cast<unsigned char>(c) < 0x20 || c == 0x7f)
      return true;
  return false;
}

// Builds either form field by field, in the same order.
class LineBuilder {
 public:
  explicit LineBuilder(bool json) : json_(json) { out_.reserve(256); }

  void string(std::string_view key, std::string_view value) {
    start(key);
    if (json_ || needs_quotes_in_text(value))
      append_json_string(out_, value);
    else
      out_ += value;
  }
  void list(std::string_view key, const std::vector<std::string>& values) {
    start(key);
    if (json_) {
      out_ += '[';
      for (std::size_t i = 0; i < values.size(); ++i) {
        if (i) out_ += ',';
        append_json_string(out_, values[i]);
      }
      out_ += ']';
      return;
    }
    std::string joined;
    for (const std::string& v : values) joined += (joined.empty() ? "" : ",") + v;
    if (needs_quotes_in_text(joined))
      append_json_string(out_, joined);
    else
      out_ += joined;
  }
  void number(std::string_view key, std::int64_t value) {
    start(key);
    fmt::format_to(std::back_inserter(out_), "{}", value);
  }
  void boolean(std::string_view key, bool value) {
    start(key);
    out_ += value ? "true" : "false";
  }
  std::string finish() {
    if (json_) out_ += '}';
    return std::move(out_);
  }

 private:
  void start(std::string_view key) {
    if (json_) {
      if (!out_.empty()) out_ += ',';
      out_ += '"';
      out_ += key;
      out_ += "\":";
    } else {
      out_ += ' ';
      out_ += key;
      out_ += '=';
    }
  }

  bool json_;
  std::string out_;
};

}  // namespace

std::string request_log_line(const AdmissionOutcome& o, std::int64_t micros, bool json) {
  LineBuilder line(json);
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
