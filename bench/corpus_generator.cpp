#include "corpus_generator.h"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <iterator>
#include <map>
#include <set>
#include <stdexcept>
#include <string_view>
#include <utility>

#include <fmt/format.h>

namespace titanlint::bench {
namespace {

// splitmix64: tiny, fast, and the same sequence on every platform.
class Rng {
 public:
  explicit Rng(std::uint64_t seed) : state_(seed) {}

  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  // Uniform enough in [0, n) for a corpus (the modulo bias is below 2^-40).
  std::uint32_t below(std::uint32_t n) { return static_cast<std::uint32_t>(next() % n); }
  int between(int lo, int hi) {
    return lo + static_cast<int>(below(static_cast<std::uint32_t>(hi - lo + 1)));
  }
  bool percent(int p) { return static_cast<int>(below(100)) < p; }
  template <typename T, std::size_t N>
  const T& pick(const T (&items)[N]) {
    return items[below(N)];
  }
  std::string hex(std::size_t digits) {
    static constexpr char kHex[] = "0123456789abcdef";
    std::string s;
    s.reserve(digits);
    for (std::size_t i = 0; i < digits; ++i) s += kHex[below(16)];
    return s;
  }

 private:
  std::uint64_t state_;
};

using Fields = std::vector<std::pair<std::string, std::string>>;

std::string sq(std::string_view s) {
  return fmt::format("'{}'", s);
}
std::string dq(std::string_view s) {
  return fmt::format("\"{}\"", s);
}

// The same string value in one of the three styles people write it in.
std::string any_quote(Rng& rng, std::string_view s) {
  switch (rng.below(3)) {
    case 0:
      return std::string(s);
    case 1:
      return sq(s);
    default:
      return dq(s);
  }
}

void line(std::string& out, int indent, std::string_view text) {
  out.append(static_cast<std::size_t>(indent), ' ');
  out += text;
  out += '\n';
}

void kv(std::string& out, int indent, std::string_view key, std::string_view value) {
  out.append(static_cast<std::size_t>(indent), ' ');
  fmt::format_to(std::back_inserter(out), "{}: {}\n", key, value);
}

std::string flow_map(const Fields& fields) {
  std::string s = "{ ";
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i) s += ", ";
    fmt::format_to(std::back_inserter(s), "{}: {}", fields[i].first, fields[i].second);
  }
  return s + " }";
}

// `key: { a: b }` or the block form.
void small_map(std::string& out, int indent, std::string_view key, const Fields& fields,
               bool flow) {
  if (flow) {
    kv(out, indent, key, flow_map(fields));
    return;
  }
  line(out, indent, fmt::format("{}:", key));
  for (const auto& [k, v] : fields) kv(out, indent + 2, k, v);
}

// ------------------------------------------------------------------------------------------------
// The application model.

struct Port {
  std::string name;
  int number;
};

struct Container {
  std::string name;
  std::string image;
  std::vector<Port> ports;
  bool sidecar = false;
};

enum class Layout { OwnFile, SplitFiles, Bundle };

struct App {
  std::string team;
  std::string ns;
  std::string name;
  std::string version;
  bool stateful = false;
  int replicas = 2;
  std::vector<Container> containers;
  bool hpa = false;
  bool pdb = false;
  bool netpol = false;
  bool ingress = false;
  int configmaps = 0;
  bool job = false;
  bool cronjob = false;
  bool service_account = false;
  bool flow = false;     // prefers flow style for small mappings
  bool anchors = false;  // labels via &anchor / *alias
  bool last_applied = false;
  Layout layout = Layout::Bundle;
};

constexpr const char* kTeams[] = {"payments", "search", "identity",      "catalog",
                                  "checkout", "ledger", "notifications", "media",
                                  "billing",  "growth", "platform",      "messaging"};
constexpr const char* kComponents[] = {
    "api",      "worker",   "gateway",  "indexer",    "scheduler", "consumer",
    "frontend", "sync",     "exporter", "reconciler", "webhook",   "projector",
    "cache",    "resolver", "ingestor", "notifier",   "renderer",  "auth",
    "admin",    "reporter", "fanout",   "router",     "ranker",    "thumbnailer"};
constexpr const char* kSidecars[][2] = {
    {"envoy", "envoyproxy/envoy:v1.27.2"},
    {"fluent-bit", "fluent/fluent-bit:2.1.8"},
    {"cloud-sql-proxy", "gcr.io/cloud-sql-connectors/cloud-sql-proxy:2.7.0"},
    {"otel-agent", "otel/opentelemetry-collector-contrib:0.88.0"},
    {"vault-agent", "hashicorp/vault:1.15.1"}};
constexpr const char* kEnvNames[] = {
    "LOG_LEVEL",       "LOG_FORMAT",         "HTTP_PORT",     "GRPC_PORT",
    "METRICS_PORT",    "OTEL_SERVICE_NAME",  "FEATURE_FLAGS", "CACHE_TTL_SECONDS",
    "MAX_CONNECTIONS", "REQUEST_TIMEOUT_MS", "REGION",        "TZ",
    "WORKER_THREADS",  "QUEUE_NAME",         "UPSTREAM_URL",  "SENTRY_ENVIRONMENT",
    "GOMAXPROCS",      "NODE_OPTIONS",       "DB_POOL_SIZE",  "KAFKA_BROKERS"};
constexpr const char* kSecretEnv[] = {"DATABASE_URL", "REDIS_URL",  "JWT_SECRET",
                                      "API_TOKEN",    "STRIPE_KEY", "SMTP_PASSWORD"};
constexpr const char* kWords[] = {
    "handles",  "requests", "from",   "the",      "public",   "edge",     "and",
    "forwards", "them",     "to",     "internal", "services", "after",    "authentication",
    "it",       "keeps",    "a",      "small",    "cache",    "of",       "recent",
    "results",  "for",      "faster", "reads",    "owned",    "by",       "team",
    "on-call",  "rotation", "see",    "runbook",  "before",   "changing", "limits"};

std::string sentence(Rng& rng, int words) {
  std::string s;
  for (int i = 0; i < words; ++i) {
    if (i) s += ' ';
    s += rng.pick(kWords);
  }
  return s;
}

// ------------------------------------------------------------------------------------------------
// Emitters. Each returns one document (without the `---` separator).

class Generator {
 public:
  Generator(std::uint64_t seed, Defects defects) : rng_(seed), heavy_(defects == Defects::Heavy) {}

