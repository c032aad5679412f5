// TL602 image-registry-not-allowed: an image from a registry that `allowedRegistries` does not
// list (off while the list is empty).
#include <fmt/format.h>

#include "common/define.h"
#include "common/image_ref.h"
#include "common/pod_containers.h"
#include "common/workload.h"

namespace titanlint::rules {
namespace {

class ImageRegistryNotAllowed final : public Rule {
 public:
  explicit ImageRegistryNotAllowed(const RuleOptions& options)
      : allowed_(options.list("allowedRegistries")) {}

  void check(const K8sObject& object, const LintSet&, Reporter& out) const override {
    if (allowed_.empty()) return;
    auto pod = pod_template(object);
    if (!pod) return;
    for (const PodContainer& pc : containers_and_init_containers(*pod)) {
      const Node* image = pc.container.node->get("image");
      if (!image || !image->is_scalar() || image->is_null()) continue;
      auto ref = parse_image_ref(image->str());
      if (!ref) continue;  // not a reference (templating placeholder)
      bool allowed = false;
      for (const std::string& entry : allowed_) allowed = allowed || registry_allowed(*ref, entry);
      if (allowed) continue;
      out.report(
          *image,
          [&] {
            return fmt::format(
                "{} of {} uses image \"{}\" from {}, which is not an allowed "
                "registry ({})",
                pod_container_label(pc), object_label(object), image->str(),
                ref->registry_explicit ? ref->registry
                                       : fmt::format("{} (the default registry)", ref->registry),
                fmt::join(allowed_, ", "));
          },
          "pull the image from an allowed registry (mirror it there if needed)");
    }
  }

 private:
  std::vector<std::string> allowed_;
};

std::string validate_registries(const OptionValue& value) {
  const auto* list = std::get_if<std::vector<std::string>>(&value);
  if (!list) return {};
  for (const std::string& entry : *list) {
    std::string problem = check_registry_entry(entry);
    if (!problem.empty()) return fmt::format("\"{}\": expected {}", entry, problem);
  }
  return {};
}

}  // namespace

RuleDefinition tl602_image_registry_not_allowed() {
  RuleMeta m;
  m.code = "TL602";
  m.name = "image-registry-not-allowed";
  m.severity = Severity::Error;
  m.kinds = workload_kinds();
  m.containers = kAllContainers;
  m.summary = "An image comes from a registry that is not allowed";
  m.remediation = "pull images only from the registries listed in TL602.allowedRegistries";
  m.options = {
      {"allowedRegistries", OptionType::StringList, std::vector<std::string>{},
       "Registries images may come from: a host (`registry.example.com`, `host:5000`, "
       "`docker.io`), optionally with a repository path prefix (`registry.example.com/team/`, "
       "`docker.io/library`). Empty (the default) turns the rule off.",
       validate_registries},
  };
  m.doc.what = R"md(
    When `allowedRegistries` is set, reports, at the `image` value, a container or init container of
    any workload whose image registry is not in the list. The registry is the reference's first
    component when it contains `.` or `:` or is `localhost` (the distribution reference rules);
    otherwise it is docker.io, so `nginx` is `docker.io/library/nginx` and `bitnami/redis` is
    `docker.io/bitnami/redis` (`index.docker.io` is docker.io too). Hosts compare case-insensitively
    and with their port (`host:5000` is not `host`). An entry with a path allows only repositories
    under it, by whole path components (`registry.example.com/team` allows `team/app`, not
    `team-b/app`). Off by default (empty list). Values that are not image references (templating
    placeholders) are skipped.
  )md";
  m.doc.why = R"md(
    Images from arbitrary registries bypass the scanning, signing and retention policy of the
    company registry, and a public registry's outage or rate limit stops a rollout. The production
    guide pulls every image from `registry.example.com`.
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
      # .titanlint.yaml: rules: { TL602: { allowedRegistries: [registry.example.com] } }
      containers:
        - name: cache
          image: redis:7.2
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
        - name: cache
          image: registry.example.com/mirror/redis:7.2
)yaml";
  m.doc.references = {
      {"production guide (`seed/kubernetes-production-guide.txt`), section \"Per-app Deployment\"",
       ""},
      {"Kubernetes: Images", "https://kubernetes.io/docs/concepts/containers/images/"}};
  return define<ImageRegistryNotAllowed>(std::move(m));
}

}  // namespace titanlint::rules
