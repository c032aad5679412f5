// The admission handler's cost per review, in process: what `titanlint serve` adds to TLS and
// HTTP (bench/webhook_load.sh measures the whole server against a bare Beast TLS baseline).
//
//   BM_SimdjsonParse   simdjson's DOM parse of the review body: the floor for any handler.
//   BM_Handle/deny     the guide's webapp Deployment as the API server sends it (denied).
//   BM_Handle/warn     the guide's api Deployment (allowed with warnings): the load script's body.
//
// Both reviews are the ones bench/webhook_load.sh and tests/admission_handler_test.cpp use.
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

#include <benchmark/benchmark.h>
#include <simdjson.h>

#include "admission_handler.h"
#include "builtin_rules.h"

namespace {

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// A CREATE review wrapping one defaulted object from testdata/admission/guide/.
std::string review_of(const std::string& object_file) {
  const std::string object =
      read_file(std::string(TITANLINT_SOURCE_DIR) + "/testdata/admission/guide/" + object_file);
  return R"({"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{)"
         R"("uid":"bench","kind":{"group":"apps","version":"v1","kind":"Deployment"},)"
         R"("resource":{"group":"apps","version":"v1","resource":"deployments"},)"
         R"("namespace":"platform","operation":"CREATE",)"
         R"("userInfo":{"username":"system:serviceaccount:argocd:argocd-application-controller",)"
         R"("groups":["system:serviceaccounts","system:authenticated"]},"object":)" +
         object +
         R"(,"dryRun":false,"options":{"apiVersion":"meta.k8s.io/v1","kind":"CreateOptions"}}})";
}

const std::string& review(int which) {
  static const std::string deny = review_of("webapp-deployment.defaulted.json");
  static const std::string warn = review_of("api-deployment.defaulted.json");
  return which == 0 ? deny : warn;
}

void BM_SimdjsonParse(benchmark::State& state) {
  const std::string& body = review(1);
  simdjson::dom::parser parser;
  for (auto _ : state) {
    simdjson::dom::element doc;
    if (parser.parse(body.data(), body.size()).get(doc)) state.SkipWithError("parse failed");
    benchmark::DoNotOptimize(doc);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * body.size()));
}
BENCHMARK(BM_SimdjsonParse);

void BM_Handle(benchmark::State& state) {
  const std::string& body = review(static_cast<int>(state.range(0)));
  const titanlint::webhook::AdmissionHandler handler(titanlint::builtin_registry(), {});
  const int expected_status = 200;
  for (auto _ : state) {
    auto outcome = handler.handle(body);
    if (outcome.http_status != expected_status) state.SkipWithError(outcome.body.c_str());
    benchmark::DoNotOptimize(outcome);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * body.size()));
  state.SetLabel(state.range(0) == 0 ? "deny" : "warn");
}
BENCHMARK(BM_Handle)->Arg(0)->Arg(1);

}  // namespace

BENCHMARK_MAIN();