  App make_app(const std::string& team) {
    App app;
    app.team = team;
    app.ns =
        rng_.percent(70) ? team : fmt::format("{}-{}", team, rng_.percent(50) ? "prod" : "jobs");
    std::string base = rng_.pick(kComponents);
    std::string name = fmt::format("{}-{}", team, base);
    for (int n = 2; !names_.insert(name).second; ++n) name = fmt::format("{}-{}-{}", team, base, n);
    app.name = name;
    // (Separate statements: the evaluation order of function arguments is unspecified, and the
    // corpus must not depend on the compiler.)
    const int major = rng_.between(0, 3);
    const int minor = rng_.between(0, 40);
    const int patch = rng_.between(0, 20);
    app.version = fmt::format("{}.{}.{}", major, minor, patch);
    app.stateful = rng_.percent(12);
    app.replicas = rng_.pick({1, 2, 2, 3, 3, 3, 4, 6});
    const int containers = rng_.percent(55) ? 1 : (rng_.percent(70) ? 2 : 3);
    Container main;
    main.name = base;
    main.image = defect(8, 45) ? fmt::format("registry.example.com/{}/{}:latest", team, base)
                 : rng_.percent(15)
                     ? fmt::format("registry.example.com/{}/{}@sha256:{}", team, base, rng_.hex(64))
                     : fmt::format("registry.example.com/{}/{}:v{}", team, base, app.version);
    main.ports.push_back({"http", rng_.pick({8080, 8080, 3000, 3001, 8000})});
    if (rng_.percent(60)) main.ports.push_back({"metrics", 9090});
    if (rng_.percent(25)) main.ports.push_back({"grpc", 9000});
    app.containers.push_back(main);
    for (int i = 1; i < containers; ++i) {
      const auto& s = kSidecars[rng_.below(std::size(kSidecars))];
      if (std::any_of(app.containers.begin(), app.containers.end(),
                      [&](const Container& c) { return c.name == s[0]; }))
        continue;
      Container side;
      side.name = s[0];
      side.image = s[1];
      side.sidecar = true;
      if (side.name == "envoy") side.ports.push_back({"proxy", 15001});
      if (side.name == "otel-agent") side.ports.push_back({"otlp", 4317});
      app.containers.push_back(side);
    }
    app.hpa = !app.stateful && rng_.percent(55);
    app.pdb = rng_.percent(65);
    app.netpol = rng_.percent(75);
    app.ingress = !app.stateful && rng_.percent(22);
    app.configmaps = rng_.percent(30) ? 0 : (rng_.percent(75) ? 1 : 2);
    app.job = rng_.percent(18);
    app.cronjob = rng_.percent(14);
    app.service_account = rng_.percent(35);
    app.flow = rng_.percent(50);
    app.anchors = rng_.percent(10);
    app.last_applied = rng_.percent(30);
    const std::uint32_t layout = rng_.below(100);
    app.layout = layout < 18 ? Layout::OwnFile : layout < 22 ? Layout::SplitFiles : Layout::Bundle;
    return app;
  }

  // Documents of one application, each tagged with the file group it belongs in when the app is
  // split into files ("workload", "config", "policy").
  std::vector<std::pair<std::string, std::string>> app_documents(const App& app) {
    std::vector<std::pair<std::string, std::string>> docs;
    if (app.service_account) docs.emplace_back("workload", service_account(app));
    for (int i = 0; i < app.configmaps; ++i) docs.emplace_back("config", config_map(app, i));
    docs.emplace_back("workload", workload(app));
    if (app.stateful) docs.emplace_back("workload", service(app, /*headless=*/true));
    docs.emplace_back("workload", service(app, /*headless=*/false));
    if (app.hpa) docs.emplace_back("policy", hpa(app));
    if (app.pdb) docs.emplace_back("policy", pdb(app));
    if (app.netpol) docs.emplace_back("policy", network_policy(app));
    if (app.ingress) docs.emplace_back("workload", ingress(app));
    if (app.job) docs.emplace_back("jobs", job(app));
    if (app.cronjob) docs.emplace_back("jobs", cron_job(app));
    if (rng_.percent(1)) docs.emplace_back("config", stray_values(app));
    return docs;
  }

  Rng& rng() { return rng_; }

 private:
  // A defect with probability `realistic` percent, or `heavy` percent in a defect-heavy corpus.
  // Both draw the same one number, so the realistic corpus stays byte for byte what it was.
  bool defect(int realistic, int heavy) { return rng_.percent(heavy_ ? heavy : realistic); }
  // The complement: a correct choice made with probability `realistic` (or `heavy`) percent.
  bool correct(int realistic, int heavy) { return rng_.percent(heavy_ ? heavy : realistic); }

  void header_comment(std::string& out, const App& app, std::string_view kind) {
    switch (rng_.below(4)) {
      case 0:
        line(out, 0, fmt::format("# {} for {} (team {})", kind, app.name, app.team));
        break;
      case 1:
        line(out, 0, fmt::format("# Managed by the {} team. {}", app.team, sentence(rng_, 8)));
        break;
      default:
        break;
    }
  }

  void metadata(std::string& out, const App& app, std::string_view name,
                bool labels_anchor = false) {
    line(out, 0, "metadata:");
    kv(out, 2, "name", name);
    kv(out, 2, "namespace", app.ns);
    Fields labels = {{"app.kubernetes.io/name", app.name},
                     {"app.kubernetes.io/part-of", app.team},
                     {"app.kubernetes.io/version", any_quote(rng_, app.version)}};
    if (rng_.percent(50)) labels.emplace_back("app.kubernetes.io/managed-by", "kustomize");
    if (labels_anchor) {
      line(out, 2, "labels: &labels");
      for (const auto& [k, v] : labels) kv(out, 4, k, v);
    } else {
      small_map(out, 2, "labels", labels, app.flow && rng_.percent(60));
    }
  }

  void last_applied(std::string& out, const App& app, std::string_view kind,
                    std::string_view name) {
    std::string json = fmt::format(
        R"({{"apiVersion":"v1","kind":"{}","metadata":{{"annotations":{{}},"labels":{{"app.kubernetes.io/name":"{}","app.kubernetes.io/part-of":"{}"}},"name":"{}","namespace":"{}"}},"spec":{{)",
        kind, app.name, app.team, name, app.ns);
    const int entries = rng_.between(4, 20);
    for (int i = 0; i < entries; ++i) {
      if (i) json += ',';
      fmt::format_to(std::back_inserter(json), R"("field{}":"{}")", i, sentence(rng_, 5));
    }
    json += "}}";
    kv(out, 4, "kubectl.kubernetes.io/last-applied-configuration", sq(json));
  }

