// The admission handler as a pure function: real AdmissionReview requests (testdata/admission/)
// and the guide's Deployments as the API server sends them.
#include "admission_handler.h"

#include <gtest/gtest.h>

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>

#include "builtin_rules.h"
#include "json_loader.h"
#include "tests_support.h"

namespace titanlint::webhook {
namespace {

using nlohmann::json;
using titanlint::testing::read_file;
using titanlint::testing::source_dir;

std::filesystem::path admission_dir() {
  return source_dir() / "testdata" / "admission";
}

const AdmissionHandler& handler() {
  static const AdmissionHandler h(titanlint::builtin_registry(), Config{});
  return h;
}

// Wraps an object (JSON text) as an AdmissionReview request.
std::string review(const std::string& object, const std::string& operation = "CREATE",
                   const std::string& api_version = "admission.k8s.io/v1",
                   const std::string& uid = "705ab4f5-6393-11e8-b7cc-42010a800002") {
  json o = json::parse(object);
  json r = {{"apiVersion", api_version},
            {"kind", "AdmissionReview"},
            {"request",
             {{"uid", uid},
              {"kind", {{"group", "apps"}, {"version", "v1"}, {"kind", o.value("kind", "")}}},
              {"resource", {{"group", "apps"}, {"version", "v1"}, {"resource", "deployments"}}},
              {"namespace", o["metadata"].value("namespace", "default")},
              {"name", o["metadata"].value("name", "")},
              {"operation", operation},
              {"userInfo", {{"username", "admin"}}},
              {"object", o},
              {"dryRun", false}}}};
  return r.dump();
}

std::string guide_object(const std::string& name) {
  return read_file(admission_dir() / "guide" / (name + "-deployment.defaulted.json"));
}

json response_of(const AdmissionOutcome& outcome) {
  EXPECT_EQ(outcome.http_status, 200) << outcome.body;
  return json::parse(outcome.body);
}

TEST(AdmissionHandler, WebappDeploymentIsDeniedNamingEachRuleAndField) {
  AdmissionOutcome outcome = handler().handle(review(guide_object("webapp")));
  json r = response_of(outcome);
  EXPECT_EQ(r["apiVersion"], "admission.k8s.io/v1");
  EXPECT_EQ(r["kind"], "AdmissionReview");
  EXPECT_EQ(r["response"]["uid"], "705ab4f5-6393-11e8-b7cc-42010a800002");
  EXPECT_EQ(r["response"]["allowed"], false);
  EXPECT_EQ(outcome.decision, Decision::Denied);
  ASSERT_TRUE(r["response"].contains("status"));
  EXPECT_EQ(r["response"]["status"]["code"], 403);
  EXPECT_EQ(r["response"]["status"]["reason"], "Forbidden");
  std::string message = r["response"]["status"]["message"];
  // Each rule and field of the webapp's failures.
  EXPECT_NE(message.find("TL101 liveness-probe-missing: spec.template.spec.containers[0]"),
            std::string::npos)
      << message;
  EXPECT_NE(message.find("TL102 readiness-probe-missing: spec.template.spec.containers[0]"),
            std::string::npos)
      << message;
  EXPECT_NE(message.find("(webapp)"), std::string::npos) << message;
  EXPECT_NE(message.find("TL201"), std::string::npos) << message;
  // Every finding's code appears in the message (errors) or the warnings.
  std::string all = message + r["response"].value("warnings", json::array()).dump();
  for (const std::string& code : outcome.codes)
    EXPECT_NE(all.find(code), std::string::npos) << code << " missing from " << all;
}

TEST(AdmissionHandler, WarningsOnlyDeploymentIsAllowedWithWarnings) {
  // The api Deployment without its startupProbe: TL103 is a warning.
  json o = json::parse(guide_object("api"));
  o["spec"]["template"]["spec"]["containers"][0].erase("startupProbe");
  AdmissionOutcome outcome = handler().handle(review(o.dump()));
  json r = response_of(outcome);
  EXPECT_EQ(r["response"]["allowed"], true) << outcome.body;
  EXPECT_FALSE(r["response"].contains("status"));
  ASSERT_TRUE(r["response"].contains("warnings")) << outcome.body;
  bool tl103 = false;
  for (const auto& w : r["response"]["warnings"]) {
    std::string text = w;
    EXPECT_LE(text.size(), kWarningMaxChars);
    tl103 = tl103 || text.starts_with("TL103");
  }
  EXPECT_TRUE(tl103) << outcome.body;
  EXPECT_EQ(outcome.decision, Decision::Allowed);
}

TEST(AdmissionHandler, ManyWarningsStayWithinTheLimits) {
  // 60 containers without startup probes: 60 warnings, bounded and summarised.
  json o = json::parse(guide_object("api"));
  json base = o["spec"]["template"]["spec"]["containers"][0];
  base.erase("startupProbe");
  o["spec"]["template"]["spec"]["containers"] = json::array();
  for (int i = 0; i < 60; ++i) {
    json c = base;
    c["name"] = "container-with-a-rather-long-name-number-" + std::to_string(i);
    o["spec"]["template"]["spec"]["containers"].push_back(c);
  }
  json r = response_of(handler().handle(review(o.dump())));
  const json& warnings = r["response"]["warnings"];
  ASSERT_TRUE(warnings.is_array());
  std::size_t total = 0;
  for (const auto& w : warnings) {
    EXPECT_LE(w.get<std::string>().size(), kWarningMaxChars);
    total += w.get<std::string>().size();
  }
  EXPECT_LT(total, kWarningsTotalBytes);
  EXPECT_NE(warnings.back().get<std::string>().find("... and "), std::string::npos);
}

TEST(AdmissionHandler, DeleteAndConnectAreAllowedWithoutLinting) {
  for (const char* file :
       {"corpus/kubewarden/echo/delete_accept.review.json",
        "corpus/kubewarden/pod-runtime-class-policy/PodDeleteRequest.review.json"}) {
    AdmissionOutcome outcome = handler().handle(read_file(admission_dir() / file));
    json r = response_of(outcome);
    EXPECT_EQ(r["response"]["allowed"], true) << file;
    EXPECT_EQ(outcome.decision, Decision::Skipped) << file;
    EXPECT_EQ(outcome.operation, "DELETE");
  }
  json r = response_of(handler().handle(review(guide_object("webapp"), "CONNECT")));
  EXPECT_EQ(r["response"]["allowed"], true);
}

TEST(AdmissionHandler, PodOwnedByAReplicaSetIsAllowed) {
  AdmissionOutcome outcome = handler().handle(
      read_file(admission_dir() / "corpus/kubewarden/capabilities-psp-policy/panic.review.json"));
  json r = response_of(outcome);
  EXPECT_EQ(r["response"]["allowed"], true);
  EXPECT_EQ(r["response"]["uid"], "8756e33a-c52d-4307-ab43-cb7875cc3f4c");
  EXPECT_EQ(outcome.decision, Decision::Skipped);
  EXPECT_EQ(outcome.skip_reason, "owned by a controller");
  EXPECT_EQ(outcome.name, "kubewarden-controller-767df6d6b-");  // generateName
}

TEST(AdmissionHandler, BarePodsAreLinted) {
  for (const char* file : {"corpus/kubewarden/kwctl/privileged-pod-admission-review.json",
                           "corpus/kubewarden/kwctl/unprivileged-pod-admission-review.json"}) {
    AdmissionOutcome outcome = handler().handle(read_file(admission_dir() / file));
    json r = response_of(outcome);
    EXPECT_EQ(r["response"]["uid"], "1299d386-525b-4032-98ae-1949f69f9cfc");
    EXPECT_NE(outcome.decision, Decision::Skipped) << file;
    EXPECT_EQ(outcome.kind, "Pod");
  }
}

// A Pod as the API server stores it after a mesh injected a native sidecar (an initContainer
// with restartPolicy Always): the sidecar's own probe and resources are judged, and it is not
// required to have the probes and preStop hook the app container has.
TEST(AdmissionHandler, NativeSidecarOfAnInjectedPodIsJudged) {
  const std::string pod = R"({
    "apiVersion": "v1", "kind": "Pod",
    "metadata": {"name": "meshed", "namespace": "default", "labels": {"app": "meshed"}},
    "spec": {
      "restartPolicy": "Always", "terminationGracePeriodSeconds": 60,
      "dnsPolicy": "ClusterFirst", "schedulerName": "default-scheduler",
      "initContainers": [{
        "name": "istio-proxy", "image": "docker.io/istio/proxyv2:1.24.0",
        "imagePullPolicy": "IfNotPresent", "restartPolicy": "Always",
        "ports": [{"name": "http-envoy-prom", "containerPort": 15090, "protocol": "TCP"}],
        "startupProbe": {"httpGet": {"path": "/healthz/ready", "port": "status", "scheme": "HTTP"},
                         "timeoutSeconds": 3, "periodSeconds": 1, "successThreshold": 1,
                         "failureThreshold": 600},
        "resources": {},
        "terminationMessagePath": "/dev/termination-log", "terminationMessagePolicy": "File"}],
      "containers": [{
        "name": "app", "image": "registry.example.com/app:1.0.0", "imagePullPolicy": "IfNotPresent",
        "ports": [{"name": "http", "containerPort": 3001, "protocol": "TCP"}],
        "livenessProbe": {"httpGet": {"path": "/healthz", "port": "http", "scheme": "HTTP"},
                          "timeoutSeconds": 1, "periodSeconds": 10, "successThreshold": 1,
                          "failureThreshold": 3},
        "readinessProbe": {"httpGet": {"path": "/readyz", "port": "http", "scheme": "HTTP"},
                           "timeoutSeconds": 1, "periodSeconds": 10, "successThreshold": 1,
                           "failureThreshold": 3},
        "startupProbe": {"httpGet": {"path": "/healthz", "port": "http", "scheme": "HTTP"},
                         "timeoutSeconds": 1, "periodSeconds": 10, "successThreshold": 1,
                         "failureThreshold": 30},
        "lifecycle": {"preStop": {"exec": {"command": ["sleep", "10"]}}},
        "resources": {"requests": {"cpu": "100m", "memory": "128Mi"},
                      "limits": {"memory": "256Mi"}},
        "terminationMessagePath": "/dev/termination-log", "terminationMessagePolicy": "File"}]}})";
  AdmissionOutcome outcome = handler().handle(review(pod));
  json r = response_of(outcome);
  EXPECT_EQ(outcome.decision, Decision::Denied);
  const std::string message = r["response"]["status"]["message"];
  EXPECT_NE(
      message.find("TL106 probe-port-unknown: spec.initContainers[0].startupProbe.httpGet.port"),
      std::string::npos)
      << message;
  EXPECT_NE(message.find("sidecar \"istio-proxy\""), std::string::npos) << message;
  // The sidecar is named after its path, found through the tree (an initContainers item).
  EXPECT_NE(message.find("spec.initContainers[0].startupProbe.httpGet.port (istio-proxy): "),
            std::string::npos)
      << message;
  EXPECT_NE(message.find("TL501 resources-requests-missing: spec.initContainers[0].resources"),
            std::string::npos)
      << message;
  // The sidecar needs no liveness/readiness probe or preStop hook of its own.
  for (const char* code : {"TL101", "TL102", "TL103", "TL201", "TL202"})
    EXPECT_EQ(std::count(outcome.codes.begin(), outcome.codes.end(), code), 0) << code;
}

