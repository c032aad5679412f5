// The one formatter of the server's log lines, request lines (request_log.cpp) and lifecycle
// events (server_log.cpp) alike, so both quote the same way.
//
// json: the fields of a JSON object without its opening brace (the logger's pattern supplies
// `{"ts":..,"level":..,`), e.g. `"msg":"admission","uid":"1",...,"us":42}`.
// text: ` key=value` per field; a value is quoted as a JSON string when it is empty or holds a
// space, a quote, `=` or a control character (DEL included), so a line splits back unambiguously
// and never spans two lines.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace titanlint::webhook {

// Builds either form field by field, in the order the fields are added.
class LogLine {
 public:
  explicit LogLine(bool json);

  void string(std::string_view key, std::string_view value);
  // A JSON array of strings; comma-joined in text.
  void list(std::string_view key, const std::vector<std::string>& values);
  void number(std::string_view key, std::int64_t value);
  void boolean(std::string_view key, bool value);
  // A value already written as JSON (a number, `true`, an object): as it is in json; in text,
  // quoted when it needs it like any other value.
  void literal(std::string_view key, std::string_view json_text);
  // The fields; in json, with the closing brace.
  std::string finish();

 private:
  void start(std::string_view key);
  void text_value(std::string_view value);

  bool json_;
  std::string out_;
};

// A lifecycle event: `msg key=value ...` in text (fields in key order), or in json the fields
// with "msg" among them, all in key order (the order of the JSON object they come in).
std::string event_line(std::string_view msg, const nlohmann::json& fields, bool json);

}  // namespace titanlint::webhook