  std::string service_account(const App& app) {
    std::string out;
    line(out, 0, "apiVersion: v1");
    line(out, 0, "kind: ServiceAccount");
    metadata(out, app, app.name);
    line(out, 2, "annotations:");
    kv(out, 4, "eks.amazonaws.com/role-arn",
       fmt::format("arn:aws:iam::{}:role/{}-{}", 100000000000 + rng_.below(900000000), app.team,
                   app.name));
    if (rng_.percent(50)) line(out, 0, "automountServiceAccountToken: false");
    return out;
  }

  // Multi-line configuration files as ConfigMap data.
  void config_file(std::string& out, int which) {
    switch (which) {
      case 0: {
        line(out, 2, "application.yaml: |");
        line(out, 4, "server:");
        kv(out, 6, "port", std::to_string(rng_.pick({8080, 3000})));
        line(out, 6, "shutdown: graceful");
        line(out, 4, "spring:");
        line(out, 6, "lifecycle:");
        kv(out, 8, "timeout-per-shutdown-phase", fmt::format("{}s", rng_.between(10, 40)));
        const int sections = rng_.between(4, 16);
        for (int i = 0; i < sections; ++i) {
          line(out, 4, fmt::format("section{}:", i));
          const int keys = rng_.between(2, 10);
          for (int k = 0; k < keys; ++k)
            kv(out, 6, fmt::format("key-{}", k),
               fmt::format("\"{}\"", sentence(rng_, rng_.between(1, 6))));
        }
        break;
      }
      case 1: {
        line(out, 2, "nginx.conf: |");
        line(out, 4, "worker_processes auto;");
        line(out, 4, "events { worker_connections 1024; }");
        line(out, 4, "http {");
        line(out, 6, "access_log /dev/stdout;");
        line(out, 6, "sendfile on;");
        const int locations = rng_.between(3, 16);
        line(out, 6, "server {");
        line(out, 8, "listen 8080;");
        for (int i = 0; i < locations; ++i) {
          const int api_version = rng_.between(1, 3);
          const char* location = rng_.pick(kComponents);
          line(out, 8, fmt::format("location /v{}/{} {{", api_version, location));
          const char* upstream = rng_.pick(kComponents);
          const int upstream_port = rng_.pick({80, 8080, 9000});
          line(out, 10,
               fmt::format("proxy_pass http://{}.svc.cluster.local:{};", upstream, upstream_port));
          line(out, 10, "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;");
          line(out, 10, fmt::format("proxy_read_timeout {}s;", rng_.between(5, 120)));
          line(out, 8, "}");
        }
        line(out, 6, "}");
        line(out, 4, "}");
        break;
      }
      case 2: {
        line(out, 2, "flags.json: |-");
        line(out, 4, "{");
        const int flags = rng_.between(5, 40);
        for (int i = 0; i < flags; ++i) {
          const char* component = rng_.pick(kComponents);
          const char* word = rng_.pick(kWords);
          const bool enabled = rng_.percent(50);
          const int rollout = rng_.between(0, 100);
          const std::string note = sentence(rng_, rng_.between(2, 8));
          line(out, 6,
               fmt::format(R"("{}-{}-{}": {{ "enabled": {}, "rollout": {}, "note": "{}" }}{})",
                           component, word, i, enabled, rollout, note, i + 1 < flags ? "," : ""));
        }
        line(out, 4, "}");
        break;
      }
      default: {
        line(out, 2, "logback.xml: |");
        line(out, 4, "<configuration>");
        line(out, 6, R"(<appender name="JSON" class="ch.qos.logback.core.ConsoleAppender">)");
        line(out, 8, R"(<encoder class="net.logstash.logback.encoder.LogstashEncoder"/>)");
        line(out, 6, "</appender>");
        const int loggers = rng_.between(3, 20);
        for (int i = 0; i < loggers; ++i) {
          const char* component = rng_.pick(kComponents);
          const char* word = rng_.pick(kWords);
          const char* level = rng_.percent(70) ? "INFO" : "DEBUG";
          line(out, 6,
               fmt::format(R"(<logger name="com.example.{}.{}" level="{}"/>)", component, word,
                           level));
        }
        line(out, 6, R"(<root level="INFO"><appender-ref ref="JSON"/></root>)");
        line(out, 4, "</configuration>");
        break;
      }
    }
  }

  std::string config_map(const App& app, int index) {
    std::string out;
    header_comment(out, app, "Configuration");
    line(out, 0, "apiVersion: v1");
    line(out, 0, "kind: ConfigMap");
    const std::string name = index == 0 ? app.name + "-config" : app.name + "-files";
    metadata(out, app, name);
    if (app.last_applied) {
      line(out, 2, "annotations:");
      last_applied(out, app, "ConfigMap", name);
    }
    line(out, 0, "data:");
    const int simple = rng_.between(2, 16);
    for (int i = 0; i < simple; ++i) {
      std::string value =
          rng_.percent(30) ? std::to_string(rng_.between(1, 5000)) : std::string(rng_.pick(kWords));
      if (heavy_)  // TL303: credentials in a URL
        value = fmt::format("redis://cache:{}@redis.{}.svc:6379/{}", rng_.hex(12), app.ns, i);
      const std::string key = fmt::format("{}_{}", rng_.pick(kEnvNames), i);
      kv(out, 2, key, any_quote(rng_, value));
    }
    const int files = index == 0 ? rng_.between(0, 2) : rng_.between(1, 3);
    const int first = static_cast<int>(rng_.below(4));  // distinct files: no accidental TL003
    for (int i = 0; i < files; ++i) config_file(out, (first + i) % 4);
    if (rng_.percent(10)) {
      line(out, 2, "motd: >");
      line(out, 4, sentence(rng_, 12));
      line(out, 4, sentence(rng_, 12));
    }
    return out;
  }

  struct ProbeSpec {
    std::string handler = "http";  // http, tcp, exec, grpc
    std::string path = "/healthz";
    std::string port = "http";
    int initial_delay = -1;
    int period = 10;
    int timeout = 1;
    int failure = 3;
  };