TEST(AdmissionHandler, UpdateLintsTheNewObject) {
  AdmissionOutcome outcome = handler().handle(
      read_file(admission_dir() / "corpus/kubewarden/echo/update_accept.review.json"));
  json r = response_of(outcome);
  EXPECT_EQ(r["response"]["uid"], "ab41adeb-eca2-4add-9336-c263895d3953");
  EXPECT_EQ(outcome.operation, "UPDATE");
  EXPECT_NE(outcome.decision, Decision::Skipped);
  EXPECT_FALSE(outcome.codes.empty());  // the echo nginx Deployment has no probes
}

TEST(AdmissionHandler, V1beta1InV1beta1Out) {
  AdmissionOutcome outcome =
      handler().handle(review(guide_object("webapp"), "CREATE", "admission.k8s.io/v1beta1", "u-1"));
  json r = response_of(outcome);
  EXPECT_EQ(r["apiVersion"], "admission.k8s.io/v1beta1");
  EXPECT_EQ(r["kind"], "AdmissionReview");
  EXPECT_EQ(r["response"]["uid"], "u-1");
}

TEST(AdmissionHandler, UidIsAlwaysEchoed) {
  for (const char* uid : {"a", "0b5f-\u00e9\\\"quoted", "705ab4f5-6393-11e8-b7cc-42010a800002"}) {
    for (const char* op : {"CREATE", "UPDATE", "DELETE"}) {
      json r = response_of(
          handler().handle(review(guide_object("api"), op, "admission.k8s.io/v1", uid)));
      EXPECT_EQ(r["response"]["uid"], uid);
    }
  }
}

