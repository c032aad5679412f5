#include "common/resources.h"

namespace titanlint::rules {

ResourceValue resource_value(const Node& container, std::string_view field,
                             std::string_view resource) {
  ResourceValue out;
  const Node* map = container.at({"resources", field});
  if (!map || !map->is_mapping()) return out;
  const Node* value = map->get(resource);
  if (!value || value->is_null()) return out;
  out.node = value;
  auto q = parse_quantity(*value);
  if (!q || q->negative()) {
    out.state = ResourceValue::State::Invalid;
    return out;
  }
  out.state = ResourceValue::State::Valid;
  out.value = *q;
  return out;
}

ResourceValue effective_request(const Node& container, std::string_view resource) {
  ResourceValue request = resource_value(container, "requests", resource);
  if (!request.absent()) return request;
  return resource_value(container, "limits", resource);
}

}  // namespace titanlint::rules
