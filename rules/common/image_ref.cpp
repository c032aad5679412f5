#include "common/image_ref.h"

#include <algorithm>
#include <cctype>

namespace titanlint::rules {
namespace {

bool is_lower_alnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}
bool is_alnum(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0;
}
bool is_word(char c) {
  return is_alnum(c) || c == '_';
}
bool is_hex(char c) {
  return std::isxdigit(static_cast<unsigned char>(c)) != 0;
}
bool is_lower_hex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
}

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::nullopt_t fail(std::string* error, std::string message) {
  if (error) *error = std::move(message);
  return std::nullopt;
}

// path-component: [a-z0-9]+ ((?:[._]|__|[-]+) [a-z0-9]+)*
bool valid_path_component(std::string_view s) {
  std::size_t i = 0;
  auto alnum_run = [&] {
    std::size_t start = i;
    while (i < s.size() && is_lower_alnum(s[i])) ++i;
    return i > start;
  };
  if (!alnum_run()) return false;
  while (i < s.size()) {
    std::size_t start = i;
    if (s[i] == '.') {
      ++i;
    } else if (s[i] == '_') {
      ++i;
      if (i < s.size() && s[i] == '_') ++i;
    } else if (s[i] == '-') {
      while (i < s.size() && s[i] == '-') ++i;
    }
    if (i == start || !alnum_run()) return false;
  }
  return true;
}

bool valid_path(std::string_view path) {
  if (path.empty()) return false;
  std::size_t start = 0;
  while (true) {
    std::size_t slash = path.find('/', start);
    std::string_view component = path.substr(start, slash - start);
    if (!valid_path_component(component)) return false;
    if (slash == std::string_view::npos) return true;
    start = slash + 1;
  }
}

// domain-name-component: [a-zA-Z0-9] | [a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]
bool valid_domain_component(std::string_view s) {
  if (s.empty() || !is_alnum(s.front()) || !is_alnum(s.back())) return false;
  return std::all_of(s.begin(), s.end(), [](char c) { return is_alnum(c) || c == '-'; });
}

// host (domain name or [ipv6]) with an optional :port.
bool valid_registry(std::string_view s) {
  std::string_view host = s;
  std::string_view port;
  if (!s.empty() && s.front() == '[') {
    std::size_t close = s.find(']');
    if (close == std::string_view::npos || close == 1) return false;
    std::string_view inner = s.substr(1, close - 1);
    if (!std::all_of(inner.begin(), inner.end(), [](char c) { return is_hex(c) || c == ':'; }))
      return false;
    std::string_view rest = s.substr(close + 1);
    if (!rest.empty()) {
      if (rest.front() != ':') return false;
      port = rest.substr(1);
      if (port.empty()) return false;
    }
    host = {};
  } else if (std::size_t colon = s.find(':'); colon != std::string_view::npos) {
    host = s.substr(0, colon);
    port = s.substr(colon + 1);
    if (port.empty()) return false;
  }
  if (!std::all_of(port.begin(), port.end(),
                   [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }))
    return false;
  if (host.empty()) return s.front() == '[';
  std::size_t start = 0;
  while (true) {
    std::size_t dot = host.find('.', start);
    if (!valid_domain_component(host.substr(start, dot - start))) return false;
    if (dot == std::string_view::npos) return true;
    start = dot + 1;
  }
}

// tag: [\w][\w.-]{0,127}
bool valid_tag(std::string_view s) {
  if (s.empty() || s.size() > 128 || !is_word(s.front())) return false;
  return std::all_of(s.begin(), s.end(), [](char c) { return is_word(c) || c == '.' || c == '-'; });
}

