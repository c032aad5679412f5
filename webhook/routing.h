// Which endpoint an HTTP request is for, decided from its method and target alone: a pure
// function, so every route and refusal is tested in-process (tests/webhook_routing_test.cpp)
// without sockets. The session (session.cpp) answers what this decides.
#pragma once

#include <cstdint>
#include <ostream>  // boost/beast/http/verb.hpp (through boost/utility/string_view.hpp) needs it
#include <string_view>

#include <boost/beast/http/verb.hpp>

namespace titanlint::webhook {

enum class Route : std::uint8_t {
  Validate,          // POST /validate, admission port only
  Healthz,           // GET or HEAD /healthz
  Readyz,            // GET or HEAD /readyz
  Metrics,           // GET or HEAD /metrics
  MethodNotAllowed,  // a known path with another method: 405 with `allow`
  NotFound,          // anything else, /validate on the plain port included: 404
};

struct RouteDecision {
  Route route = Route::NotFound;
  // The target without its query string ("/healthz" for "/healthz?verbose"): the path matched
  // and the one named in the 405 text. Points into the request's target.
  std::string_view path;
  // For MethodNotAllowed: the method the path takes ("POST", "GET"), for the Allow header.
  std::string_view allow;
};

// `admission_port`: the TLS port, which alone serves /validate. Paths match exactly: no
// trailing slash, no case folding, no percent-decoding; only a query string is ignored.
RouteDecision route_request(boost::beast::http::verb method, std::string_view target,
                            bool admission_port);

}  // namespace titanlint::webhook
