// The webhook's routes as a pure function (webhook/routing.h): every endpoint on each port, the
// methods each takes, and how targets that are almost a route are treated.
#include "routing.h"

#include <gtest/gtest.h>

namespace titanlint::webhook {
namespace {

namespace http = boost::beast::http;

constexpr bool kAdmissionPort = true;
constexpr bool kPlainPort = false;

TEST(WebhookRouting, EveryRouteOnTheAdmissionPort) {
  EXPECT_EQ(route_request(http::verb::post, "/validate", kAdmissionPort).route, Route::Validate);
  EXPECT_EQ(route_request(http::verb::get, "/healthz", kAdmissionPort).route, Route::Healthz);
  EXPECT_EQ(route_request(http::verb::get, "/readyz", kAdmissionPort).route, Route::Readyz);
  EXPECT_EQ(route_request(http::verb::get, "/metrics", kAdmissionPort).route, Route::Metrics);
}

TEST(WebhookRouting, ThePlainPortServesHealthAndMetricsButNotValidate) {
  EXPECT_EQ(route_request(http::verb::get, "/healthz", kPlainPort).route, Route::Healthz);
  EXPECT_EQ(route_request(http::verb::get, "/readyz", kPlainPort).route, Route::Readyz);
  EXPECT_EQ(route_request(http::verb::get, "/metrics", kPlainPort).route, Route::Metrics);
  // Not a 405: the plain port has no /validate at all, whatever the method.
  EXPECT_EQ(route_request(http::verb::post, "/validate", kPlainPort).route, Route::NotFound);
  EXPECT_EQ(route_request(http::verb::get, "/validate", kPlainPort).route, Route::NotFound);
}

TEST(WebhookRouting, HeadIsAnsweredLikeGetButNotLikePost) {
  for (const char* path : {"/healthz", "/readyz", "/metrics"})
    EXPECT_EQ(route_request(http::verb::head, path, kAdmissionPort).route,
              route_request(http::verb::get, path, kAdmissionPort).route)
        << path;
  const RouteDecision head = route_request(http::verb::head, "/validate", kAdmissionPort);
  EXPECT_EQ(head.route, Route::MethodNotAllowed);
  EXPECT_EQ(head.allow, "POST");
}

TEST(WebhookRouting, WrongMethodsNameTheMethodThePathTakes) {
  for (http::verb verb : {http::verb::get, http::verb::put, http::verb::delete_, http::verb::patch,
                          http::verb::options}) {
    const RouteDecision d = route_request(verb, "/validate", kAdmissionPort);
    EXPECT_EQ(d.route, Route::MethodNotAllowed) << http::to_string(verb);
    EXPECT_EQ(d.allow, "POST");
    EXPECT_EQ(d.path, "/validate");
  }
  for (const char* path : {"/healthz", "/readyz", "/metrics"}) {
    for (bool port : {kAdmissionPort, kPlainPort}) {
      const RouteDecision d = route_request(http::verb::post, path, port);
      EXPECT_EQ(d.route, Route::MethodNotAllowed) << path;
      EXPECT_EQ(d.allow, "GET") << path;
      EXPECT_EQ(d.path, path);
    }
  }
}

TEST(WebhookRouting, AQueryStringIsIgnoredAndLeftOutOfThePath) {
  RouteDecision d = route_request(http::verb::post, "/validate?timeout=10s", kAdmissionPort);
  EXPECT_EQ(d.route, Route::Validate);
  EXPECT_EQ(d.path, "/validate");
  EXPECT_EQ(route_request(http::verb::get, "/healthz?verbose", kPlainPort).route, Route::Healthz);
  EXPECT_EQ(route_request(http::verb::get, "/metrics?", kPlainPort).route, Route::Metrics);
  // The 405 text names the path without the query.
  d = route_request(http::verb::put, "/readyz?x=1", kAdmissionPort);
  EXPECT_EQ(d.route, Route::MethodNotAllowed);
  EXPECT_EQ(d.path, "/readyz");
  EXPECT_EQ(d.allow, "GET");
}

TEST(WebhookRouting, PathsMatchExactly) {
  // No trailing slash, case folding, percent-decoding, prefix match or absolute form.
  for (const char* target : {"/validate/", "/healthz/", "/Healthz", "/VALIDATE", "/%76alidate",
                             "/validate/x", "/healthzz", "//healthz", "healthz", "/", "", "*",
                             "http://localhost/healthz", "/healthz#top", "/?/healthz"}) {
    EXPECT_EQ(route_request(http::verb::get, target, kAdmissionPort).route, Route::NotFound)
        << target;
    EXPECT_EQ(route_request(http::verb::post, target, kAdmissionPort).route, Route::NotFound)
        << target;
  }
  EXPECT_EQ(route_request(http::verb::get, "/nope?x", kAdmissionPort).path, "/nope");
}

TEST(WebhookRouting, UnknownMethodsOnKnownPathsAreNotAllowed) {
  const RouteDecision d = route_request(http::verb::unknown, "/healthz", kPlainPort);
  EXPECT_EQ(d.route, Route::MethodNotAllowed);
  EXPECT_EQ(d.allow, "GET");
}

}  // namespace
}  // namespace titanlint::webhook