// digest: algorithm ":" encoded, with the lengths of the registered algorithms.
bool valid_digest(std::string_view s) {
  std::size_t colon = s.find(':');
  if (colon == std::string_view::npos || colon == 0) return false;
  std::string_view algorithm = s.substr(0, colon);
  std::string_view encoded = s.substr(colon + 1);
  // [A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*
  bool expect_letter = true;
  for (char c : algorithm) {
    if (expect_letter) {
      if (!std::isalpha(static_cast<unsigned char>(c))) return false;
      expect_letter = false;
    } else if (c == '-' || c == '_' || c == '+' || c == '.') {
      expect_letter = true;
    } else if (!is_alnum(c)) {
      return false;
    }
  }
  if (expect_letter) return false;
  std::size_t want = 0;
  if (algorithm == "sha256") want = 64;
  if (algorithm == "sha384") want = 96;
  if (algorithm == "sha512") want = 128;
  if (want != 0)
    return encoded.size() == want && std::all_of(encoded.begin(), encoded.end(), is_lower_hex);
  return encoded.size() >= 32 && std::all_of(encoded.begin(), encoded.end(), is_hex);
}

}  // namespace

std::optional<ImageRef> parse_image_ref(std::string_view text, std::string* error) {
  if (text.empty()) return fail(error, "empty image reference");
  ImageRef ref;
  std::string_view rest = text;
  if (std::size_t at = rest.find('@'); at != std::string_view::npos) {
    std::string_view digest = rest.substr(at + 1);
    if (!valid_digest(digest)) return fail(error, "invalid digest");
    ref.digest = std::string(digest);
    rest = rest.substr(0, at);
  }
  std::size_t last_slash = rest.rfind('/');
  std::size_t colon = rest.rfind(':');
  if (colon != std::string_view::npos &&
      (last_slash == std::string_view::npos || colon > last_slash)) {
    std::string_view tag = rest.substr(colon + 1);
    if (!valid_tag(tag)) return fail(error, "invalid tag");
    ref.tag = std::string(tag);
    rest = rest.substr(0, colon);
  }
  if (rest.size() > 255) return fail(error, "name longer than 255 characters");
  std::string_view remote = rest;
  std::size_t slash = rest.find('/');
  if (slash != std::string_view::npos) {
    std::string_view first = rest.substr(0, slash);
    bool is_registry = first.find_first_of(".:") != std::string_view::npos ||
                       first == "localhost" || lower(first) != first;
    if (is_registry) {
      if (!valid_registry(first)) return fail(error, "invalid registry host");
      ref.registry = lower(first);
      ref.registry_explicit = true;
      remote = rest.substr(slash + 1);
    }
  }
  if (!valid_path(remote)) return fail(error, "invalid repository name");
  if (!ref.registry_explicit && remote.size() == 64 &&
      std::all_of(remote.begin(), remote.end(), is_lower_hex))
    return fail(error, "a 64-character hexadecimal string is an image id, not a name");
  if (ref.registry.empty() || ref.registry == "index.docker.io") ref.registry = kDockerHub;
  ref.path = std::string(remote);
  if (ref.registry == kDockerHub && ref.path.find('/') == std::string::npos)
    ref.path = "library/" + ref.path;
  return ref;
}

std::string check_registry_entry(std::string_view entry) {
  if (entry.empty()) return "an empty registry entry";
  if (entry.find("://") != std::string_view::npos)
    return "a registry host without a scheme (registry.example.com, not https://...)";
  if (entry.find('@') != std::string_view::npos)
    return "a registry host or path prefix, not an image with a digest";
  std::string_view trimmed = entry;
  while (!trimmed.empty() && trimmed.back() == '/') trimmed.remove_suffix(1);
  std::size_t slash = trimmed.find('/');
  std::string_view host = trimmed.substr(0, slash);
  if (!valid_registry(host))
    return "a registry host such as registry.example.com or host:5000 (optionally followed by "
           "a path prefix such as /team/)";
  if (slash != std::string_view::npos && !valid_path(trimmed.substr(slash + 1)))
    return "a path prefix of lower-case repository components (registry.example.com/team/)";
  return {};
}

bool registry_allowed(const ImageRef& image, std::string_view entry) {
  while (!entry.empty() && entry.back() == '/') entry.remove_suffix(1);
  std::size_t slash = entry.find('/');
  std::string host = lower(entry.substr(0, slash));
  if (host == "index.docker.io") host = std::string(kDockerHub);
  if (host != image.registry) return false;
  if (slash == std::string_view::npos) return true;
  std::string_view prefix = entry.substr(slash + 1);
  std::string_view path = image.path;
  return path == prefix || (path.starts_with(prefix) && path[prefix.size()] == '/');
}

}  // namespace titanlint::rules
