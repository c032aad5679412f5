// TL703 ingress-tls-missing: an Ingress serves a host that no TLS entry covers.
#include <algorithm>
#include <cctype>
#include <string>

#include <fmt/format.h>

#include "common/define.h"
#include "common/workload.h"

namespace titanlint::rules {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

// A TLS host covers a rule host when they are equal, or when the TLS host is `*.<suffix>` and the
// rule host is exactly one label followed by `.<suffix>` (a wildcard certificate covers one
// label; `*.example.com` does not cover `example.com` or `a.b.example.com`). A wildcard rule host
// is covered only by the same wildcard.
bool covers(std::string_view tls_host, std::string_view host) {
  if (tls_host == host) return true;
  if (!tls_host.starts_with("*.")) return false;
  const std::string_view suffix = tls_host.substr(1);  // ".example.com"
  if (host.size() <= suffix.size() || !host.ends_with(suffix)) return false;
  const std::string_view label = host.substr(0, host.size() - suffix.size());
  return label.find('.') == std::string_view::npos && label != "*";
}

class IngressTlsMissing final : public Rule {
 public:
  explicit IngressTlsMissing(const RuleOptions&) {}

  void check(const K8sObject& object, const LintSet&, Reporter& out) const override {
    const Node* spec = object.root->get("spec");
    if (!spec || !spec->is_mapping()) return;
    const Node* rules = spec->get("rules");
    if (!rules || !rules->is_sequence()) return;
    std::vector<std::string> tls_hosts;
    if (const Node* tls = spec->get("tls"); tls && tls->is_sequence()) {
      for (const Node* entry : tls->items()) {
        if (!entry->is_mapping()) continue;
        const Node* hosts = entry->get("hosts");
        // An entry without hosts means the controller's default (wildcard) certificate for every
        // host: nothing to compare against, so nothing is reported.
        if (!hosts || !hosts->is_sequence() || hosts->items().empty()) return;
        for (const Node* h : hosts->items())
          if (h->is_scalar()) tls_hosts.push_back(lower(h->str()));
      }
    }
    for (const Node* rule : rules->items()) {
      if (!rule->is_mapping()) continue;
      const Node* host = rule->get("host");
      // A rule without a host matches every host; which certificate serves it is the
      // controller's default, not something this Ingress declares.
      if (!host || !host->is_scalar() || host->str().empty()) continue;
      const std::string h = lower(host->str());
      if (std::any_of(tls_hosts.begin(), tls_hosts.end(),
                      [&](const std::string& t) { return covers(t, h); }))
        continue;
      out.report(
          *host,
          [&] {
            return fmt::format(
                "{}: host \"{}\" is not covered by any spec.tls[].hosts entry: it is "
                "served over plain HTTP",
                object_label(object), host->str());
          },
          [&] {
            return fmt::format(
                "add \"{}\" to the hosts of a spec.tls entry (with its "
                "secretName)",
                host->str());
          });
    }
  }
};

}  // namespace

RuleDefinition tl703_ingress_tls_missing() {
  RuleMeta m;
  m.code = "TL703";
  m.name = "ingress-tls-missing";
  m.severity = Severity::Error;
  m.kinds = {{"Ingress", "networking.k8s.io"}, {"Ingress", "extensions"}};
  m.scope = RuleScope::Object;
  m.summary = "an Ingress rule host not covered by `spec.tls[].hosts`";
  m.remediation = "list every rule host under spec.tls[].hosts";
  m.doc.what = R"md(
    Reports each `spec.rules[].host` of an Ingress (networking.k8s.io or extensions) that no
    `spec.tls[].hosts` entry covers. A wildcard TLS host `*.example.com` covers exactly one more
    label (`api.example.com`, not `example.com` nor `a.b.example.com`); hosts compare
    case-insensitively. An Ingress without `tls` has every host reported. Rules without a host are
    not reported, and neither is anything when a TLS entry has no `hosts` (the controller's default
    certificate then applies to every host). It points at the host.
  )md";
  m.doc.why = R"md(
    A host missing from `tls` is served over plain HTTP, or with the controller's default
    self-signed certificate, and cert-manager issues no certificate for it. The guide's
    `k8s/ingress.yaml` lists both rule hosts in its `tls` entry.
  )md";
  m.doc.example = R"yaml(
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: api
spec:
  tls:
    - hosts: [api.example.com]
      secretName: platform-tls
  rules:
    - host: app.example.com   # not in tls
)yaml";
  m.doc.use_instead = R"yaml(
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: api
spec:
  tls:
    - hosts: [api.example.com, app.example.com]
      secretName: platform-tls
  rules:
    - host: app.example.com
)yaml";
  m.doc.references = {
      {"production guide (`seed/kubernetes-production-guide.txt`), section \"Ingress\"", ""},
      {"Kubernetes: Ingress", "https://kubernetes.io/docs/concepts/services-networking/ingress/"},
      {"Polaris check `tlsSettingsMissing`", ""}};
  return define<IngressTlsMissing>(std::move(m));
}

}  // namespace titanlint::rules