  void probe(std::string& out, int indent, std::string_view key, const ProbeSpec& p, bool flow) {
    line(out, indent, fmt::format("{}:", key));
    const int in = indent + 2;
    if (p.handler == "http") {
      Fields f = {{"path", p.path}, {"port", p.port}};
      if (rng_.percent(10)) f.emplace_back("scheme", "HTTP");
      small_map(out, in, "httpGet", f, flow);
    } else if (p.handler == "tcp") {
      small_map(out, in, "tcpSocket", {{"port", p.port}}, flow);
    } else if (p.handler == "grpc") {
      small_map(out, in, "grpc", {{"port", p.port}}, flow);
    } else {
      line(out, in, "exec:");
      kv(out, in + 2, "command", R"(["/bin/sh", "-c", "test -f /tmp/healthy"])");
    }
    if (p.initial_delay >= 0) kv(out, in, "initialDelaySeconds", std::to_string(p.initial_delay));
    kv(out, in, "periodSeconds", std::to_string(p.period));
    kv(out, in, "timeoutSeconds", std::to_string(p.timeout));
    if (rng_.percent(70)) kv(out, in, "failureThreshold", std::to_string(p.failure));
  }

  void probes(std::string& out, int indent, const Container& c, bool flow) {
    const std::string port = c.ports.empty() ? "8080" : c.ports.front().name;
    if (c.sidecar) {
      if (defect(60, 90) || c.ports.empty()) return;  // sidecars often have none: TL101/TL102
      ProbeSpec tcp{"tcp", "", c.ports.front().name, 5, 10, 2, 3};
      probe(out, indent, "livenessProbe", tcp, flow);
      probe(out, indent, "readinessProbe", tcp, flow);
      return;
    }
    ProbeSpec live{"http", "/healthz", port, 10, 10, 3, 3};
    ProbeSpec ready{"http", "/readyz", port, 5, 5, 2, 2};
    ProbeSpec startup{"http", "/healthz", port, 0, 2, 2, 60};
    bool has_live = true, has_ready = true, has_startup = true;
    std::uint32_t variant = rng_.below(100);
    if (heavy_) variant = 50 + variant / 2;  // never the guide's three probes
    if (variant < 50) {
      // the guide's three probes
    } else if (variant < 60) {
      has_startup = false;  // TL103
    } else if (variant < 67) {
      ready.path = live.path;  // TL104
    } else if (variant < 73) {
      ready.timeout = 10;  // TL107
    } else if (variant < 78) {
      has_live = has_ready = has_startup = false;  // TL101, TL102
    } else if (variant < 83) {
      startup.failure = 5;  // TL105: 10 s budget
    } else if (variant < 87) {
      live.port = ready.port = "web";  // TL106: no such port name
    } else if (variant < 91) {
      live.path = "/health/live";  // TL108
      ready.path = "/health/ready";
    } else if (variant < 96) {
      live.handler = "tcp";
      startup.handler = "tcp";
      ready.handler = "exec";
    } else {
      live.handler = ready.handler = startup.handler = "grpc";
      live.port = ready.port = startup.port = "9000";
    }
    if (has_live) probe(out, indent, "livenessProbe", live, flow);
    if (has_ready) probe(out, indent, "readinessProbe", ready, flow);
    if (has_startup) probe(out, indent, "startupProbe", startup, flow);
  }

  void env(std::string& out, int indent, const App& app, const Container& c) {
    const int count = c.sidecar ? rng_.between(0, 3) : rng_.between(3, 14);
    if (count == 0) return;
    line(out, indent, "env:");
    const int in = indent + 2;
    for (int i = 0; i < count; ++i) {
      std::string name = fmt::format("{}{}", rng_.pick(kEnvNames), i ? fmt::format("_{}", i) : "");
      std::uint32_t form = rng_.below(10);
      if (heavy_ && form < 4) form = 9;  // secrets in most variables
      if (form < 5) {
        std::string value = rng_.percent(40) ? std::to_string(rng_.between(1, 65535))
                                             : std::string(rng_.pick(kWords));
        if (app.flow)
          line(out, in, fmt::format("- {{ name: {}, value: {} }}", name, any_quote(rng_, value)));
        else {
          line(out, in, fmt::format("- name: {}", name));
          kv(out, in + 2, "value", any_quote(rng_, value));
        }
      } else if (form < 7) {
        line(out, in, fmt::format("- name: {}", name));
        line(out, in + 2, "valueFrom:");
        small_map(out, in + 4, "configMapKeyRef",
                  {{"name", app.name + "-config"},
                   {"key", fmt::format("{}_{}", rng_.pick(kEnvNames), i)}},
                  app.flow);
      } else if (form < 8) {
        line(out, in, fmt::format("- name: POD_{}", i));
        line(out, in + 2, "valueFrom:");
        small_map(out, in + 4, "fieldRef",
                  {{"fieldPath", rng_.percent(50) ? "metadata.name" : "status.podIP"}}, true);
      } else if (form < 9) {
        line(out, in, "- name: JAVA_TOOL_OPTIONS");
        line(out, in + 2, "value: >-");
        line(out, in + 4,
             "-XX:+UseContainerSupport -XX:MaxRAMPercentage=75.0 -XX:+ExitOnOutOfMemoryError");
        line(out, in + 4,
             fmt::format("-Dotel.service.name={} -Dotel.resource.attributes=team={},version={}",
                         app.name, app.team, app.version));
        line(out, in + 4, "-Djava.security.egd=file:/dev/./urandom -Dfile.encoding=UTF-8");
      } else {
        const char* secret = rng_.pick(kSecretEnv);
        line(out, in, fmt::format("- name: {}", secret));
        if (defect(10, 80)) {
          kv(out, in + 2, "value",
             sq(fmt::format("postgres://{}:hunter2@db.internal:5432/{}", app.team, app.team)));
        } else {
          line(out, in + 2, "valueFrom:");
          small_map(out, in + 4, "secretKeyRef", {{"name", app.name + "-secrets"}, {"key", secret}},
                    app.flow);
        }
      }
    }
  }

