// The one log-line formatter (webhook/log_line.h): lifecycle events and request lines quote
// values by the same rule, in text and in JSON.
#include "log_line.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "request_log.h"

namespace titanlint::webhook {
namespace {

using nlohmann::json;

TEST(LogLine, EventTextFieldsInKeyOrderQuotedOnlyWhenNeeded) {
  EXPECT_EQ(event_line("listening",
                       {{"port", 8443},
                        {"tls", true},
                        {"address", "[::]:8443"},
                        {"maxConnections", 960},
                        {"threads", 2}},
                       false),
            "listening address=[::]:8443 maxConnections=960 port=8443 threads=2 tls=true");
  EXPECT_EQ(event_line("certificate reload failed; keeping the previous one",
                       {{"error", "no such file"}}, false),
            "certificate reload failed; keeping the previous one error=\"no such file\"");
  EXPECT_EQ(event_line("starting", {{"rules", {"TL101", "TL102"}}, {"config", ""}}, false),
            "starting config=\"\" rules=TL101,TL102");
  EXPECT_EQ(event_line("stopped", json::object(), false), "stopped");
}

// A config error spanning lines stays on one log line, escaped (it once split the line).
TEST(LogLine, EventTextQuotesControlCharactersLikeRequestLines) {
  EXPECT_EQ(event_line("config reload failed; keeping the previous one",
                       {{"error", "config.yaml:3: bad\n  here"}}, false),
            "config reload failed; keeping the previous one error=\"config.yaml:3: bad\\n  here\"");
  EXPECT_EQ(event_line("m", {{"v", "tab\there"}}, false), "m v=\"tab\\there\"");
  EXPECT_EQ(event_line("m", {{"v", "del\x7f"}}, false), "m v=\"del\x7f\"");
}

TEST(LogLine, EventJsonIsTheObjectWithMsgAmongItsKeysInKeyOrder) {
  const std::string line =
      event_line("draining", {{"signal", "SIGTERM"}, {"inFlight", 0}, {"deadlineMs", 20000}}, true);
  EXPECT_EQ(line, R"("deadlineMs":20000,"inFlight":0,"msg":"draining","signal":"SIGTERM"})");
  const json parsed = json::parse("{" + line);
  EXPECT_EQ(parsed["msg"], "draining");
  EXPECT_EQ(event_line("m", {{"error", "a\nb\"c"}, {"ids", {1, 2}}}, true),
            R"("error":"a\nb\"c","ids":[1,2],"msg":"m"})");
  // Invalid UTF-8 (a file name, say) is replaced, so the line stays JSON.
  EXPECT_NO_THROW(json::parse("{" + event_line("m", {{"file", "\xff.yaml"}}, true)));
}

// The same value is written the same way in an event and in a request line.
TEST(LogLine, EventsAndRequestLinesQuoteAlike) {
  for (const std::string value :
       {"plain", "", "a b", "a\"b", "a=b", "a\tb", "a\nb", "a\x01", "del\x7f", "ünïcode"}) {
    const std::string event = event_line("m", {{"object", value}}, false);
    ASSERT_EQ(event.rfind("m object=", 0), 0u) << event;
    const std::string quoted = event.substr(std::string("m object=").size());
    AdmissionOutcome o;
    o.name = value;
    const std::string request = request_log_line(o, 0, false);
    EXPECT_NE(request.find(" object=" + quoted + " "), std::string::npos)
        << request << " vs " << event;
    const std::string event_json = event_line("m", {{"object", value}}, true);
    EXPECT_EQ(json::parse("{" + event_json)["object"], value);
    EXPECT_EQ(json::parse("{" + request_log_line(o, 0, true))["object"], value);
  }
}

}  // namespace
}  // namespace titanlint::webhook
