// Container image references (`nginx`, `host:5000/team/app:1.2`, `app@sha256:...`), parsed by the
// grammar of the distribution reference library (github.com/distribution/reference, the parser
// the kubelet and container runtimes use), and normalised the way `docker pull` does: a reference
// without a registry is on docker.io, and a single-component name there is in `library/`.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace titanlint::rules {

inline constexpr std::string_view kDockerHub = "docker.io";

struct ImageRef {
  std::string registry;  // host[:port], lower-cased; docker.io when the reference names none
  std::string path;      // the repository path inside the registry (`library/nginx`)
  std::string tag;       // empty when the reference has no tag
  std::string digest;    // `sha256:...`, empty when absent
  bool registry_explicit = false;  // the reference itself names the registry

  // `registry/path`, e.g. `docker.io/library/nginx`.
  std::string repository() const { return registry + "/" + path; }
};

// Parses `text`; nullopt (and a reason in `error` when given) when it is not a valid reference:
// templating placeholders (`{{ .Values.image }}`, `${IMAGE}`), upper case in the path, an empty
// tag, a malformed digest, surrounding whitespace.
//
// The split follows the reference grammar: the digest follows `@`; the tag is after the last `:`
// that follows the last `/` (so `host:5000/app` has no tag and `host:5000/app:1.2` has tag
// `1.2`); the first path component is a registry when it contains `.` or `:`, is `localhost`, or
// has upper-case letters. `index.docker.io` is docker.io.
std::optional<ImageRef> parse_image_ref(std::string_view text, std::string* error = nullptr);

// An `allowedRegistries` entry: a registry host (`registry.example.com`, `host:5000`,
// `docker.io`), optionally followed by a repository path prefix (`registry.example.com/team/`,
// `docker.io/library`). Matching: the host compares case-insensitively and exactly (with its
// port); a path prefix matches whole path components (`team` allows `team/app`, not
// `team-b/app`).
bool registry_allowed(const ImageRef& image, std::string_view entry);

// Empty when `entry` is a valid allowedRegistries entry, else why it is not.
std::string check_registry_entry(std::string_view entry);

}  // namespace titanlint::rules
