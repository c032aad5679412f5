// TL304 secret-material-in-plain-config: private keys, tokens and cloud keys outside a Secret.
#include <array>
#include <memory>

#include <fmt/format.h>
#include <re2/re2.h>

#include "common/define.h"
#include "common/pattern_set.h"
#include "common/secret_mask.h"
#include "common/secret_scan.h"

namespace titanlint::rules {
namespace {

struct KnownPattern {
  std::string_view label;
  std::string_view regex;
};

// The default `patterns`, each with what it finds (for the message).
constexpr std::array<KnownPattern, 8> kKnownPatterns = {{
    // PEM (5 dashes) and the 3-dash form some tools and fixtures write; RSA, EC, DSA, OPENSSH,
    // ENCRYPTED, PGP ... BLOCK.
    {"a private key block", R"(-{3,}\s*BEGIN ([A-Z0-9]+ )*PRIVATE KEY( BLOCK)?\s*-{3,})"},
    // header.payload.signature, base64url; header and payload are JSON objects (`{"` = eyJ).
    {"a JSON Web Token", R"(\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,})"},
    {"an AWS access key id", R"(\b(AKIA|ASIA)[A-Z0-9]{16}\b)"},
    {"a GitHub token", R"(\b(ghp|gho|ghs|ghu|ghr)_[A-Za-z0-9]{36}\b)"},
    {"a GitHub token", R"(\bgithub_pat_[A-Za-z0-9_]{50,}\b)"},
    {"a Slack token", R"(\bxox[baprs]-[A-Za-z0-9-]{10,})"},
    {"a Google API key", R"(\bAIza[0-9A-Za-z_-]{35}\b)"},
    {"a Stripe live secret key", R"(\b[sr]k_live_[0-9A-Za-z]{16,}\b)"},
}};

class SecretMaterialInPlainConfig final : public Rule {
 public:
  explicit SecretMaterialInPlainConfig(const RuleOptions& options)
      : patterns_(options.list("patterns")) {
    for (const std::string& p : options.list("patterns")) {
      std::string label = fmt::format("text matching the pattern '{}'", p);
      for (const KnownPattern& known : kKnownPatterns)
        if (known.regex == p) label = known.label;
      labels_.push_back(std::move(label));
    }
  }

  void check(const K8sObject& object, const LintSet&, Reporter& out) const override {
    if (object.kind == "Secret") return;  // where secret material belongs (TL301 judges files)
    for_each_literal(object, kEnvValue | kArgs | kCommand | kConfigMapData | kAnnotations,
                     [&](const Literal& lit) {
                       auto hit = patterns_.first_match(lit.node->text());
                       if (!hit) return;
                       const std::optional<EnvSecretRef> ref = env_secret_ref(object, lit);
                       LazyFix fix;
                       auto write = [&](FixBuilder& edit) {
                         write_env_secret_ref(edit, *ref, lit);
                       };
                       if (ref) fix = write;
                       out.report(
                           *lit.node,
                           [&] {
                             return fmt::format("{} holds {} ({})", lit.where(), labels_[*hit],
                                                masked_value(lit.node->text()));
                           },
                           {}, fix);
                     });
  }

 private:
  PatternSet patterns_;
  std::vector<std::string> labels_;  // what each pattern finds, for the message
};

}  // namespace

RuleDefinition tl304_secret_material_in_plain_config() {
  RuleMeta m;
  m.code = "TL304";
  m.name = "secret-material-in-plain-config";
  m.severity = Severity::Error;
  m.offers_fix = true;
  m.summary =
      "A private key, token or cloud key appears in an env value, args, ConfigMap data or an "
      "annotation";
  m.remediation =
      "revoke and rotate it (it is in the repository's history now), store the new one in a "
      "Secret and mount it or read it with `valueFrom.secretKeyRef`";
  m.sensitive = true;
  std::vector<std::string> defaults;
  for (const KnownPattern& p : kKnownPatterns) defaults.emplace_back(p.regex);
  m.options.push_back({"patterns", OptionType::RegexList, defaults,
                       "RE2 patterns (partial match) for secret material. The defaults find "
                       "private key blocks, JSON Web Tokens, AWS access key ids, GitHub, Slack "
                       "and Stripe live tokens and Google API keys."});
  m.doc.what = R"md(
    Matches `patterns` against the literal strings where configuration lives: env values, `args` and
    `command` of containers, initContainers and ephemeralContainers of every workload, ConfigMap
    `data` values, and the annotations of every object and of pod templates. The finding points at
    the string; the message names what was found ("a private key block", "a JSON Web Token") with
    `****` and a length class, never the value.

    Not looked at: Secrets (the place for this material; TL301 is about Secret files), ConfigMap
    `binaryData`, and the annotation `kubectl.kubernetes.io/last-applied-configuration`, which is a
    copy of the object: what it holds is reported once, where it is written (the ConfigMap's data,
    the env value), and for a Secret it is the Secret's own data. Placeholders are not skipped: the
    patterns only match real key formats.
  )md";
  m.doc.why = R"md(
    Private keys and API tokens grant access on their own; anyone who reads the manifest, its
    repository or `kubectl get -o yaml` output can use them. ConfigMaps and annotations are readable
    by far more people and tools than Secrets (RBAC for Secrets is separate, and Secrets can be
    encrypted at rest). The guide keeps every credential in a Secret.
  )md";
  m.doc.example = R"yaml(
apiVersion: v1
kind: ConfigMap
metadata: { name: api-config }
data:
  tls.key: |
    -----BEGIN PRIVATE KEY-----
    MIIEvQIBADANBgkqhkiG9w0BAQEFAASC...
    -----END PRIVATE KEY-----
)yaml";
  m.doc.use_instead = R"yaml(
apiVersion: v1
kind: Secret              # created by SealedSecrets / External Secrets, not committed
metadata: { name: api-tls }
type: kubernetes.io/tls
)yaml";
  m.doc.fix = R"md(
    `titanlint fix` rewrites an env value only: the `value:` entry becomes `valueFrom:
    {secretKeyRef: {name: <object>-secrets, key: <var>}}` (the var name lowercased, `_` as `-`),
    with the removed value masked in the diff. Create that Secret with a new key first: this one
    must be revoked, it is in the repository's history. Args, command, ConfigMap data and
    annotations get no fix: the value has to move out of the file and its consumer has to change
    too (read an env var as `$(VAR)`, a mounted Secret file instead of a ConfigMap key), which
    only the author can decide. A multi-line (block scalar) env value gets none either.
  )md";
  m.doc.references = {
      {"production guide (`seed/kubernetes-production-guide.txt`), section \"Secrets\"", ""},
      {"Kubernetes: Secrets", "https://kubernetes.io/docs/concepts/configuration/secret/"},
      {"Polaris check `sensitiveConfigmapContent`", ""}};
  return define<SecretMaterialInPlainConfig>(std::move(m));
}

}  // namespace titanlint::rules
