#include "server_log.h"

#include <chrono>
#include <string>

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <nlohmann/json.hpp>

#include "buffered_log_sink.h"

namespace titanlint::webhook {

namespace {

spdlog::level::level_enum spdlog_level(LogLevel level) {
  switch (level) {
    case LogLevel::info:
      return spdlog::level::info;
    case LogLevel::warn:
      return spdlog::level::warn;
    case LogLevel::error:
      return spdlog::level::err;
  }
  return spdlog::level::err;
}

// `key=value` for a text line: strings as they are, arrays comma-joined, anything empty or with a
// space, quote or `=` quoted as a JSON string so the line splits back unambiguously.
std::string text_value(const nlohmann::json& v) {
  std::string value;
  if (v.is_string())
    value = v.get<std::string>();
  else if (v.is_array()) {
    for (const auto& item : v)
      value +=
          (value.empty() ? "" : ",") + (item.is_string() ? item.get<std::string>() : item.dump());
  } else
    value = v.dump();
  if (value.empty() || value.find_first_of(" \"=") != std::string::npos)
    value = nlohmann::json(value).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return value;
}

}  // namespace

ServerLog::ServerLog(int fd, bool json)
    : logger_(std::make_shared<spdlog::logger>("titanlint", std::make_shared<BufferedLogSink>(fd))),
      json_(json) {
  spdlog::register_logger(logger_);
  if (json)
    logger_->set_pattern(R"({"ts":"%Y-%m-%dT%H:%M:%S.%fZ","level":"%l",%v)",
                         spdlog::pattern_time_type::utc);
  else
    logger_->set_pattern("%Y-%m-%dT%H:%M:%S.%fZ %l %v", spdlog::pattern_time_type::utc);
  logger_->flush_on(spdlog::level::warn);
  spdlog::flush_every(std::chrono::seconds(1));
}

ServerLog::~ServerLog() {
  logger_->flush();
  spdlog::shutdown();
}

void ServerLog::line(LogLevel level, std::string_view text) {
  logger_->log(spdlog_level(level), "{}", text);
}

void ServerLog::event(LogLevel level, std::string_view msg, const nlohmann::json& fields) {
  if (json_) {
    nlohmann::json line = {{"msg", msg}};
    for (auto it = fields.begin(); it != fields.end(); ++it) line[it.key()] = it.value();
    std::string text = line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    // The pattern supplies `{"ts":..,"level":..,`; drop this object's opening brace.
    logger_->log(spdlog_level(level), "{}", std::string_view(text).substr(1));
  } else {
    std::string text(msg);
    for (auto it = fields.begin(); it != fields.end(); ++it)
      text += fmt::format(" {}={}", it.key(), text_value(it.value()));
    logger_->log(spdlog_level(level), "{}", text);
  }
  logger_->flush();
}

void ServerLog::flush() {
  logger_->flush();
}

}  // namespace titanlint::webhook
