// TL302 secret-in-env-literal: an env var that looks secret gets a literal value.
#include <cctype>
#include <memory>

#include <fmt/format.h>
#include <re2/re2.h>

#include "common/define.h"
#include "common/pattern_set.h"
#include "common/secret_mask.h"
#include "common/secret_scan.h"

namespace titanlint::rules {
namespace {

// `true`/`false` switch something about a secret on or off; they are never the secret.
bool is_boolean(std::string_view value) {
  auto lower = [](std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
  };
  const std::string v = lower(value);
  return v == "true" || v == "false";
}

class SecretInEnvLiteral final : public Rule {
 public:
  explicit SecretInEnvLiteral(const RuleOptions& options)
      : names_(options.list("namePatterns")),
        ignored_names_(options.list("ignoreNamePatterns")),
        placeholders_(options.list("placeholders")) {}

  void check(const K8sObject& object, const LintSet&, Reporter& out) const override {
    for_each_literal(object, kEnvValue, [&](const Literal& lit) {
      if (!names_.any_match(lit.key) || ignored_names_.any_match(lit.key)) return;
      const std::string_view value = lit.node->text();
      // A URL is an address; a password inside one is TL303's finding.
      if (is_placeholder(value, placeholders_) || is_url(value) || is_boolean(value)) return;
      const std::optional<EnvSecretRef> ref = env_secret_ref(object, lit);
      LazyFix fix;
      auto write = [&](FixBuilder& edit) { write_env_secret_ref(edit, *ref, lit); };
      if (ref) fix = write;
      out.report(
          *lit.node,
          [&] {
            return fmt::format("{} is set to a literal value ({}): its name says it is a secret",
                               lit.where(), masked_value(value));
          },
          [&] {
            return fmt::format(
                "put the value in a Secret and read it with `valueFrom: "
                "{{ secretKeyRef: {{ name: <secret>, key: <key> }} }}` instead of "
                "`value:`");
          },
          fix);
    });
  }

 private:
  PatternSet names_;
  PatternSet ignored_names_;
  std::vector<std::string> placeholders_;
};

}  // namespace

RuleDefinition tl302_secret_in_env_literal() {
  RuleMeta m;
  m.code = "TL302";
  m.name = "secret-in-env-literal";
  m.severity = Severity::Error;
  m.offers_fix = true;
  m.containers = kAllContainers;
  m.summary = "An env var whose name looks secret is set with a literal value";
  m.remediation =
      "put the value in a Secret and reference it with `valueFrom.secretKeyRef` instead of "
      "`value:`";
  m.sensitive = true;
  m.options.push_back(
      {"namePatterns", OptionType::RegexList,
       std::vector<std::string>{"(?i)password", "(?i)passwd", "(?i)secret", "(?i)token",
                                "(?i)_key$", "(?i)^database_url$", "(?i)^redis_url$"},
       "RE2 patterns (partial match) for env var names that hold secrets."});
  m.options.push_back(
      {"ignoreNamePatterns", OptionType::RegexList,
       std::vector<std::string>{
           // Where the secret is.
           "(?i)(_file|_path|_dir|_mount|_name|_namespace|_ref)$",
           // Settings about it: durations, sizes, switches, formats, who issues or accepts it.
           "(?i)(_ttl|_timeout|_expiry|_expiration|_lifetime|_duration|_interval|_age|_seconds|_"
           "ms|_minutes|_hours|_days|_length|_size|_limit|_count|_retries)$",
           "(?i)(_header|_enabled|_disabled|_mode|_type|_format|_algorithm|_audience|_issuer|_"
           "prefix|_suffix|_provider)$",
           // `*_KEY` names that are data-structure keys or public keys, not credentials.
           "(?i)(^|_)(public|partition|sort|cache|primary|routing|hash|shard|lock|idempotency|"
           "group|lookup|index|foreign|join|message|object|row|column|metric|label|tag)_key$"},
       "RE2 patterns for names that match `namePatterns` but hold no secret: where a secret is "
       "(`TOKEN_FILE`, `SECRET_NAME`) or a setting about it (`TOKEN_TTL`, "
       "`PASSWORD_MIN_LENGTH`)."});
  m.options.push_back(placeholders_option());
  m.doc.what = R"md(
    Looks at every `env` entry with a literal `value` in the containers, initContainers and
    ephemeralContainers of every workload (Deployment, StatefulSet, DaemonSet, ReplicaSet,
    ReplicationController, Job, CronJob, Pod, DeploymentConfig): an init container leaks a secret as
    well as the main one. It reports a var whose name matches `namePatterns` (by default
    `*PASSWORD*`, `*PASSWD*`, `*SECRET*`, `*TOKEN*`, `*_KEY`, `DATABASE_URL`, `REDIS_URL`, any case)
    and none of `ignoreNamePatterns`, at the value. The message shows `****` and a length class,
    never the value.

    Not reported: `valueFrom` (secretKeyRef, configMapKeyRef, fieldRef), placeholders
    (docs/secrets.md: empty, `${VAR}`, `$(VAR)`, `<...>`, `{{ ... }}`, only `x` or `*`, the
    `placeholders` words), and URL values (`DATABASE_URL: postgres://platform@db:5432/app` is an
    address; a password inside a URL is reported by TL303).
  )md";
  m.doc.why = R"md(
    The guide reads `DATABASE_URL` from the `api-secrets` Secret with `secretKeyRef`. A literal
    `value` puts the secret into the Deployment itself: into the repository, into `kubectl get
    deploy -o yaml` for everyone who may read Deployments (a much wider group than who may read
    Secrets), and into every ReplicaSet revision kept for rollback.
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
          env:
            - { name: JWT_SECRET, value: 9f8e7d6c5b4a39281706 }
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
          env:
            - name: JWT_SECRET
              valueFrom: { secretKeyRef: { name: api-secrets, key: jwt-secret } }
)yaml";
  m.doc.fix = R"md(
    `titanlint fix` replaces the `value:` entry with `valueFrom: {secretKeyRef: {name:
    <object>-secrets, key: <var>}}`, the var name lowercased with `_` as `-` (`JWT_SECRET` reads key
    `jwt-secret` of Secret `api-secrets`). It does not create the Secret: the value must leave the
    repository, so create the Secret from it first (kubectl, SealedSecrets, External Secrets). The
    diff masks the removed value and the fix's description never shows it.
  )md";
  m.doc.references = {
      {"production guide (`seed/kubernetes-production-guide.txt`), section \"Secrets\"", ""},
      {"Kubernetes: Secrets", "https://kubernetes.io/docs/concepts/configuration/secret/"},
      {"kube-linter checks `env-var-secret`, `read-secret-from-env-var`", ""},
      {"Polaris check `sensitiveContainerEnvVar`", ""}};
  return define<SecretInEnvLiteral>(std::move(m));
}

}  // namespace titanlint::rules
