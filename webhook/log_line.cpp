#include "log_line.h"

#include <simdjson.h>

#include <nlohmann/json.hpp>

#include <fmt/format.h>

namespace titanlint::webhook {
namespace {

// A JSON string literal. Request values come from a body simdjson has validated as UTF-8, so
// only quotes, backslashes and control characters need escaping; anything else (never expected
// there; possible in an event's error text) goes through nlohmann's replacing serializer so the
// line stays valid JSON.
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

std::string dump(const nlohmann::json& value) {
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// One field of an event, by the JSON type it comes as.
void add_field(LogLine& line, bool json, std::string_view key, const nlohmann::json& value) {
  if (value.is_string()) return line.string(key, value.get_ref<const std::string&>());
  if (!value.is_array()) return line.literal(key, dump(value));
  std::vector<std::string> items;
  bool all_strings = true;
  for (const auto& item : value) {
    all_strings = all_strings && item.is_string();
    items.push_back(item.is_string() ? item.get<std::string>() : dump(item));
  }
  // Text joins any array's items; JSON keeps an array of other values as it is.
  if (json && !all_strings) return line.literal(key, dump(value));
  line.list(key, items);
}

}  // namespace

LogLine::LogLine(bool json) : json_(json) {
  out_.reserve(256);
}

void LogLine::string(std::string_view key, std::string_view value) {
  start(key);
  if (json_)
    append_json_string(out_, value);
  else
    text_value(value);
}

void LogLine::list(std::string_view key, const std::vector<std::string>& values) {
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
  text_value(joined);
}

void LogLine::number(std::string_view key, std::int64_t value) {
  start(key);
  fmt::format_to(std::back_inserter(out_), "{}", value);
}

void LogLine::boolean(std::string_view key, bool value) {
  start(key);
  out_ += value ? "true" : "false";
}

void LogLine::literal(std::string_view key, std::string_view json_text) {
  start(key);
  if (json_)
    out_ += json_text;
  else
    text_value(json_text);
}

std::string LogLine::finish() {
  if (json_) out_ += '}';
  return std::move(out_);
}

void LogLine::start(std::string_view key) {
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

void LogLine::text_value(std::string_view value) {
  if (needs_quotes_in_text(value))
    append_json_string(out_, value);
  else
    out_ += value;
}

std::string event_line(std::string_view msg, const nlohmann::json& fields, bool json) {
  LogLine line(json);
  if (!json) {
    for (auto it = fields.begin(); it != fields.end(); ++it)
      add_field(line, json, it.key(), it.value());
    return std::string(msg) + line.finish();
  }
  nlohmann::json all = fields;  // an object orders its keys: "msg" goes where it sorts
  all["msg"] = msg;
  for (auto it = all.begin(); it != all.end(); ++it) add_field(line, json, it.key(), it.value());
  return line.finish();
}

}  // namespace titanlint::webhook