TEST(AdmissionHandler, BadRequestsAre400WithAClearMessage) {
  struct Case {
    std::string body;
    std::string expect;
  };
  std::vector<Case> cases = {
      {"", "malformed JSON"},
      {"{", "malformed JSON"},
      {"{\"apiVersion\": \"admission.k8s.io/v1\", \"kind\": \"AdmissionReview\", \"request\": "
       "{\"uid\": \"x\"",
       "malformed JSON"},
      {"[]", "must be a JSON object"},
      {"{} {}", "malformed JSON"},  // simdjson DOM: "improper structure"
      {"{\"apiVersion\":\"v1\",\"kind\":\"AdmissionReview\",\"request\":{\"uid\":\"x\"}}",
       "apiVersion"},
      {"{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"Pod\",\"request\":{\"uid\":\"x\"}}",
       "kind \"Pod\""},
      {"{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\"}",
       "request is missing"},
      {"{\"apiVersion\":\"admission.k8s.io/"
       "v1\",\"kind\":\"AdmissionReview\",\"request\":{\"operation\":\"CREATE\"}}",
       "uid is missing"},
      {"{\"apiVersion\":\"admission.k8s.io/"
       "v1\",\"kind\":\"AdmissionReview\",\"request\":{\"uid\":7}}",
       "request.uid must be a string"},
      {"{\"apiVersion\":\"admission.k8s.io/"
       "v1\",\"kind\":\"AdmissionReview\",\"request\":{\"uid\":\"x\",\"operation\":\"CREATE\"}}",
       "request.object is missing"},
      {"{\"apiVersion\":\"admission.k8s.io/"
       "v1\",\"kind\":\"AdmissionReview\",\"request\":{\"uid\":\"x\",\"operation\":\"CREATE\","
       "\"object\":{\"a\":tru}}}",
       "JSON"},
      {"{\"apiVersion\":\"admission.k8s.io/"
       "v1\",\"kind\":\"AdmissionReview\",\"request\":{\"uid\":\"x\",\"operation\":\"CREATE\","
       "\"object\":[1]}}",
       "request.object must be an object"},
      {std::string(100000, '['), "JSON"},
  };
  for (const Case& c : cases) {
    AdmissionOutcome outcome = handler().handle(c.body);
    EXPECT_EQ(outcome.http_status, 400) << c.body.substr(0, 200);
    EXPECT_EQ(outcome.decision, Decision::Rejected);
    EXPECT_NE(outcome.body.find(c.expect), std::string::npos)
        << c.body.substr(0, 200) << " -> " << outcome.body;
  }
  // The upstream placeholder fixture: operation "operationValue".
  AdmissionOutcome outcome = handler().handle(read_file(
      admission_dir() / "corpus/kubernetes-api/admission.k8s.io.v1.AdmissionReview.json"));
  EXPECT_EQ(outcome.http_status, 400);
  EXPECT_NE(outcome.body.find("operationValue"), std::string::npos) << outcome.body;
}