  void container(std::string& out, int indent, const App& app, const Container& c,
                 bool long_running) {
    line(out, indent, fmt::format("- name: {}", c.name));
    const int in = indent + 2;
    kv(out, in, "image", c.image);
    if (rng_.percent(60)) kv(out, in, "imagePullPolicy", "IfNotPresent");
    if (defect(2, 15)) kv(out, in, "imagePullPolicy", "Always");  // a duplicate key: TL003
    if (!c.sidecar && rng_.percent(40))
      kv(out, in, "args",
         fmt::format(R"(["--config=/etc/{}/config.yaml", "--log-level={}"])", app.name,
                     rng_.percent(80) ? "info" : "debug"));
    if (!c.ports.empty()) {
      line(out, in, "ports:");
      for (const Port& p : c.ports) {
        if (app.flow || rng_.percent(30)) {
          line(out, in + 2,
               fmt::format("- {{ name: {}, containerPort: {}, protocol: TCP }}", p.name, p.number));
        } else {
          line(out, in + 2, fmt::format("- name: {}", p.name));
          kv(out, in + 4, "containerPort", std::to_string(p.number));
        }
      }
    }
    env(out, in, app, c);
    if (!c.sidecar && rng_.percent(30)) {
      line(out, in, "envFrom:");
      line(out, in + 2, "- configMapRef:");
      kv(out, in + 6, "name", app.name + "-config");
    }
    line(out, in, "resources:");
    const int cpu = c.sidecar ? rng_.pick({50, 100, 100}) : rng_.pick({100, 250, 500, 1000});
    const int mem = c.sidecar ? rng_.pick({64, 128}) : rng_.pick({256, 512, 1024, 2048});
    if (correct(92, 30))
      small_map(out, in + 2, "requests",
                {{"cpu", any_quote(rng_, fmt::format("{}m", cpu))},
                 {"memory", any_quote(rng_, fmt::format("{}Mi", mem))}},
                app.flow);
    if (correct(85, 40)) {
      Fields limits = {
          {"memory", any_quote(rng_, fmt::format("{}Mi", defect(4, 50) ? mem / 2 : mem * 2))}};
      if (rng_.percent(40))
        limits.emplace(limits.begin(), "cpu", any_quote(rng_, fmt::format("{}m", cpu * 4)));
      small_map(out, in + 2, "limits", limits, app.flow);
    }
    if (long_running) {
      probes(out, in, c, app.flow);
      std::uint32_t hook = rng_.below(100);
      if (heavy_) hook = hook < 50 ? 90 : 70;  // no preStop (TL201), or `sleep 2` (TL202)
      if (c.sidecar && hook < 50) {
        // no preStop on the sidecar
      } else if (hook < 55) {
        line(out, in, "lifecycle:");
        line(out, in + 2, "preStop:");
        line(out, in + 4, "exec:");
        kv(out, in + 6, "command",
           rng_.percent(60) ? R"(['sh', '-c', 'sleep 10'])" : R"(["sleep", "15"])");
      } else if (hook < 65) {
        line(out, in, "lifecycle:");
        line(out, in + 2, "preStop:");
        small_map(out, in + 4, "sleep", {{"seconds", std::to_string(rng_.pick({5, 10, 20}))}},
                  app.flow);
      } else if (hook < 75) {
        line(out, in, "lifecycle:");
        line(out, in + 2, "preStop:");
        line(out, in + 4, "exec:");
        line(out, in + 6, "command:");
        line(out, in + 8, "- /bin/sh");
        line(out, in + 8, "- -c");
        line(out, in + 8, "- sleep 2  # too short for the load balancer to notice");
      }
    }
    if (rng_.percent(50)) {
      line(out, in, "volumeMounts:");
      line(out, in + 2,
           fmt::format("- {{ name: config, mountPath: /etc/{}, readOnly: true }}", app.name));
      line(out, in + 2, "- name: tmp");
      kv(out, in + 4, "mountPath", "/tmp");
    }
    if (rng_.percent(60)) {
      if (app.flow) {
        kv(out, in, "securityContext",
           "{ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: "
           "[ALL] } }");
      } else {
        line(out, in, "securityContext:");
        kv(out, in + 2, "allowPrivilegeEscalation", "false");
        kv(out, in + 2, "readOnlyRootFilesystem", "true");
        line(out, in + 2, "capabilities:");
        line(out, in + 4, "drop:");
        line(out, in + 6, "- ALL");
      }
    }
  }

  // The pod template's `metadata` and `spec`, at `indent` (the indentation of `metadata:`).
  void pod_template(std::string& out, int indent, const App& app, bool long_running,
                    const std::vector<Container>& containers) {
    line(out, indent, "metadata:");
    if (app.anchors && long_running) {
      kv(out, indent + 2, "labels", "*labels");
    } else {
      small_map(out, indent + 2, "labels", {{"app", app.name}, {"team", app.team}}, app.flow);
    }
    if (long_running || rng_.percent(30)) {
      line(out, indent + 2, "annotations:");
      if (long_running && rng_.percent(75)) {
        kv(out, indent + 4, "prometheus.io/scrape", any_quote(rng_, "true"));
        kv(out, indent + 4, "prometheus.io/port", rng_.percent(3) ? "!!str 9090" : sq("9090"));
      }
      kv(out, indent + 4, "checksum/config", rng_.hex(64));
      if (rng_.percent(30))
        kv(out, indent + 4, "titanlint.io/shutdown-timeout",
           dq(fmt::format("{}s", rng_.pick({10, 20, 45}))));
      if (rng_.percent(20)) kv(out, indent + 4, "sidecar.istio.io/inject", sq("false"));
    }
    line(out, indent, "spec:");
    const int in = indent + 2;
    if (app.service_account) kv(out, in, "serviceAccountName", app.name);
    if (!long_running) kv(out, in, "restartPolicy", correct(80, 20) ? "Never" : "OnFailure");
    if (rng_.percent(50)) {
      if (app.flow)
        kv(out, in, "securityContext", "{ runAsNonRoot: true, runAsUser: 10001, fsGroup: 10001 }");
      else {
        line(out, in, "securityContext:");
        kv(out, in + 2, "runAsNonRoot", "true");
        kv(out, in + 2, "runAsUser", "10001");
        kv(out, in + 2, "fsGroup", "10001");
      }
    }
    if (long_running && rng_.percent(40)) {
      line(out, in, "affinity:");
      line(out, in + 2, "podAntiAffinity:");
      line(out, in + 4, "preferredDuringSchedulingIgnoredDuringExecution:");
      line(out, in + 6, "- weight: 100");
      line(out, in + 8, "podAffinityTerm:");
      kv(out, in + 10, "topologyKey", "kubernetes.io/hostname");
      line(out, in + 10, "labelSelector:");
      small_map(out, in + 12, "matchLabels", {{"app", app.name}}, true);
    }
    if (long_running && rng_.percent(25)) {
      line(out, in, "topologySpreadConstraints:");
      line(out, in + 2, "- maxSkew: 1");
      kv(out, in + 4, "topologyKey", "topology.kubernetes.io/zone");
      kv(out, in + 4, "whenUnsatisfiable", "ScheduleAnyway");
      kv(out, in + 4, "labelSelector", fmt::format("{{ matchLabels: {{ app: {} }} }}", app.name));
    }
    if (long_running && rng_.percent(20)) {
      line(out, in, "initContainers:");
      line(out, in + 2, "- name: wait-for-db");
      kv(out, in + 4, "image", "busybox:1.36");
      kv(out, in + 4, "command",
         R"(['sh', '-c', 'until nc -z db.internal 5432; do sleep 2; done'])");
    }
    line(out, in, "containers:");
    for (const Container& c : containers) container(out, in + 2, app, c, long_running);
    if (rng_.percent(55)) {
      line(out, in, "volumes:");
      line(out, in + 2, "- name: config");
      small_map(out, in + 4, "configMap", {{"name", app.name + "-config"}}, app.flow);
      line(out, in + 2, "- name: tmp");
      kv(out, in + 4, "emptyDir", "{}");
    }
    if (long_running) {
      std::uint32_t grace = rng_.below(100);
      if (heavy_) grace = 60 + grace % 40;  // 30 s or the default: TL203
      if (grace < 40)
        kv(out, in, "terminationGracePeriodSeconds", "45");
      else if (grace < 60)
        kv(out, in, "terminationGracePeriodSeconds", "60");
      else if (grace < 75)
        kv(out, in, "terminationGracePeriodSeconds", "30");
    }
  }

