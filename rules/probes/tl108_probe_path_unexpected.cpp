// TL108 probe-path-unexpected: an httpGet probe's path is not one of the configured paths.
#include <algorithm>
#include <array>
#include <vector>

#include <fmt/format.h>

#include "common/define.h"
#include "common/probe.h"

namespace titanlint::rules {
namespace {

class ProbePathUnexpected final : public Rule {
 public:
  explicit ProbePathUnexpected(const RuleOptions& options)
      : paths_{options.list("livenessPaths"), options.list("readinessPaths"),
               options.list("startupPaths")} {}

  void check(const K8sObject& object, const LintSet&, Reporter& out) const override {
    for (const Container& c : containers_with_probes_judged(object)) {
      for (ProbeKind kind : kProbeKinds) {
        const std::vector<std::string>& allowed = paths_[static_cast<std::size_t>(kind)];
        if (allowed.empty()) continue;  // no expectation for this probe
        auto probe = find_probe(*c.node, kind);
        if (!probe || probe->handler != HandlerKind::HttpGet) continue;
        // The query string is not part of the route: /healthz?verbose is /healthz.
        std::string_view path = probe->path_text.substr(0, probe->path_text.find('?'));
        if (std::find(allowed.begin(), allowed.end(), path) != allowed.end()) continue;
        auto message = [&] {
          return fmt::format("{} of {} of {} calls {}{}, expected {}{}", probe_field(kind),
                             container_label(c), object_label(object), probe->path_text,
                             probe->path ? "" : " (no path: the default)",
                             allowed.size() > 1 ? "one of " : "", fmt::join(allowed, ", "));
        };
        if (probe->path) {
          out.report(*probe->path, message);
        } else {
          out.report_missing(*probe->handler_node, "path", message);
        }
      }
    }
  }

 private:
  std::array<std::vector<std::string>, 3> paths_;  // indexed by ProbeKind
};

}  // namespace

RuleDefinition tl108_probe_path_unexpected() {
  RuleMeta m;
  m.code = "TL108";
  m.name = "probe-path-unexpected";
  m.severity = Severity::Info;
  m.kinds = long_running_kinds();
  m.containers = kRunningContainers;
  m.summary = "An httpGet probe's path differs from the configured health paths";
  m.remediation =
      "use the project's health routes (liveness and startup `/healthz`, readiness `/readyz` by "
      "default), or configure the paths your apps serve in .titanlint.yaml";
  m.doc.what = R"md(
    Compares the `httpGet.path` of each liveness, readiness and startup probe with the paths
    configured for that probe (`livenessPaths`, `readinessPaths`, `startupPaths`). An absent path is
    `/`, as the API server defaults it; a query string is ignored (`/healthz?full=1` is `/healthz`).
    An empty list turns the check off for that probe. Only httpGet probes are checked; tcpSocket,
    grpc and exec probes have no path. The probes of native sidecars (`initContainers` with
    `restartPolicy: Always`) are judged by the same lists (set the lists, or ignore TL108 for the
    object, when a third-party sidecar serves other routes). Long-running workloads only (not Job or
    CronJob pods). The finding points at the `path` value, or at the `httpGet` mapping when the path
    is absent.
  )md";
  m.doc.why = R"md(
    The guide's apps serve liveness on `/healthz` and readiness on `/readyz`, and a probe on another
    route often hits something that is not a health check at all: `/` renders a page (slow, and it
    fails when the database does, so liveness restarts healthy pods), a typo returns 404 and the pod
    never becomes ready. Route names are configurable per project (Titan's HTTP transport also
    serves `/health`), hence the options and the `info` severity.
  )md";
  m.doc.example = R"yaml(
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  selector:
    matchLabels: { app: api }
  template:
    metadata:
      labels: { app: api }
    spec:
      containers:
        - name: api
          image: registry.example.com/platform-api:v1.4.2
          ports: [{ name: http, containerPort: 3001 }]
          livenessProbe:
            httpGet: { path: /, port: http }
          readinessProbe:
            httpGet: { path: /healthz, port: http }
)yaml";
  m.doc.use_instead = R"yaml(
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  selector:
    matchLabels: { app: api }
  template:
    metadata:
      labels: { app: api }
    spec:
      containers:
        - name: api
          image: registry.example.com/platform-api:v1.4.2
          ports: [{ name: http, containerPort: 3001 }]
          livenessProbe:
            httpGet: { path: /healthz, port: http }
          readinessProbe:
            httpGet: { path: /readyz, port: http }
)yaml";
  m.doc.references = {
      {"production guide (`seed/kubernetes-production-guide.txt`), section \"Per-app Deployment\"",
       ""},
      {"Kubernetes: Configure Liveness, Readiness and Startup Probes",
       "https://kubernetes.io/docs/tasks/configure-pod-container/"
       "configure-liveness-readiness-startup-probes/"}};
  m.options.push_back({"livenessPaths", OptionType::StringList,
                       std::vector<std::string>{"/healthz"},
                       "paths a livenessProbe may call (empty: do not check liveness probes)"});
  m.options.push_back({"readinessPaths", OptionType::StringList,
                       std::vector<std::string>{"/readyz"},
                       "paths a readinessProbe may call (empty: do not check readiness probes)"});
  m.options.push_back({"startupPaths", OptionType::StringList, std::vector<std::string>{"/healthz"},
                       "paths a startupProbe may call (empty: do not check startup probes)"});
  return define<ProbePathUnexpected>(std::move(m));
}

}  // namespace titanlint::rules
