// The per-request log line and the buffered sink that carries it to stderr.
#include "request_log.h"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <spdlog/logger.h>
#include <nlohmann/json.hpp>
#include <string>

#include "buffered_log_sink.h"

namespace titanlint::webhook {
namespace {

using nlohmann::json;

AdmissionOutcome denied_outcome() {
  AdmissionOutcome o;
  o.decision = Decision::Denied;
  o.uid = "705ab4f5";
  o.kind = "Deployment";
  o.namespace_ = "platform";
  o.name = "webapp";
  o.operation = "CREATE";
  o.codes = {"TL101", "TL102"};
  return o;
}

// The JSON form is the fields of one object whose opening brace the logger's pattern supplies.
json parse_json_line(const std::string& line) {
  return json::parse("{" + line);
}

TEST(RequestLog, JsonLineHasEveryFieldTheIssueNames) {
  json j = parse_json_line(request_log_line(denied_outcome(), 412, true));
  EXPECT_EQ(j["msg"], "admission");
  EXPECT_EQ(j["uid"], "705ab4f5");
  EXPECT_EQ(j["kind"], "Deployment");
  EXPECT_EQ(j["object"], "platform/webapp");
  EXPECT_EQ(j["operation"], "CREATE");
  EXPECT_EQ(j["decision"], "denied");
  EXPECT_EQ(j["rules"], json::array({"TL101", "TL102"}));
  EXPECT_EQ(j["us"], 412);
  EXPECT_FALSE(j.contains("dryRun"));
  EXPECT_FALSE(j.contains("reason"));
}

TEST(RequestLog, OptionalFieldsAppearOnlyWhenSet) {
  AdmissionOutcome o = denied_outcome();
  o.dry_run = true;
  o.skip_reason = "namespace kube-system is excluded";
  o.suppressed_codes = {"TL203"};
  json j = parse_json_line(request_log_line(o, 1, true));
  EXPECT_EQ(j["dryRun"], true);
  EXPECT_EQ(j["reason"], "namespace kube-system is excluded");
  EXPECT_EQ(j["ignoredByAnnotation"], json::array({"TL203"}));
}

TEST(RequestLog, HostileValuesCannotBreakOrForgeAJsonLine) {
  AdmissionOutcome o = denied_outcome();
  o.uid = "x\",\"decision\":\"allowed";  // an attempt to forge a field
  o.name = "a\nb\\c\x01";
  o.kind = std::string("bad\xff\xfe utf8");
  const std::string line = request_log_line(o, 1, true);
  EXPECT_EQ(line.find('\n'), std::string::npos);
  json j = parse_json_line(line);
  EXPECT_EQ(j["uid"], "x\",\"decision\":\"allowed");
  EXPECT_EQ(j["decision"], "denied");
  EXPECT_EQ(j["object"], "platform/a\nb\\c\x01");
  EXPECT_NE(j["kind"].get<std::string>().find("utf8"), std::string::npos);
}

TEST(RequestLog, TextLineQuotesOnlyWhatNeedsIt) {
  AdmissionOutcome o = denied_outcome();
  o.skip_reason = "owned by a controller";
  o.name = "we=b\napp";
  const std::string line = request_log_line(o, 7, false);
  EXPECT_EQ(line.rfind("admission uid=705ab4f5 kind=Deployment ", 0), 0u) << line;
  EXPECT_NE(line.find(" object=\"platform/we=b\\napp\""), std::string::npos) << line;
  EXPECT_NE(line.find(" rules=TL101,TL102 us=7"), std::string::npos) << line;
  EXPECT_NE(line.find(" reason=\"owned by a controller\""), std::string::npos) << line;
  EXPECT_EQ(line.find('\n'), std::string::npos);
  AdmissionOutcome empty;
  EXPECT_NE(request_log_line(empty, 0, false).find(" uid=\"\""), std::string::npos);
}

// Reads what is available on a non-blocking pipe.
std::string drain(int fd) {
  std::string out;
  char buffer[65536];
  for (ssize_t n; (n = ::read(fd, buffer, sizeof buffer)) > 0;) out.append(buffer, n);
  return out;
}

TEST(BufferedLogSink, HoldsLinesUntilFlushOrAChunkGathers) {
  int fds[2];
  ASSERT_EQ(::pipe2(fds, O_NONBLOCK), 0);
  auto sink = std::make_shared<BufferedLogSink>(fds[1], 1024);
  spdlog::logger log("test", sink);
  log.set_pattern("%v");
  log.info("first");
  log.info("second");
  EXPECT_EQ(drain(fds[0]), "");  // still in memory
  log.flush();
  EXPECT_EQ(drain(fds[0]), "first\nsecond\n");
  for (int i = 0; i < 200; ++i) log.info("line {:04}", i);  // 10 bytes each: past 1024
  const std::string chunk = drain(fds[0]);
  EXPECT_GE(chunk.size(), 1024u);
  EXPECT_EQ(chunk.rfind("line 0000\n", 0), 0u);
  log.flush();
  EXPECT_EQ(chunk.size() + drain(fds[0]).size(), 2000u);  // every line, in order, once
  EXPECT_EQ(sink->dropped_bytes(), 0u);
  ::close(fds[0]);
  ::close(fds[1]);
}

TEST(BufferedLogSink, ABrokenDescriptorIsCountedNotFatal) {
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  ::close(fds[0]);  // nobody reads: write fails with EPIPE (SIGPIPE ignored, as serve does)
  auto previous = ::signal(SIGPIPE, SIG_IGN);
  {
    auto sink = std::make_shared<BufferedLogSink>(fds[1]);
    spdlog::logger log("test", sink);
    log.set_pattern("%v");
    log.info("lost");
    log.flush();
    EXPECT_EQ(sink->dropped_bytes(), 5u);
    log.info("also lost");
  }  // the destructor's final write fails quietly too
  ::signal(SIGPIPE, previous);
  ::close(fds[1]);
}

}  // namespace
}  // namespace titanlint::webhook
