#include "server_log.h"

#include <chrono>
#include <string>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "buffered_log_sink.h"
#include "log_line.h"

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
  logger_->log(spdlog_level(level), "{}", event_line(msg, fields, json_));
  logger_->flush();
}

void ServerLog::flush() {
  logger_->flush();
}

}  // namespace titanlint::webhook
