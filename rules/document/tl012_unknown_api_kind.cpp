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

// The versions of a CRD's kind, served or not, for a message: "v1, v1beta1 (not served)".
std::string crd_versions(const schema::CrdKind& kind) {
  std::string out;
  for (const schema::CrdVersion& v : kind.versions) {
    if (!out.empty()) out += ", ";
    out += v.served ? v.name : fmt::format("{} (not served)", v.name);
  }
  return out;
}

// A custom resource of a group that a CRD of the run (or of --schema-dir) defines: its kind
// must be one of the group's, its version one the CRD serves. A group no CRD defines is not
// judged (its CRD may be installed in the cluster by other means).
void check_custom_resource(const K8sObject& object, const LintSet& set, Reporter& out) {
  const std::string_view group = object.api_group();
  const std::string_view version = api_version_of(object);
  const Node* api_version = object.root->get("apiVersion");
  const Node* kind = object.root->get("kind");
  if (!api_version || !kind) return;
  const CrdMatch crd = find_crd(object, set);
  if (crd.kind) {
    const schema::CrdVersion* v = crd.kind->version(version);
    if (v && v->served) return;
    const schema::CrdVersion* served = nullptr;
    for (const schema::CrdVersion& c : crd.kind->versions)
      if (c.served && !served) served = &c;  // the CRD's first served version
    out.report(
        *api_version,
        [&] {
          return fmt::format("{}/{}: the CustomResourceDefinition {} {} version `{}` of {} ({})",
                             object.kind, object.name, crd.kind->crd_name,
                             v ? "does not serve" : "has no", version, object.kind,
                             crd_versions(*crd.kind));
        },
        served ? fmt::format("set `apiVersion: {}/{}`", group, served->name)
               : std::string("serve the version in the CustomResourceDefinition"));
    return;
  }
  std::vector<std::string> kinds;
  for (const schema::CrdCatalog* catalog : {set.crds(), set.schema_dir_crds()})
    if (catalog && catalog->knows_group(group))
      for (std::string& k : catalog->kinds_of(group)) kinds.push_back(std::move(k));
  if (kinds.empty()) return;  // no CRD of this group in the run: nothing to judge by
  std::vector<std::string_view> candidates(kinds.begin(), kinds.end());
  const std::string_view suggestion = schema::closest(object.kind, candidates);
  out.report(
      *kind,
      [&] {
        std::string message =
            fmt::format("{}/{}: no CustomResourceDefinition of `{}` defines kind `{}` (it has {})",
                        object.kind, object.name, group, object.kind, joined(kinds, ""));
        if (!suggestion.empty()) message += fmt::format("; did you mean `{}`?", suggestion);
        return message;
      },
      suggestion.empty() ? std::string("use a kind that a CustomResourceDefinition of the group "
                                       "defines, or add its CRD")
                         : fmt::format("set `kind: {}`", suggestion));
}

class UnknownApiKind final : public Rule {
 public:
  explicit UnknownApiKind(const RuleOptions&) {}

  void check(const K8sObject& object, const LintSet& set, Reporter& out) const override {
    const schema::Schema& schema = schema::Schema::builtin();
    const std::string_view group = object.api_group();
    const std::string_view version = api_version_of(object);
    if (!schema.knows_group(group)) {
      // A custom resource's group: judged only against the CRDs of the run and --schema-dir.
      if (set.crds() || set.schema_dir_crds()) check_custom_resource(object, set, out);
      return;
    }
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
    that Kubernetes removed are TL004's finding, with their migration. A custom resource of a
    group that a CustomResourceDefinition of the run (or of `--schema-dir`) defines is reported
    when the CRD has no such version, does not serve it (`served: false`), or the group's CRDs
    define no such kind (with "did you mean"); a custom resource of a group no CRD of the run
    defines is not reported (its CRD may be installed by other means).
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