  std::string workload(const App& app) {
    std::string out;
    header_comment(out, app, app.stateful ? "StatefulSet" : "Deployment");
    line(out, 0, "apiVersion: apps/v1");
    line(out, 0, app.stateful ? "kind: StatefulSet" : "kind: Deployment");
    metadata(out, app, app.name, app.anchors);
    line(out, 2, "annotations:");
    kv(out, 4, "owner", fmt::format("team-{}@example.com", app.team));
    if (app.last_applied)
      last_applied(out, app, app.stateful ? "StatefulSet" : "Deployment", app.name);
    if (rng_.percent(40)) {
      line(out, 4, "description: >-");
      line(out, 6, sentence(rng_, rng_.between(8, 16)));
      line(out, 6, sentence(rng_, rng_.between(8, 16)));
    }
    if (rng_.percent(30))
      kv(out, 4, "deployment.kubernetes.io/revision", dq(std::to_string(rng_.between(1, 80))));
    line(out, 0, "spec:");
    if (app.stateful) kv(out, 2, "serviceName", app.name + "-headless");
    if (!app.hpa || rng_.percent(30)) kv(out, 2, "replicas", std::to_string(app.replicas));
    if (rng_.percent(40)) kv(out, 2, "revisionHistoryLimit", std::to_string(rng_.pick({3, 5, 10})));
    if (app.stateful) {
      if (rng_.percent(50)) kv(out, 2, "podManagementPolicy", "Parallel");
      if (rng_.percent(60)) {
        line(out, 2, "updateStrategy:");
        kv(out, 4, "type", "RollingUpdate");
        small_map(out, 4, "rollingUpdate",
                  {{"maxUnavailable", std::to_string(rng_.pick({1, 1, 2}))}}, app.flow);
      }
    } else {
      std::uint32_t strategy = rng_.below(100);
      if (heavy_) strategy = 60 + strategy % 40;  // Recreate or the 25% default: TL204
      if (strategy < 60) {
        line(out, 2, "strategy:");
        kv(out, 4, "type", "RollingUpdate");
        small_map(out, 4, "rollingUpdate",
                  {{"maxSurge", rng_.percent(80) ? "1" : sq("25%")},
                   {"maxUnavailable", rng_.percent(85) ? "0" : "1"}},
                  app.flow);
      } else if (strategy < 65) {
        line(out, 2, "strategy:");
        kv(out, 4, "type", "Recreate");  // TL204
      }                                  // else the 25%/25% default: TL204
    }
    line(out, 2, "selector:");
    if (app.anchors) {
      kv(out, 4, "matchLabels", "*labels");
    } else {
      small_map(out, 4, "matchLabels", {{"app", app.name}}, app.flow);
    }
    line(out, 2, "template:");
    pod_template(out, 4, app, /*long_running=*/true, app.containers);
    if (app.stateful) {
      line(out, 2, "volumeClaimTemplates:");
      line(out, 4, "- metadata: { name: data }");
      line(out, 6, "spec:");
      kv(out, 8, "accessModes", "['ReadWriteOnce']");
      kv(out, 8, "storageClassName", any_quote(rng_, "fast-ssd"));
      kv(out, 8, "resources",
         fmt::format("{{ requests: {{ storage: {}Gi }} }}", rng_.pick({5, 10, 50, 100})));
    }
    return out;
  }

  std::string service(const App& app, bool headless) {
    std::string out;
    line(out, 0, "apiVersion: v1");
    line(out, 0, "kind: Service");
    const std::string name = headless ? app.name + "-headless" : app.name;
    metadata(out, app, name);
    const bool lb = !headless && rng_.percent(8);
    if (app.last_applied || lb) {
      line(out, 2, "annotations:");
      if (app.last_applied) last_applied(out, app, "Service", name);
      if (lb) kv(out, 4, "service.beta.kubernetes.io/aws-load-balancer-type", "nlb");
    }
    line(out, 0, "spec:");
    if (headless) kv(out, 2, "clusterIP", "None");
    if (lb) kv(out, 2, "type", "LoadBalancer");
    small_map(out, 2, "selector", {{"app", app.name}}, app.flow);
    line(out, 2, "ports:");
    for (const Port& p : app.containers.front().ports) {
      std::string target = rng_.percent(75) ? p.name : std::to_string(p.number);
      if (heavy_) target = p.name + "-port";  // TL702
      const int port = p.name == "http" ? 80 : p.number;
      if (app.flow) {
        line(out, 4,
             fmt::format("- {{ name: {}, port: {}, targetPort: {} }}", p.name, port, target));
      } else {
        line(out, 4, fmt::format("- name: {}", p.name));
        kv(out, 6, "port", std::to_string(port));
        kv(out, 6, "targetPort", target);
        kv(out, 6, "protocol", "TCP");
      }
    }
    return out;
  }

