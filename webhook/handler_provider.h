// The admission handler the server answers with, built from the config file and rebuilt when
// the file changes on disk (a mounted ConfigMap is updated by a symlink swap). The handler is
// swapped atomically: a request in flight finishes on the handler it started with, the next one
// gets the new one. A file that does not load leaves the current handler in place.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>

#include "admission_handler.h"
#include "file_watch.h"

namespace titanlint::webhook {

class HandlerProvider {
 public:
  // `config_path` empty: the embedded default config, never reloaded. Throws ConfigError when
  // the file does not load.
  HandlerProvider(const Registry& registry, std::string config_path);

  std::shared_ptr<const AdmissionHandler> current() const { return handler_.load(); }
  const std::string& config_path() const { return path_; }

  // Reloads when the config file changed on disk. Returns true when a new handler was
  // installed; throws ConfigError (the previous handler stays) when the changed file does not
  // load. A file that failed is retried only when it changes again, so it is reported once.
  bool reload_if_changed();

 private:
  std::shared_ptr<const AdmissionHandler> build() const;

  const Registry& registry_;
  std::string path_;
  FileWatch watch_;  // before the first load: a change while loading is seen at the next poll
  std::atomic<std::shared_ptr<const AdmissionHandler>> handler_;
};

}  // namespace titanlint::webhook
