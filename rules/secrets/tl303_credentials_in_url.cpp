// TL303 credentials-in-url: `scheme://user:password@host` in a literal string.
#include <fmt/format.h>

#include "common/define.h"
#include "common/secret_mask.h"
#include "common/secret_scan.h"

namespace titanlint::rules {
namespace {

class CredentialsInUrl final : public Rule {
 public:
  explicit CredentialsInUrl(const RuleOptions& options)
      : placeholders_(options.list("placeholders")) {}

  void check(const K8sObject& object, const LintSet&, Reporter& out) const override {
    if (object.kind == "Secret") return;  // where credentials belong (TL301 judges the file)
    for_each_literal(
        object, kEnvValue | kArgs | kCommand | kConfigMapData, [&](const Literal& lit) {
          std::vector<std::string> urls;
          for (const UrlCredentials& url : find_url_credentials(lit.node->text())) {
            if (is_placeholder(url.password, placeholders_)) continue;
            urls.push_back(masked_url(url));
          }
          if (urls.empty()) return;
          const std::optional<EnvSecretRef> ref = env_secret_ref(object, lit);
          LazyFix fix;
          auto write = [&](FixBuilder& edit) { write_env_secret_ref(edit, *ref, lit); };
          if (ref) fix = write;
          out.report(
              *lit.node,
              [&] {
                return fmt::format("{} holds a password in a URL: {}{}", lit.where(), urls.front(),
                                   urls.size() > 1 ? fmt::format(" (and {} more)", urls.size() - 1)
                                                   : std::string());
              },
              lit.kind == kEnvValue
                  ? "move the URL (or its password) into a Secret: read it with "
                    "`valueFrom.secretKeyRef`, or write `$(DB_PASSWORD)` in the URL with "
                    "DB_PASSWORD defined before it from a secretKeyRef"
                  : "move the password into a Secret and pass it as an env var from "
                    "`secretKeyRef` (args and command can use it as `$(VAR)`)",
              fix);
        });
  }

 private:
  std::vector<std::string> placeholders_;
};

}  // namespace

RuleDefinition tl303_credentials_in_url() {
  RuleMeta m;
  m.code = "TL303";
  m.name = "credentials-in-url";
  m.severity = Severity::Error;
  m.offers_fix = true;
  m.summary = "A literal string holds a URL with a password (scheme://user:password@host)";
  m.remediation =
      "move the password into a Secret and reference it (`valueFrom.secretKeyRef`, or `$(VAR)` "
      "expansion of a secret-sourced env var)";
  m.sensitive = true;
  m.options.push_back(placeholders_option());
  m.doc.what = R"md(
    Finds `scheme://user:password@host` anywhere inside env values, `args` and `command`
    (containers, initContainers and ephemeralContainers of every workload, Jobs and CronJobs
    included) and ConfigMap `data` values (a config file in a ConfigMap counts too). The finding
    points at the string; the message shows the URL as `postgres://platform:****@platform-pg...`.

    Not reported: a user without a password (`postgres://platform@platform-pg:5432/platform`,
    `ssh://git@github.com`), an empty password (`user:@host`), and a password that is a placeholder
    (docs/secrets.md): `${DB_PASS}`, `$(DB_PASS)` (Kubernetes expands it from another env var, which
    can come from a Secret), `<password>`, `****`, `xxx`, `{{ ... }}` and the `placeholders` words.
    Secrets are not looked at (TL301 is about them).
  )md";
  m.doc.why = R"md(
    A connection URL is the usual way a database password ends up in a Deployment or a ConfigMap in
    plain text, and from there in the repository, in `kubectl describe` output and in logs that
    print the configuration. The guide keeps `DATABASE_URL` in the `api-secrets` Secret and reads it
    with `secretKeyRef`.
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
          env:
            - name: DATABASE_URL
              value: postgres://platform:s3cr3t@platform-pg:5432/platform
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
          env:
            - name: DB_PASSWORD
              valueFrom: { secretKeyRef: { name: api-secrets, key: db-password } }
            - name: DATABASE_URL
              value: postgres://platform:$(DB_PASSWORD)@platform-pg:5432/platform
)yaml";
  m.doc.fix = R"md(
    `titanlint fix` rewrites an env value only: the `value:` entry becomes `valueFrom:
    {secretKeyRef: {name: <object>-secrets, key: <var>}}` (the var name lowercased, `_` as `-`:
    `DATABASE_URL` reads key `database-url`), the whole URL moving into the Secret, which you create
    from the value first; the diff masks the removed value. Args, command and ConfigMap data get no
    fix: the URL has to move out of the file and its consumer has to change too (`$(VAR)` in args,
    a Secret file mounted instead of a ConfigMap key), which only the author can decide.
  )md";
  m.doc.references = {
      {"production guide (`seed/kubernetes-production-guide.txt`), section \"Secrets\"", ""},
      {"Kubernetes: Secrets", "https://kubernetes.io/docs/concepts/configuration/secret/"}};
  return define<CredentialsInUrl>(std::move(m));
}

}  // namespace titanlint::rules
