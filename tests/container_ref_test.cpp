// Which container a node or finding is about (src/container_ref.h), found through the node's
// parents: app containers, native sidecars in initContainers, ephemeral containers, nested pod
// templates, and nodes and findings about no container.
#include "container_ref.h"

#include <gtest/gtest.h>

#include <memory>

#include "finding.h"
#include "yaml_loader.h"

namespace titanlint {
namespace {

class ContainerRefTest : public ::testing::Test {
 protected:
  const Node& load(const char* yaml) {
    file_ = load_yaml(std::make_shared<SourceFile>("pod.yaml", yaml), LoadLimits{});
    EXPECT_TRUE(file_.diagnostics.empty());
    EXPECT_EQ(file_.documents.size(), 1u);
    return *file_.documents.front().root;
  }
  LoadedFile file_;
};

constexpr const char* kMeshedPod = R"(apiVersion: v1
kind: Pod
metadata:
  name: meshed
spec:
  initContainers:
    - name: migrate
      image: app:1
    - name: istio-proxy
      image: proxyv2:1.24.0
      restartPolicy: Always
      startupProbe:
        httpGet: {path: /healthz/ready, port: status}
  containers:
    - name: app
      image: app:1
      ports: [{name: http, containerPort: 3001}]
    - image: nameless:1
  ephemeralContainers:
    - name: debugger
      image: busybox
  volumes:
    - name: data
      emptyDir: {}
)";

TEST_F(ContainerRefTest, ANativeSidecarInInitContainersIsNamedWithItsIndex) {
  const Node& root = load(kMeshedPod);
  const Node* port =
      root.at({"spec"})->get("initContainers")->items()[1]->at({"startupProbe", "httpGet", "port"});
  ASSERT_NE(port, nullptr);
  auto ref = enclosing_container(*port, &root);
  ASSERT_TRUE(ref);
  EXPECT_EQ(ref->list, "initContainers");
  EXPECT_EQ(ref->index, 1u);
  EXPECT_EQ(ref->name, "istio-proxy");
  EXPECT_EQ(ref->container, root.at({"spec"})->get("initContainers")->items()[1]);
}

TEST_F(ContainerRefTest, TheContainerItselfAndAppAndEphemeralContainers) {
  const Node& root = load(kMeshedPod);
  const Node* app = root.at({"spec"})->get("containers")->items()[0];
  auto ref = enclosing_container(*app, &root);
  ASSERT_TRUE(ref);
  EXPECT_EQ(ref->list, "containers");
  EXPECT_EQ(ref->index, 0u);
  EXPECT_EQ(ref->name, "app");
  // A scalar deep inside: the port list item is not itself a container.
  ref = enclosing_container(*app->get("ports")->items()[0]->get("containerPort"), &root);
  ASSERT_TRUE(ref);
  EXPECT_EQ(ref->name, "app");
  const Node* debugger = root.at({"spec"})->get("ephemeralContainers")->items()[0];
  ref = enclosing_container(*debugger->get("image"), &root);
  ASSERT_TRUE(ref);
  EXPECT_EQ(ref->list, "ephemeralContainers");
  EXPECT_EQ(ref->name, "debugger");
}

TEST_F(ContainerRefTest, AContainerWithoutANameHasOnlyItsIndex) {
  const Node& root = load(kMeshedPod);
  const Node* nameless = root.at({"spec"})->get("containers")->items()[1];
  auto ref = enclosing_container(*nameless->get("image"), &root);
  ASSERT_TRUE(ref);
  EXPECT_EQ(ref->list, "containers");
  EXPECT_EQ(ref->index, 1u);
  EXPECT_TRUE(ref->name.empty());
}

TEST_F(ContainerRefTest, NodesAboutNoContainer) {
  const Node& root = load(kMeshedPod);
  const Node* spec = root.get("spec");
  EXPECT_FALSE(enclosing_container(root, &root));
  EXPECT_FALSE(enclosing_container(*root.at({"metadata", "name"}), &root));
  // The list itself is about every container, not one.
  EXPECT_FALSE(enclosing_container(*spec->get("containers"), &root));
  // A list item named like a container, under another key.
  EXPECT_FALSE(enclosing_container(*spec->get("volumes")->items()[0]->get("name"), &root));
}

TEST_F(ContainerRefTest, APodTemplateOfACronJob) {
  const Node& root = load(R"(apiVersion: batch/v1
kind: CronJob
metadata: {name: nightly}
spec:
  jobTemplate:
    spec:
      template:
        spec:
          containers:
            - name: report
              image: report:1
)");
  const Node* report =
      root.at({"spec", "jobTemplate", "spec", "template", "spec"})->get("containers")->items()[0];
  auto ref = enclosing_container(*report->get("image"), &root);
  ASSERT_TRUE(ref);
  EXPECT_EQ(ref->name, "report");
}

TEST_F(ContainerRefTest, AFindingIsAboutTheContainerOfItsNodeOrOfTheFieldItLacks) {
  const Node& root = load(kMeshedPod);
  const Node* sidecar = root.at({"spec"})->get("initContainers")->items()[1];
  Finding missing;  // the sidecar lacks resources: the finding points at the sidecar's mapping
  missing.node = sidecar;
  missing.object_root = &root;
  missing.missing_field = "resources";
  ASSERT_EQ(missing.field_path(), "spec.initContainers[1].resources");
  auto ref = finding_container(missing);
  ASSERT_TRUE(ref);
  EXPECT_EQ(ref->name, "istio-proxy");
  EXPECT_EQ(ref->list, "initContainers");

  Finding pod_level;  // about the pod spec, not a container
  pod_level.node = root.get("spec");
  pod_level.object_root = &root;
  pod_level.missing_field = "terminationGracePeriodSeconds";
  EXPECT_FALSE(finding_container(pod_level));

  Finding name;  // metadata.name
  name.node = sidecar;
  name.object_root = &root;
  name.at_object_name = true;
  EXPECT_FALSE(finding_container(name));

  Finding file_level;  // a YAML syntax finding: no node at all
  EXPECT_FALSE(finding_container(file_level));
}

}  // namespace
}  // namespace titanlint
