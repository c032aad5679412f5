#include "routing.h"

namespace titanlint::webhook {

namespace http = boost::beast::http;

RouteDecision route_request(http::verb method, std::string_view target, bool admission_port) {
  RouteDecision decision;
  decision.path = target.substr(0, target.find('?'));
  // A GET route answers HEAD too (without the body); POST /validate takes nothing else.
  auto only = [&](Route route, http::verb verb, std::string_view allow) {
    const bool ok = method == verb || (verb == http::verb::get && method == http::verb::head);
    decision.route = ok ? route : Route::MethodNotAllowed;
    if (!ok) decision.allow = allow;
    return decision;
  };
  const std::string_view path = decision.path;
  if (path == "/validate" && admission_port) return only(Route::Validate, http::verb::post, "POST");
  if (path == "/healthz") return only(Route::Healthz, http::verb::get, "GET");
  if (path == "/readyz") return only(Route::Readyz, http::verb::get, "GET");
  if (path == "/metrics") return only(Route::Metrics, http::verb::get, "GET");
  decision.route = Route::NotFound;
  return decision;
}

}  // namespace titanlint::webhook