  std::string hpa(const App& app) {
    std::string out;
    line(out, 0, "apiVersion: autoscaling/v2");
    line(out, 0, "kind: HorizontalPodAutoscaler");
    metadata(out, app, app.name);
    line(out, 0, "spec:");
    line(out, 2, "scaleTargetRef:");
    kv(out, 4, "apiVersion", "apps/v1");
    kv(out, 4, "kind", "Deployment");
    kv(out, 4, "name", defect(3, 20) ? app.name + "-old" : app.name);
    kv(out, 2, "minReplicas", std::to_string(defect(15, 70) ? 1 : rng_.pick({2, 3})));
    kv(out, 2, "maxReplicas", std::to_string(rng_.pick({6, 10, 20, 50})));
    line(out, 2, "metrics:");
    line(out, 4, "- type: Resource");
    line(out, 6, "resource:");
    kv(out, 8, "name", "cpu");
    small_map(
        out, 8, "target",
        {{"type", "Utilization"}, {"averageUtilization", std::to_string(rng_.pick({60, 70, 80}))}},
        app.flow);
    if (rng_.percent(40)) {
      line(out, 4, "- type: Resource");
      line(out, 6, "resource:");
      kv(out, 8, "name", "memory");
      small_map(out, 8, "target", {{"type", "Utilization"}, {"averageUtilization", "80"}},
                app.flow);
    }
    if (rng_.percent(30)) {
      line(out, 2, "behavior:");
      line(out, 4, "scaleDown:");
      kv(out, 6, "stabilizationWindowSeconds", "300");
      line(out, 6, "policies:");
      line(out, 8, "- { type: Percent, value: 10, periodSeconds: 60 }");
    }
    return out;
  }

  std::string pdb(const App& app) {
    std::string out;
    line(out, 0, "apiVersion: policy/v1");
    line(out, 0, "kind: PodDisruptionBudget");
    metadata(out, app, app.name);
    line(out, 0, "spec:");
    std::uint32_t form = rng_.below(10);
    if (heavy_ && form < 6) form = 9;  // maxUnavailable 0: TL508
    if (form < 5)
      kv(out, 2, "minAvailable", "1");
    else if (form < 8)
      kv(out, 2, "maxUnavailable", "1");
    else if (form < 9)
      kv(out, 2, "minAvailable", sq("50%"));
    else
      kv(out, 2, "maxUnavailable", "0");  // TL508
    line(out, 2, "selector:");
    small_map(out, 4, "matchLabels", {{"app", app.name}}, app.flow);
    return out;
  }

  std::string network_policy(const App& app) {
    std::string out;
    header_comment(out, app, "NetworkPolicy");
    line(out, 0, "apiVersion: networking.k8s.io/v1");
    line(out, 0, "kind: NetworkPolicy");
    metadata(out, app, app.name);
    line(out, 0, "spec:");
    line(out, 2, "podSelector:");
    small_map(out, 4, "matchLabels", {{"app", app.name}}, app.flow);
    kv(out, 2, "policyTypes", correct(85, 40) ? "[Ingress, Egress]" : "[Ingress]");
    line(out, 2, "ingress:");
    if (defect(10, 60)) {
      line(out, 4, "- {}");  // TL405
    } else {
      line(out, 4, "- from:");
      line(out, 8,
           "- namespaceSelector: { matchLabels: { kubernetes.io/metadata.name: ingress-nginx } }");
      line(out, 8, "- podSelector:");
      small_map(out, 12, "matchLabels", {{"app.kubernetes.io/part-of", app.team}}, app.flow);
      line(out, 6, "ports:");
      line(out, 8,
           fmt::format("- {{ protocol: TCP, port: {} }}",
                       app.containers.front().ports.front().number));
    }
    line(out, 2, "egress:");
    if (defect(10, 60)) {
      line(out, 4, "- to:");
      line(out, 8, "- ipBlock: { cidr: 0.0.0.0/0 }  # TODO restrict");
    } else {
      line(out, 4, "- to:");
      line(out, 8,
           fmt::format(
               "- namespaceSelector: {{ matchLabels: {{ kubernetes.io/metadata.name: {} }} }}",
               app.ns));
      line(out, 4, "- to:");
      line(out, 8,
           "- namespaceSelector: { matchLabels: { kubernetes.io/metadata.name: kube-system } }");
      line(out, 10, "podSelector: { matchLabels: { k8s-app: kube-dns } }");
      line(out, 6, "ports:");
      line(out, 8, "- { protocol: UDP, port: 53 }");
      if (correct(60, 20)) line(out, 8, "- { protocol: TCP, port: 53 }");
    }
    return out;
  }

  std::string ingress(const App& app) {
    std::string out;
    line(out, 0, "apiVersion: networking.k8s.io/v1");
    line(out, 0, "kind: Ingress");
    metadata(out, app, app.name);
    line(out, 2, "annotations:");
    kv(out, 4, "cert-manager.io/cluster-issuer", "letsencrypt");
    kv(out, 4, "nginx.ingress.kubernetes.io/proxy-body-size",
       sq(fmt::format("{}m", rng_.pick({1, 10, 50}))));
    if (rng_.percent(40))
      kv(out, 4, "nginx.ingress.kubernetes.io/configuration-snippet",
         dq(fmt::format("more_set_headers \\\"X-Team: {}\\\";\\nmore_set_headers "
                        "\\\"X-Frame-Options: DENY\\\";",
                        app.team)));
    line(out, 0, "spec:");
    kv(out, 2, "ingressClassName", "nginx");
    const std::string host = fmt::format("{}.{}.example.com", app.name, app.team);
    if (correct(85, 20)) {
      line(out, 2, "tls:");
      line(out, 4, fmt::format("- hosts: [{}]", host));
      kv(out, 6, "secretName", app.name + "-tls");
    }
    line(out, 2, "rules:");
    line(out, 4, fmt::format("- host: {}", host));
    line(out, 6, "http:");
    line(out, 8, "paths:");
    const int paths = rng_.between(1, 4);
    for (int i = 0; i < paths; ++i) {
      if (app.flow) {
        line(out, 10,
             fmt::format("- {{ path: /{}, pathType: Prefix, backend: {{ service: {{ name: {}, "
                         "port: {{ number: 80 }} }} }} }}",
                         i ? rng_.pick(kComponents) : "", app.name));
      } else {
        line(out, 10, fmt::format("- path: /{}", i ? rng_.pick(kComponents) : ""));
        kv(out, 12, "pathType", "Prefix");
        line(out, 12, "backend:");
        line(out, 14, "service:");
        kv(out, 16, "name", app.name);
        kv(out, 16, "port", "{ number: 80 }");
      }
    }
    return out;
  }

