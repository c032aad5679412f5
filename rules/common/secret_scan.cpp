#include "common/secret_scan.h"

#include <array>
#include <cctype>

#include <fmt/format.h>

#include "common/workload.h"

namespace titanlint::rules {
namespace {

constexpr std::string_view kLastApplied = "kubectl.kubernetes.io/last-applied-configuration";

bool is_text(const Node* node) {
  return node && node->is_scalar() && !node->is_null() && !node->text().empty();
}

void scan_annotations(const Node* metadata, const std::string& owner,
                      const std::function<void(const Literal&)>& visit) {
  const Node* annotations = metadata ? metadata->get("annotations") : nullptr;
  if (!annotations || !annotations->is_mapping()) return;
  for (const MapEntry& e : annotations->entries()) {
    if (!is_text(e.value) || e.key->str() == kLastApplied) continue;
    visit({e.value, kAnnotations, e.key->str(), 0, owner});
  }
}

void scan_container(const Node& container, const std::string& label, unsigned kinds,
                    const std::function<void(const Literal&)>& visit) {
  if (kinds & kEnvValue) {
    const Node* env = container.get("env");
    if (env && env->is_sequence()) {
      for (const Node* var : env->items()) {
        if (!var->is_mapping()) continue;
        const Node* value = var->get("value");
        if (!is_text(value)) continue;
        const Node* name = var->get("name");
        std::string_view n = name ? name->str() : std::string_view{};
        visit({value, kEnvValue, n, 0, label});
      }
    }
  }
  for (auto [field, kind] : {std::pair{"args", kArgs}, std::pair{"command", kCommand}}) {
    if (!(kinds & kind)) continue;
    const Node* list = container.get(field);
    if (!list || !list->is_sequence()) continue;
    for (std::size_t i = 0; i < list->items().size(); ++i) {
      if (!is_text(list->items()[i])) continue;
      visit({list->items()[i], kind, {}, i, label});
    }
  }
}

}  // namespace

std::string Literal::where() const {
  switch (kind) {
    case kEnvValue:
      return fmt::format("env var {} of {}", key, owner);
    case kArgs:
      return fmt::format("args[{}] of {}", index, owner);
    case kCommand:
      return fmt::format("command[{}] of {}", index, owner);
    case kConfigMapData:
      return fmt::format("data key \"{}\" of {}", key, owner);
    case kAnnotations:
      return fmt::format("annotation \"{}\" of {}", key, owner);
  }
  return owner;
}

void for_each_literal(const K8sObject& object, unsigned kinds,
                      const std::function<void(const Literal&)>& visit) {
  const std::string owner = object_label(object);
  const Node* metadata = object.root->get("metadata");
  if (kinds & kAnnotations) scan_annotations(metadata, owner, visit);
  if (object.kind == "ConfigMap" && (kinds & kConfigMapData)) {
    const Node* data = object.root->get("data");
    if (data && data->is_mapping()) {
      for (const MapEntry& e : data->entries()) {
        if (!is_text(e.value)) continue;
        visit({e.value, kConfigMapData, e.key->str(), 0, owner});
      }
    }
    return;
  }
  auto pod = pod_template(object);
  if (!pod) return;
  if ((kinds & kAnnotations) && pod->metadata != metadata)
    scan_annotations(pod->metadata, "the pod template of " + owner, visit);
  constexpr std::array<std::pair<std::string_view, std::string_view>, 3> kLists = {
      {{"containers", "container"},
       {"initContainers", "init container"},
       {"ephemeralContainers", "ephemeral container"}}};
  for (auto [field, noun] : kLists) {
    const Node* list = pod->spec->get(field);
    if (!list || !list->is_sequence()) continue;
    for (std::size_t i = 0; i < list->items().size(); ++i) {
      const Node* c = list->items()[i];
      if (!c->is_mapping()) continue;
      const Node* name = c->get("name");
      std::string label = name && !name->str().empty()
                              ? fmt::format("{} \"{}\" of {}", noun, name->str(), owner)
                              : fmt::format("{}[{}] of {}", field, i, owner);
      scan_container(*c, label, kinds, visit);
    }
  }
}

std::optional<EnvSecretRef> env_secret_ref(const K8sObject& object, const Literal& literal) {
  if (literal.kind != kEnvValue || !literal.node->parent || literal.key.empty())
    return std::nullopt;
  const Node* entry = literal.node->parent;
  const MapEntry* value = entry->is_mapping() ? entry->entry("value") : nullptr;
  if (!value || value->value != literal.node || entry->get("valueFrom")) return std::nullopt;
  EnvSecretRef ref;
  ref.env_entry = entry;
  ref.secret = std::string(object.name) + "-secrets";
  constexpr std::size_t kMaxSecretName = 253;  // a DNS subdomain
  if (object.name.empty() || ref.secret.size() > kMaxSecretName) return std::nullopt;
  for (const char c : ref.secret)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.'))
      return std::nullopt;
  for (const char c : literal.key) {
    if (c == '_')
      ref.key += '-';
    else if (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.')
      ref.key += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    else
      return std::nullopt;
  }
  return ref;
}

void write_env_secret_ref(FixBuilder& edit, const EnvSecretRef& ref, const Literal& literal) {
  edit.mark_sensitive();
  edit.describe(fmt::format(
      "read {} from key \"{}\" of Secret {} instead of a literal value (create that Secret with "
      "the value first, outside this file)",
      literal.where(), ref.key, ref.secret));
  edit.replace_entry(
      *ref.env_entry, "value", "valueFrom",
      FixValue::mapping().add("secretKeyRef", FixValue::mapping()
                                                  .add("name", FixValue::string(ref.secret))
                                                  .add("key", FixValue::string(ref.key))));
}

}  // namespace titanlint::rules