TEST(AdmissionHandler, NoCrashOnTruncatedOrMutatedInput) {
  std::string body = review(guide_object("api"));
  for (std::size_t n = 0; n < body.size(); n += 7) handler().handle(body.substr(0, n));
  for (std::size_t i = 0; i < body.size(); i += 5) {
    std::string mutated = body;
    mutated[i] = "{}[]\",:x\\0"[i % 10];
    AdmissionOutcome outcome = handler().handle(mutated);
    EXPECT_TRUE(outcome.http_status == 200 || outcome.http_status == 400);
  }
}

// Go prints a float64 of 2^64 or more below 1e21 as a plain integer, which simdjson's DOM alone
// rejects: such a body is valid and linted (found by tests/fuzz/json_loader_fuzzer.cpp).
TEST(AdmissionHandler, IntegersBeyond64BitsAreNumbersNotMalformedJson) {
  std::string object = guide_object("api");
  object.insert(object.find('{') + 1, "\"x-big\": [18446744073709551616, -9223372036854775809],");
  json response = response_of(handler().handle(review(object)));
  EXPECT_TRUE(response["response"]["allowed"].get<bool>()) << response.dump();
  // Out of a double's range, as for Go: still malformed.
  std::string huge = review(guide_object("api"));
  huge.insert(huge.find('{') + 1, "\"x\": 1e400,");
  EXPECT_EQ(handler().handle(huge).http_status, 400);
}

