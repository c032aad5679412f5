// TL704 ingress-backend-missing: an Ingress routes to a Service (or a Service port) that is not in
// the linted set.
#include <fmt/format.h>

#include "common/define.h"
#include "common/workload.h"
#include "lint_set.h"

namespace titanlint::rules {
namespace {

// One backend: the Service name and port nodes, in either API shape.
struct ServiceBackend {
  const Node* name = nullptr;
  const Node* port = nullptr;  // a number or a port name; null when absent
};

std::optional<ServiceBackend> service_backend(const Node* backend) {
  if (!backend || !backend->is_mapping()) return std::nullopt;
  ServiceBackend out;
  if (const Node* service = backend->get("service"); service && service->is_mapping()) {
    // networking.k8s.io/v1: service: { name, port: { number | name } }
    out.name = service->get("name");
    if (const Node* port = service->get("port"); port && port->is_mapping()) {
      out.port = port->get("number");
      if (!out.port || out.port->is_null()) out.port = port->get("name");
    }
  } else {
    // extensions/v1beta1, networking.k8s.io/v1beta1: serviceName, servicePort (int or name)
    out.name = backend->get("serviceName");
    out.port = backend->get("servicePort");
  }
  // A resource backend (apiGroup/kind/name) is not a Service.
  if (!out.name || !out.name->is_scalar() || out.name->str().empty()) return std::nullopt;
  if (out.port && (out.port->is_null() || !out.port->is_scalar())) out.port = nullptr;
  return out;
}

bool service_has_port(const Node& ports, const Node& port) {
  auto number = port.as_int();
  for (const Node* p : ports.items()) {
    if (!p->is_mapping()) continue;
    if (number) {
      if (int_or(p->get("port"), -1) == *number) return true;
    } else if (const Node* name = p->get("name"); name && name->str() == port.str()) {
      return true;
    }
  }
  return false;
}

class IngressBackendMissing final : public Rule {
 public:
  explicit IngressBackendMissing(const RuleOptions&) {}

  void check(const K8sObject& object, const LintSet& set, Reporter& out) const override {
    const Node* spec = object.root->get("spec");
    if (!spec || !spec->is_mapping()) return;
    check_backend(object, set, spec->get("defaultBackend"), out);
    check_backend(object, set, spec->get("backend"), out);
    const Node* rules = spec->get("rules");
    if (!rules || !rules->is_sequence()) return;
    for (const Node* rule : rules->items()) {
      const Node* paths = rule->is_mapping() ? rule->at({"http", "paths"}) : nullptr;
      if (!paths || !paths->is_sequence()) continue;
      for (const Node* path : paths->items())
        if (path->is_mapping()) check_backend(object, set, path->get("backend"), out);
    }
  }

 private:
  static void check_backend(const K8sObject& object, const LintSet& set, const Node* node,
                            Reporter& out) {
    auto backend = service_backend(node);
    if (!backend) return;
    const std::string_view ns = set.namespace_of(object);
    const std::string_view name = backend->name->str();
    const K8sObject* service = set.find(ns, "Service", name);
    if (!service) {
      out.report(
          *backend->name,
          [&] {
            return fmt::format(
                "{}: backend Service \"{}\" is not in the linted set (namespace "
                "\"{}\"): requests to it get 503",
                object_label(object), name, ns);
          },
          [&] {
            return fmt::format(
                "point the backend at a Service of namespace \"{}\", or lint it "
                "together with its Services (--partial if the set is incomplete)",
                ns);
          });
      return;
    }
    if (!backend->port) return;
    const Node* ports = service->root->at({"spec", "ports"});
    if (!ports || !ports->is_sequence() || ports->items().empty()) {
      // An ExternalName Service may list no ports: the port goes to the external name as is.
      return;
    }
    if (service_has_port(*ports, *backend->port)) return;
    out.relate(*service, "the backend Service, without that port", ports);
    const bool numeric = backend->port->as_int().has_value();
    out.report(
        *backend->port,
        [&] {
          return fmt::format(
              "{}: backend port {} is not a port {}of Service/{}: requests to it "
              "get 503",
              object_label(object),
              numeric ? std::string(backend->port->text())
                      : fmt::format("\"{}\"", backend->port->text()),
              numeric ? "" : "name ", name);
        },
        [&] {
          return fmt::format("use a port {} Service/{} declares", numeric ? "number" : "name",
                             name);
        });
  }
};

}  // namespace

RuleDefinition tl704_ingress_backend_missing() {
  RuleMeta m;
  m.code = "TL704";
  m.name = "ingress-backend-missing";
  m.severity = Severity::Warning;
  m.kinds = {{"Ingress", "networking.k8s.io"}, {"Ingress", "extensions"}};
  m.scope = RuleScope::Set;
  m.needs_complete_set = true;
  m.summary = "Ingress backend Service (or its port) not in the linted set";
  m.remediation = "route the Ingress to a Service (and a port) that exists";
  m.doc.what = R"md(
    Checks every Service backend of an Ingress: `spec.defaultBackend` and
    `spec.rules[].http.paths[].backend` (networking.k8s.io/v1 `service.name` and
    `service.port.number` or `.name`; the removed v1beta1 shape `serviceName`/`servicePort` too). It
    reports a Service that is not in the Ingress's namespace of the linted set (pointing at the
    name), and a port that is not among the Service's `ports[].port` numbers or `ports[].name` names
    (pointing at the port). Resource backends are not Services and are skipped; so is the port of a
    Service that lists no ports (ExternalName). The rule needs the whole set: under `--partial` it
    stays silent.
  )md";
  m.doc.why = R"md(
    An Ingress path whose Service or port does not exist answers 503 for every request; the
    controller logs it, `kubectl apply` does not. The guide's `k8s/ingress.yaml` routes to `api:80`
    and `omnitron:9800`, the ports those Services declare.
  )md";
  m.doc.example = R"yaml(
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: api
spec:
  rules:
    - host: api.example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend: { service: { name: api, port: { number: 8080 } } }   # api serves 80
---
apiVersion: v1
kind: Service
metadata:
  name: api
spec:
  selector: { app: api }
  ports:
    - { name: http, port: 80, targetPort: http }
)yaml";
  m.doc.use_instead = R"yaml(
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: api
spec:
  rules:
    - host: api.example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend: { service: { name: api, port: { number: 80 } } }
---
apiVersion: v1
kind: Service
metadata:
  name: api
spec:
  selector: { app: api }
  ports:
    - { name: http, port: 80, targetPort: http }
)yaml";
  m.doc.references = {
      {"production guide (`seed/kubernetes-production-guide.txt`), section \"Ingress\"", ""},
      {"Kubernetes: Ingress", "https://kubernetes.io/docs/concepts/services-networking/ingress/"}};
  return define<IngressBackendMissing>(std::move(m));
}

}  // namespace titanlint::rules
