// TL012 unknown-api-kind: an apiVersion/kind of a built-in API group that Kubernetes does not
// serve (and that TL004 does not know as removed).
#include <fmt/format.h>

#include "common/define.h"
#include "common/removed_apis.h"
#include "common/schema_object.h"

namespace titanlint::rules {
namespace {

std::string joined(const std::vector<std::string>& items, std::string_view prefix) {
  std::string out;
  for (const std::string& item : items) {
    if (!out.empty()) out += ", ";
    out += fmt::format("{}{}", prefix, item);
  }
  return out;
}

class UnknownApiKind final : public Rule {
 public:
  explicit UnknownApiKind(const RuleOptions&) {}

  void check(const K8sObject& object, const LintSet&, Reporter& out) const override {
    const schema::Schema& schema = schema::Schema::builtin();
    const std::string_view group = object.api_group();
    const std::string_view version = api_version_of(object);
    if (!schema.knows_group(group)) return;  // a custom resource's group: no schema
    if (schema.find(group, version, object.kind)) return;
    if (find_removed_api(object.api_version, object.kind)) return;  // TL004's finding
    if (group.empty() && object.kind == "List") return;             // kubectl's list wrapper
    const Node* api_version = object.root->get("apiVersion");
    const Node* kind = object.root->get("kind");
    if (!api_version || !kind) return;
    const std::string prefix = group.empty() ? "" : fmt::format("{}/", group);
    const std::string group_name = group.empty() ? "the core group" : fmt::format("`{}`", group);
    const std::vector<std::string> versions = schema.versions_of(group, object.kind);
    if (!versions.empty()) {
      out.report(
          *api_version,
          [&] {
            return fmt::format("{}/{}: Kubernetes {} does not serve {} as `{}`; it serves it as {}",
                               object.kind, object.name, schema::kShippedVersion, object.kind,
                               object.api_version, joined(versions, prefix));
          },
          fmt::format("set `apiVersion: {}{}`", prefix, versions.back()));
      return;
    }
    std::vector<std::string> kinds = schema.kinds_of(group, version);
    if (kinds.empty()) {
      out.report(
          *api_version,
          [&] {
            return fmt::format("{}/{}: Kubernetes {} serves no `{}`: {} has no version `{}`",
                               object.kind, object.name, schema::kShippedVersion,
                               object.api_version, group_name, version);
          },
          "use an apiVersion that the cluster serves (`kubectl api-versions`)");
      return;
    }
    std::vector<std::string_view> candidates(kinds.begin(), kinds.end());
    const std::string_view suggestion = schema::closest(object.kind, candidates);
    out.report(
        *kind,
        [&] {
          std::string message = fmt::format("{}/{}: `{}` serves no kind `{}`", object.kind,
                                            object.name, object.api_version, object.kind);
          if (!suggestion.empty()) message += fmt::format("; did you mean `{}`?", suggestion);
          return message;
        },
        suggestion.empty() ? std::string("use a kind that the apiVersion serves "
                                         "(`kubectl api-resources`)")
                           : fmt::format("set `kind: {}`", suggestion));
  }
};

}  // namespace

RuleDefinition tl012_unknown_api_kind() {
  RuleMeta m;
  m.code = "TL012";
  m.name = "unknown-api-kind";
  m.severity = Severity::Error;
  m.in_webhook = false;  // docs/schema.md: the API server has decoded the object already
  m.summary = "An apiVersion or kind that Kubernetes does not serve in a built-in API group";
  m.remediation = "use the apiVersion and kind the message names";
  m.doc.what = R"md(
    Reports an object whose `apiVersion` belongs to a built-in API group of Kubernetes 1.36
    (the core group, `apps`, `batch`, `networking.k8s.io`, ...) but whose apiVersion/kind pair the
    schema does not have: at the `apiVersion` when the kind exists in another version of the
    group (`apps/v1beta3` Deployment: it names the served versions) or the group has no such
    version, at the `kind` otherwise, with "did you mean" for a near miss (`Deploymnet`). APIs
    that Kubernetes removed are TL004's finding, with their migration; objects of other groups
    (custom resources) are not reported.
  )md";
  m.doc.why = R"md(
    `kubectl apply` fails with `no matches for kind`, so nothing in the file is deployed; and no
    other rule judges the object, since none of them recognises its kind.
  )md";
  m.doc.example = R"yaml(
apiVersion: apps/v1
kind: Deploymnet
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
          image: registry.example.com/api:v1.4.2
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
          image: registry.example.com/api:v1.4.2
)yaml";
  m.doc.references = {{"Kubernetes: API groups and versioning",
                       "https://kubernetes.io/docs/reference/using-api/#api-groups"},
                      {"docs/schema.md: the schema rules and the shipped schema", ""}};
  return define<UnknownApiKind>(std::move(m));
}

}  // namespace titanlint::rules
