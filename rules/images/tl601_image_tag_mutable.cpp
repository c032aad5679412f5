// TL601 image-tag-mutable: an image without a tag, with `:latest`, or with another moving tag.
#include <algorithm>

#include <fmt/format.h>

#include "common/define.h"
#include "common/image_ref.h"
#include "common/pod_containers.h"
#include "common/workload.h"

namespace titanlint::rules {
namespace {

class ImageTagMutable final : public Rule {
 public:
  explicit ImageTagMutable(const RuleOptions& options)
      : mutable_tags_(options.list("mutableTags")) {
    // `latest` is what a reference without a tag means: it is always a moving tag.
    if (std::find(mutable_tags_.begin(), mutable_tags_.end(), "latest") == mutable_tags_.end())
      mutable_tags_.push_back("latest");
  }

  void check(const K8sObject& object, const LintSet&, Reporter& out) const override {
    auto pod = pod_template(object);
    if (!pod) return;
    for (const PodContainer& pc : containers_and_init_containers(*pod)) {
      const Node* image = pc.container.node->get("image");
      if (!image || !image->is_scalar() || image->is_null()) continue;
      auto ref = parse_image_ref(image->str());
      if (!ref || !ref->digest.empty()) continue;  // not a reference (templating), or pinned
      const std::string who =
          fmt::format("{} of {}", pod_container_label(pc), object_label(object));
      if (ref->tag.empty()) {
        out.report(
            *image,
            [&] {
              return fmt::format(
                  "{} uses image \"{}\" without a tag, which pulls whatever "
                  "`latest` points to",
                  who, image->str());
            },
            [&] {
              return fmt::format(
                  "pin a release tag or a digest: {}:<version> or {}@sha256:<digest>", image->str(),
                  image->str());
            });
        continue;
      }
      if (std::find(mutable_tags_.begin(), mutable_tags_.end(), ref->tag) == mutable_tags_.end())
        continue;
      out.report(
          *image,
          [&] {
            return fmt::format("{} uses image \"{}\" with the moving tag \"{}\"", who, image->str(),
                               ref->tag);
          },
          "pin a release tag (e.g. v1.4.2) or a digest (@sha256:...)");
    }
  }

 private:
  std::vector<std::string> mutable_tags_;
};

}  // namespace

RuleDefinition tl601_image_tag_mutable() {
  RuleMeta m;
  m.code = "TL601";
  m.name = "image-tag-mutable";
  m.severity = Severity::Error;
  m.kinds = workload_kinds();
  m.containers = kAllContainers;
  m.summary = "An image has no tag, `:latest`, or another moving tag";
  m.remediation = "pin each image to a release tag or a digest";
  m.options = {
      {"mutableTags", OptionType::StringList,
       std::vector<std::string>{"latest", "master", "main", "stable", "edge"},
       "Tags that move to a new image over time (compared exactly, case-sensitive). `latest` "
       "is always included: it is what an image without a tag pulls."},
  };
  m.doc.what = R"md(
    Reports, at the `image` value, a container or init container of any workload whose image has no
    tag (`nginx`, `host:5000/app`), the tag `latest`, or a tag listed in `mutableTags`. An image
    pinned by digest (`app@sha256:...`, also `app:1.2@sha256:...`) is never reported: the digest
    decides what runs. References are parsed by the distribution reference grammar the container
    runtimes use: the tag is after the last `:` that follows the last `/`, so in `host:5000/app` the
    `5000` is the registry's port, not a tag. A value that is not a valid reference (a templating
    placeholder such as `{{ .Values.image }}` or `${IMAGE}`) is skipped.
  )md";
  m.doc.why = R"md(
    A moving tag makes the running version depend on when a node pulled the image: pods of one
    Deployment can run different code, a rollback re-deploys whatever the tag points to now, and an
    unrelated reschedule can ship an untested release. The production guide tags every image with
    the release version (`platform-api:v1.4.2`).
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
          image: registry.example.com/platform-api:latest
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
)yaml";
  m.doc.fix = R"md(
    No automatic fix: pinning needs the digest of the image the author means, which only the
    registry knows.
  )md";
  m.doc.references = {
      {"production guide (`seed/kubernetes-production-guide.txt`), section \"Per-app Deployment\"",
       ""},
      {"Kubernetes: Images", "https://kubernetes.io/docs/concepts/containers/images/"},
      {"kube-linter check `latest-tag`", ""},
      {"Polaris check `tagNotSpecified`", ""}};
  return define<ImageTagMutable>(std::move(m));
}

}  // namespace titanlint::rules