TEST(AdmissionHandler, ModesAndExcludedNamespaces) {
  Config warn;
  warn.webhook.mode = WebhookMode::Warn;
  AdmissionHandler warn_handler(titanlint::builtin_registry(), warn);
  AdmissionOutcome w = warn_handler.handle(review(guide_object("webapp")));
  json r = response_of(w);
  EXPECT_EQ(r["response"]["allowed"], true);
  EXPECT_EQ(w.decision, Decision::Warned);
  ASSERT_TRUE(r["response"].contains("warnings"));
  EXPECT_TRUE(r["response"]["warnings"][0].get<std::string>().starts_with("TL"));

  Config audit;
  audit.webhook.mode = WebhookMode::Audit;
  AdmissionHandler audit_handler(titanlint::builtin_registry(), audit);
  AdmissionOutcome a = audit_handler.handle(review(guide_object("webapp")));
  r = response_of(a);
  EXPECT_EQ(r["response"]["allowed"], true);
  EXPECT_FALSE(r["response"].contains("warnings"));
  EXPECT_EQ(a.decision, Decision::Audited);
  EXPECT_FALSE(a.codes.empty());

  json o = json::parse(guide_object("webapp"));
  o["metadata"]["namespace"] = "kube-system";
  AdmissionOutcome k = handler().handle(review(o.dump()));
  EXPECT_EQ(response_of(k)["response"]["allowed"], true);
  EXPECT_EQ(k.decision, Decision::Skipped);
}

TEST(AdmissionHandler, AnnotationIgnoresOnlyWhenConfigured) {
  json o = json::parse(guide_object("webapp"));
  o["metadata"]["annotations"] = {
      {"titanlint.io/ignore",
       "TL101,TL102,TL201,TL203,TL204,TL501,TL502,TL503,TL506,TL601,TL602,TL206"}};
  AdmissionOutcome strict = handler().handle(review(o.dump()));
  EXPECT_TRUE(strict.suppressed_codes.empty());
  Config allow;
  allow.webhook.allow_annotation_ignores = true;
  AdmissionHandler lenient(titanlint::builtin_registry(), allow);
  AdmissionOutcome relaxed = lenient.handle(review(o.dump()));
  EXPECT_LT(relaxed.codes.size(), strict.codes.size());
}

TEST(AdmissionHandler, SecretsAreNotDeniedByTL301) {
  json secret = {{"apiVersion", "v1"},
                 {"kind", "Secret"},
                 {"metadata", {{"name", "api-secrets"}, {"namespace", "platform"}}},
                 {"type", "Opaque"},
                 {"data", {{"password", "aHVudGVyMg=="}}}};
  AdmissionOutcome outcome = handler().handle(review(secret.dump()));
  EXPECT_EQ(std::count(outcome.codes.begin(), outcome.codes.end(), "TL301"), 0);
}

