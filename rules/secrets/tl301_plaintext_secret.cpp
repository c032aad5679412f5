// TL301 plaintext-secret: a Secret with values, committed as a file.
#include <fmt/format.h>

#include "common/define.h"
#include "common/secret_mask.h"
#include "common/workload.h"

namespace titanlint::rules {
namespace {

class PlaintextSecret final : public Rule {
 public:
  explicit PlaintextSecret(const RuleOptions& options)
      : placeholders_(options.list("placeholders")) {}

  void check(const K8sObject& object, const LintSet&, Reporter& out) const override {
    for (std::string_view field : {"stringData", "data"}) {
      const MapEntry* entry = object.root->entry(field);
      if (!entry || !entry->value->is_mapping()) continue;
      std::vector<std::string> keys;
      for (const MapEntry& e : entry->value->entries()) {
        if (!e.value->is_scalar() || e.value->is_null()) continue;
        std::string decoded;
        std::string_view value = e.value->text();
        // `data` values are base64: judge what they decode to (`""` and `Y2hhbmdlbWU=` are a
        // template, not a secret). Text that is not base64 still counts.
        if (field == "data" && base64_decode(value, decoded)) value = decoded;
        if (is_placeholder(value, placeholders_)) continue;
        keys.emplace_back(e.key->str());
      }
      if (keys.empty()) continue;
      out.report(*entry->key, [&] {
        return fmt::format(
            "{} holds {} in {} ({}): a Secret in a file is readable by "
            "everyone with access to the repository",
            object_label(object), keys.size() == 1 ? "a plaintext value" : "plaintext values",
            field, list_names(keys));
      });
    }
  }

 private:
  std::vector<std::string> placeholders_;
};

}  // namespace

RuleDefinition tl301_plaintext_secret() {
  RuleMeta m;
  m.code = "TL301";
  m.name = "plaintext-secret";
  m.severity = Severity::Error;
  m.kinds = {{"Secret", ""}};
  m.summary = "A Secret with non-empty data or stringData is committed as a plain file";
  m.remediation =
      "commit the Secret encrypted (a Sealed Secrets SealedSecret) or let a controller create it "
      "from a secret manager (an External Secrets ExternalSecret), and remove the plain file";
  m.sensitive = true;
  m.in_webhook = false;
  m.options.push_back(placeholders_option());
  m.doc.what = R"md(
    Reports a `kind: Secret` (core `v1`) whose `stringData` or `data` holds at least one real value,
    once per field, at the `stringData:`/`data:` key. The message lists the keys that hold values,
    never the values.

    Not reported: a Secret without `data`/`stringData` (a service-account-token Secret the token
    controller fills, a Secret a controller populates at runtime), and entries whose value is empty
    or a placeholder (docs/secrets.md: `${VAR}`, `$(VAR)`, `<...>`, `{{ ... }}`, values made of `x`
    or `*`, and the `placeholders` words). `data` values are base64-decoded before that test, so
    `csrf: ""` or a base64 `changeme` does not count. Every Secret type counts: `kubernetes.io/tls`
    keys and `kubernetes.io/dockerconfigjson` registry credentials are secrets too.

    In the admission webhook this rule is off by default: a Secret arriving at the API server is
    expected there; only a Secret written into a file in a repository is a leak.
  )md";
  m.doc.why = R"md(
    The guide's `k8s/secrets.yaml` carries the warning itself: "do NOT commit. Use sealed-secrets or
    external-secrets in real life." base64 in `data` is an encoding, not encryption: everyone who
    can read the repository, its forks, CI logs and every clone can read the values, and git history
    keeps them after the file is deleted.
  )md";
  m.doc.example = R"yaml(
apiVersion: v1
kind: Secret
metadata: { name: api-secrets, namespace: platform }
stringData:
  database-url: postgres://platform:s3cr3t@platform-pg:5432/platform
)yaml";
  m.doc.use_instead = R"yaml(
apiVersion: external-secrets.io/v1beta1
kind: ExternalSecret
metadata: { name: api-secrets, namespace: platform }
spec:
  secretStoreRef: { name: vault, kind: ClusterSecretStore }
  target: { name: api-secrets }
  data:
    - secretKey: database-url
      remoteRef: { key: platform/api, property: database-url }
)yaml";
  m.doc.references = {
      {"production guide (`seed/kubernetes-production-guide.txt`), section \"Secrets\"", ""},
      {"Kubernetes: Secrets", "https://kubernetes.io/docs/concepts/configuration/secret/"}};
  return define<PlaintextSecret>(std::move(m));
}

}  // namespace titanlint::rules
