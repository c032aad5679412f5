// Image references parsed by the distribution reference grammar (rules/common/image_ref.h): the
// cases of distribution/reference's normalize_test.go and reference_test.go that decide where
// the registry, the tag and the digest are.
#include "common/image_ref.h"

#include <gtest/gtest.h>

#include <memory>

#include "builtin_rules.h"
#include "config.h"
#include "tests_support.h"

namespace titanlint::rules {
namespace {

const std::string kDigest =
    "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

ImageRef parse(std::string_view text) {
  std::string error;
  auto ref = parse_image_ref(text, &error);
  EXPECT_TRUE(ref.has_value()) << text << ": " << error;
  return ref.value_or(ImageRef{});
}

TEST(ImageRef, DockerHubNormalisation) {
  ImageRef r = parse("nginx");
  EXPECT_EQ(r.registry, "docker.io");
  EXPECT_EQ(r.path, "library/nginx");
  EXPECT_EQ(r.tag, "");
  EXPECT_FALSE(r.registry_explicit);
  EXPECT_EQ(r.repository(), "docker.io/library/nginx");

  EXPECT_EQ(parse("library/nginx").repository(), "docker.io/library/nginx");
  EXPECT_EQ(parse("bitnami/redis:7.2").repository(), "docker.io/bitnami/redis");
  r = parse("docker.io/library/nginx:1.25");
  EXPECT_EQ(r.repository(), "docker.io/library/nginx");
  EXPECT_EQ(r.tag, "1.25");
  EXPECT_TRUE(r.registry_explicit);
  EXPECT_EQ(parse("docker.io/nginx").path, "library/nginx");
  EXPECT_EQ(parse("index.docker.io/nginx:1").registry, "docker.io");
}

TEST(ImageRef, RegistryWithPortIsNotATag) {
  ImageRef r = parse("host:5000/app");
  EXPECT_EQ(r.registry, "host:5000");
  EXPECT_EQ(r.path, "app");
  EXPECT_EQ(r.tag, "");

  r = parse("host:5000/app:1.2");
  EXPECT_EQ(r.registry, "host:5000");
  EXPECT_EQ(r.tag, "1.2");

  r = parse("localhost/app:v1");
  EXPECT_EQ(r.registry, "localhost");
  r = parse("localhost:5000/team/app");
  EXPECT_EQ(r.registry, "localhost:5000");
  EXPECT_EQ(r.path, "team/app");

  // Without a slash `host:5000` is the Docker Hub image `host` with tag 5000.
  r = parse("host:5000");
  EXPECT_EQ(r.repository(), "docker.io/library/host");
  EXPECT_EQ(r.tag, "5000");

  r = parse("[::1]:5000/app:2");
  EXPECT_EQ(r.registry, "[::1]:5000");
  EXPECT_EQ(r.tag, "2");
}

TEST(ImageRef, FirstComponentIsARegistryOnlyWithDotColonLocalhostOrUpperCase) {
  EXPECT_EQ(parse("registry.example.com/platform-api:v1.4.2").registry, "registry.example.com");
  EXPECT_EQ(parse("team/app").registry, "docker.io");
  EXPECT_EQ(parse("team/app").path, "team/app");
  ImageRef r = parse("Registry/app");
  EXPECT_EQ(r.registry, "registry");  // upper case: a host (compared lower-cased)
  EXPECT_TRUE(r.registry_explicit);
}

TEST(ImageRef, Digests) {
  ImageRef r = parse("nginx@" + kDigest);
  EXPECT_EQ(r.digest, kDigest);
  EXPECT_EQ(r.tag, "");
  r = parse("host:5000/app:1.2@" + kDigest);
  EXPECT_EQ(r.registry, "host:5000");
  EXPECT_EQ(r.tag, "1.2");
  EXPECT_EQ(r.digest, kDigest);
  EXPECT_FALSE(parse_image_ref("nginx@sha256:abc"));  // wrong length
  EXPECT_FALSE(parse_image_ref("nginx@sha256:" + std::string(64, 'G')));
  EXPECT_FALSE(parse_image_ref("nginx@" + kDigest.substr(0, 10)));
}

TEST(ImageRef, Tags) {
  EXPECT_EQ(parse("app:v1.4.2").tag, "v1.4.2");
  EXPECT_EQ(parse("app:Latest_2024-01").tag, "Latest_2024-01");
  EXPECT_FALSE(parse_image_ref("app:"));
  EXPECT_FALSE(parse_image_ref("app:-dash"));
  EXPECT_FALSE(parse_image_ref("app:.dot"));
  EXPECT_FALSE(parse_image_ref("app:" + std::string(129, 'a')));
  EXPECT_TRUE(parse_image_ref("app:" + std::string(128, 'a')));
}

TEST(ImageRef, InvalidReferences) {
  for (std::string_view bad :
       {"", "{{ .Values.image }}", "${IMAGE}", "$(IMAGE)", "Nginx", "nginx ", " nginx", "app//x",
        "app/", "/app", "a..b", "a-/b", "-a", "team/App:1", "host:/app", "host:port/app",
        "ho_st.com/app", ":tag"}) {
    EXPECT_FALSE(parse_image_ref(bad).has_value()) << "should be rejected: \"" << bad << "\"";
  }
  EXPECT_FALSE(parse_image_ref(std::string(64, 'a')));  // an image id, not a name
  EXPECT_TRUE(parse_image_ref("a__b/c--d/e.f_g"));
  EXPECT_FALSE(parse_image_ref("a___b"));
  EXPECT_FALSE(parse_image_ref(std::string(256, 'a')));
  std::string error;
  EXPECT_FALSE(parse_image_ref("app:", &error));
  EXPECT_EQ(error, "invalid tag");
}

TEST(ImageRef, AllowedRegistries) {
  ImageRef hub = parse("nginx:1.25");
  EXPECT_TRUE(registry_allowed(hub, "docker.io"));
  EXPECT_TRUE(registry_allowed(hub, "index.docker.io"));
  EXPECT_TRUE(registry_allowed(hub, "docker.io/library"));
  EXPECT_TRUE(registry_allowed(hub, "docker.io/library/"));
  EXPECT_FALSE(registry_allowed(parse("bitnami/redis"), "docker.io/library"));
  EXPECT_FALSE(registry_allowed(hub, "registry.example.com"));

  ImageRef team = parse("registry.example.com/team/app:1");
  EXPECT_TRUE(registry_allowed(team, "registry.example.com"));
  EXPECT_TRUE(registry_allowed(team, "REGISTRY.example.com/"));
  EXPECT_TRUE(registry_allowed(team, "registry.example.com/team/"));
  EXPECT_TRUE(registry_allowed(team, "registry.example.com/team/app"));
  EXPECT_FALSE(registry_allowed(team, "registry.example.com/te"));
  EXPECT_FALSE(
      registry_allowed(parse("registry.example.com/team-b/app"), "registry.example.com/team"));
  EXPECT_FALSE(registry_allowed(team, "example.com"));
  EXPECT_FALSE(registry_allowed(parse("evil.registry.example.com/app"), "registry.example.com"));

  EXPECT_TRUE(registry_allowed(parse("host:5000/app"), "host:5000"));
  EXPECT_FALSE(registry_allowed(parse("host:5000/app"), "host"));
  EXPECT_FALSE(registry_allowed(parse("host/app"), "host:5000"));
}

TEST(ImageRef, RegistryEntryValidation) {
  EXPECT_EQ(check_registry_entry("registry.example.com"), "");
  EXPECT_EQ(check_registry_entry("host:5000"), "");
  EXPECT_EQ(check_registry_entry("registry.example.com/team/"), "");
  EXPECT_EQ(check_registry_entry("docker.io/library"), "");
  EXPECT_EQ(check_registry_entry("[::1]:5000"), "");
  EXPECT_NE(check_registry_entry(""), "");
  EXPECT_NE(check_registry_entry("https://registry.example.com"), "");
  EXPECT_NE(check_registry_entry("nginx@" + kDigest), "");
  EXPECT_NE(check_registry_entry("registry.example.com/Team"), "");
  EXPECT_NE(check_registry_entry("bad host"), "");
}

// TL602 is off while allowedRegistries is empty (the default), and a bad entry is a config error
// at its position.
TEST(ImageRegistryRule, OffByDefaultAndValidatedOption) {
  LintOptions options;
  options.select = {"TL602"};
  LintResult result = testing::lint_text(
      "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n"
      "    - {name: a, image: 'quay.io/x/y:1'}\n",
      options);
  EXPECT_TRUE(testing::line_codes(result).empty());

  auto source = std::make_shared<SourceFile>(
      ".titanlint.yaml",
      "rules:\n  TL602:\n    allowedRegistries: [registry.example.com, 'https://x.io']\n");
  try {
    parse_config(source, builtin_registry());
    ADD_FAILURE() << "a registry with a scheme must be a config error";
  } catch (const ConfigError& e) {
    EXPECT_EQ(e.position().line, 3u) << e.describe();
    EXPECT_NE(std::string(e.what()).find("https://x.io"), std::string::npos) << e.describe();
  }
}

}  // namespace
}  // namespace titanlint::rules