// The schema rules (TL006-TL008, TL010-TL012) are off in the webhook by default: the API server
// has decoded the object into its Go types (unknown fields dropped, types checked) and defaulted
// it before it calls the webhook, so they have nothing left to find there (docs/schema.md).
// Named in the config with a severity they run, as on files.
TEST(AdmissionHandler, SchemaRulesOffByDefaultOnWhenConfigured) {
  json pod = {{"apiVersion", "v1"},
              {"kind", "Pod"},
              {"metadata", {{"name", "api"}, {"namespace", "platform"}}},
              {"spec",
               {{"containers",
                 {{{"name", "api"},
                   {"image", "registry.example.com/api:v1.4.2"},
                   {"imagePullPolicy", "always"},
                   {"livenesProbe", {{"httpGet", {{"path", "/healthz"}, {"port", 8080}}}}}}}}}}};
  const std::vector<std::string> schema_codes = {"TL006", "TL007", "TL008",
                                                 "TL010", "TL011", "TL012"};
  const AdmissionOutcome off = handler().handle(review(pod.dump()));
  for (const std::string& code : schema_codes)
    EXPECT_EQ(std::count(off.codes.begin(), off.codes.end(), code), 0) << code;

  Config config;
  for (const std::string& code : schema_codes) config.rules[code].severity = Severity::Error;
  const AdmissionHandler on(titanlint::builtin_registry(), config);
  const AdmissionOutcome outcome = on.handle(review(pod.dump()));
  EXPECT_EQ(std::count(outcome.codes.begin(), outcome.codes.end(), "TL006"), 1) << outcome.body;
  EXPECT_EQ(std::count(outcome.codes.begin(), outcome.codes.end(), "TL010"), 1) << outcome.body;
  EXPECT_NE(outcome.body.find("livenessProbe"), std::string::npos) << outcome.body;
}

// (code, field path) of the Deployment's unsuppressed findings, as the webhook's engine sees them.
std::multiset<std::string> deployment_findings(const LintResult& result) {
  std::multiset<std::string> out;
  for (const Finding& f : result.findings)
    if (!f.suppressed() && f.object.kind == "Deployment")
      out.insert(fmt::format("{} {}", f.code, f.field_path()));
  return out;
}

LintOptions webhook_options() {
  LintOptions options;
  options.partial = true;
  options.ignore = {"TL301"};
  return options;
}

class Defaulting : public ::testing::TestWithParam<std::string> {};

TEST_P(Defaulting, ApiServerDefaultedObjectGivesTheFileFindings) {
  const std::string name = GetParam();
  LintResult from_file = titanlint::testing::lint_text(
      read_file(source_dir() / "testdata/guide/k8s" / name / "deployment.yaml"), webhook_options());
  Engine engine(titanlint::builtin_registry(), Config{}, webhook_options());
  std::vector<LoadedFile> files;
  files.push_back(load_json(
      std::make_shared<const SourceFile>("<request.object>", guide_object(name)), LoadLimits{}));
  LintResult defaulted = engine.lint(std::move(files));
  // Same codes; each path the same, or (a missing field whose parent the API server fills in,
  // e.g. `resources: {}`) the defaulted path extends the file's path.
  std::multiset<std::string> file_set = deployment_findings(from_file);
  std::multiset<std::string> defaulted_set = deployment_findings(defaulted);
  ASSERT_EQ(file_set.size(), defaulted_set.size())
      << ::testing::PrintToString(file_set) << " vs " << ::testing::PrintToString(defaulted_set);
  for (auto a = file_set.begin(), b = defaulted_set.begin(); a != file_set.end(); ++a, ++b) {
    const bool same = *a == *b || (b->starts_with(*a) && (*b)[a->size()] == '.');
    EXPECT_TRUE(same) << "file: " << *a << "  defaulted: " << *b;
  }

  // And the handler reports exactly those codes.
  AdmissionOutcome outcome = handler().handle(review(guide_object(name)));
  std::vector<std::string> expected;
  for (const Finding& f : defaulted.findings)
    if (!f.suppressed() && f.severity != Severity::Info) expected.emplace_back(f.code);
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(outcome.codes, expected);
}

INSTANTIATE_TEST_SUITE_P(Guide, Defaulting, ::testing::Values("api", "webapp"));

}  // namespace
}  // namespace titanlint::webhook