  std::string job(const App& app) {
    std::string out;
    line(out, 0, "# Pre-deploy migration, runs to completion before the pods rotate");
    line(out, 0, "apiVersion: batch/v1");
    line(out, 0, "kind: Job");
    metadata(out, app, fmt::format("{}-migrate-v{}", app.name, app.version.substr(0, 1)));
    line(out, 2, "annotations:");
    kv(out, 4, "helm.sh/hook", "pre-install,pre-upgrade");
    kv(out, 4, "helm.sh/hook-delete-policy", "before-hook-creation");
    line(out, 0, "spec:");
    if (correct(70, 20)) kv(out, 2, "backoffLimit", std::to_string(rng_.pick({0, 1, 3, 10})));
    if (rng_.percent(40)) kv(out, 2, "ttlSecondsAfterFinished", "600");
    line(out, 2, "template:");
    Container c = app.containers.front();
    c.ports.clear();
    pod_template(out, 4, app, /*long_running=*/false, {c});
    return out;
  }

  std::string cron_job(const App& app) {
    std::string out;
    line(out, 0, "apiVersion: batch/v1");
    line(out, 0, "kind: CronJob");
    metadata(out, app, app.name + "-nightly");
    line(out, 0, "spec:");
    const int minute = rng_.between(0, 59);
    const int hour = rng_.between(0, 6);
    const std::string schedule = fmt::format("{} {} * * *", minute, hour);
    kv(out, 2, "schedule", rng_.percent(50) ? sq(schedule) : dq(schedule));
    kv(out, 2, "concurrencyPolicy", "Forbid");
    kv(out, 2, "successfulJobsHistoryLimit", "3");
    line(out, 2, "jobTemplate:");
    line(out, 4, "spec:");
    kv(out, 6, "backoffLimit", "2");
    line(out, 6, "template:");
    Container c = app.containers.front();
    c.name = "report";
    c.ports.clear();
    pod_template(out, 8, app, /*long_running=*/false, {c});
    return out;
  }

  // Helm values that ended up in a manifest directory: not an object (TL002).
  std::string stray_values(const App& app) {
    std::string out;
    line(out, 0, "# values accidentally rendered as a manifest");
    kv(out, 0, "replicaCount", std::to_string(app.replicas));
    line(out, 0, "image:");
    kv(out, 2, "repository", fmt::format("registry.example.com/{}/{}", app.team, app.name));
    kv(out, 2, "tag", any_quote(rng_, app.version));
    return out;
  }

  Rng rng_;
  bool heavy_ = false;
  std::set<std::string> names_;
};

// Files being filled: path -> documents (with optional `# Source:` lines for helm streams).
class FileSet {
 public:
  void add(const std::string& path, std::string document) {
    files_[path].push_back(std::move(document));
  }
  std::size_t size(const std::string& path) const {
    auto it = files_.find(path);
    return it == files_.end() ? 0 : it->second.size();
  }

  Corpus finish(Rng& rng) {
    Corpus corpus;
    for (auto& [path, docs] : files_) {
      if (docs.empty()) continue;
      CorpusFile file;
      file.path = path;
      if (rng.percent(40)) file.text += "---\n";
      for (std::size_t i = 0; i < docs.size(); ++i) {
        if (i) file.text += rng.percent(95) ? "---\n" : "--- # next\n";
        file.text += docs[i];
      }
      file.documents = docs.size();
      corpus.documents += file.documents;
      corpus.bytes += file.text.size();
      corpus.files.push_back(std::move(file));
    }
    return corpus;
  }

 private:
  std::map<std::string, std::vector<std::string>> files_;
};

}  // namespace

Corpus generate_corpus(std::size_t documents, std::uint64_t seed, Defects defects) {
  Generator gen(seed, defects);
  Rng& rng = gen.rng();
  FileSet files;
  std::map<std::string, int> bundle_number;  // team -> current bundle file
  std::size_t produced = 0;
  std::size_t app_index = 0;
  while (produced < documents) {
    const std::string team = kTeams[app_index++ % std::size(kTeams)];
    const App app = gen.make_app(team);
    // A third of the teams ship helm-rendered streams instead of kustomize bundles.
    const bool helm = (app_index % std::size(kTeams)) % 3 == 0;
    auto docs = gen.app_documents(app);
    for (auto& [group, text] : docs) {
      if (produced == documents) break;
      std::string path;
      switch (app.layout) {
        case Layout::OwnFile:
          path = fmt::format("k8s/{}/{}.yaml", team, app.name);
          break;
        case Layout::SplitFiles:
          path = fmt::format("k8s/{}/{}/{}.yaml", team, app.name, group);
          break;
        case Layout::Bundle: {
          const std::string key = team + (helm ? "-helm" : "");
          path = helm ? fmt::format("k8s/rendered/{}-{:02}.yaml", team, bundle_number[key])
                      : fmt::format("k8s/{}/bundle-{:02}.yaml", team, bundle_number[key]);
          if (files.size(path) >= 28) {
            ++bundle_number[key];
            path = helm ? fmt::format("k8s/rendered/{}-{:02}.yaml", team, bundle_number[key])
                        : fmt::format("k8s/{}/bundle-{:02}.yaml", team, bundle_number[key]);
          }
          if (helm) {
            const std::size_t at = text.find("\nkind: ");
            std::string kind = at == std::string::npos ? "values" : text.substr(at + 7);
            kind = kind.substr(0, kind.find('\n'));
            std::transform(kind.begin(), kind.end(), kind.begin(),
                           [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
            text = fmt::format("# Source: {}/templates/{}.yaml\n{}", app.name, kind, text);
          }
          break;
        }
      }
      files.add(path, std::move(text));
      ++produced;
    }
  }
  return files.finish(rng);
}

void write_corpus(const Corpus& corpus, const std::filesystem::path& directory) {
  for (const CorpusFile& file : corpus.files) {
    const std::filesystem::path path = directory / file.path;
    std::filesystem::create_directories(path.parent_path());
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(file.text.data(), static_cast<std::streamsize>(file.text.size()));
    out.close();
    if (!out) throw std::runtime_error("cannot write " + path.string());
  }
}

void write_realistic_and_heavy_corpora(const std::filesystem::path& directory,
                                       std::size_t documents) {
  write_corpus(generate_corpus(documents), directory / "realistic");
  write_corpus(generate_corpus(documents, kDefaultCorpusSeed, Defects::Heavy), directory / "heavy");
}

}  // namespace titanlint::bench
