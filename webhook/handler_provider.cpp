#include "handler_provider.h"

namespace titanlint::webhook {

HandlerProvider::HandlerProvider(const Registry& registry, std::string config_path)
    : registry_(registry),
      path_(std::move(config_path)),
      watch_(path_.empty() ? std::vector<std::string>{} : std::vector<std::string>{path_}) {
  handler_.store(build());
}

std::shared_ptr<const AdmissionHandler> HandlerProvider::build() const {
  Config config = path_.empty() ? Config{} : load_config_file(path_, registry_);
  // The config's own registry (its custom checks) lives in the config the handler owns.
  const Registry& rules = config.rules_of(registry_);
  return std::make_shared<const AdmissionHandler>(rules, std::move(config));
}

bool HandlerProvider::reload_if_changed() {
  if (path_.empty()) return false;
  std::optional<std::string> now = watch_.changed();
  if (!now) return false;
  std::shared_ptr<const AdmissionHandler> next;
  try {
    next = build();
  } catch (...) {
    watch_.failed(*now);
    throw;
  }
  watch_.loaded(*now);
  handler_.store(std::move(next));
  return true;
}

}  // namespace titanlint::webhook
