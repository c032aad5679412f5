// A container's resources.requests / resources.limits values as the API server ends up with them
// (TL501-TL503; TL506 needs the same view of requests).
#pragma once

#include <string_view>

#include "node.h"
#include "quantity.h"

namespace titanlint::rules {

struct ResourceValue {
  enum class State : unsigned char {
    Absent,   // no resources/requests/limits mapping, no entry, or a null value
    Invalid,  // not a valid quantity, or negative: TL005 reports it, other rules skip it
    Valid,
  };
  State state = State::Absent;
  const Node* node = nullptr;  // the value node (Invalid, Valid)
  Quantity value;              // Valid only

  bool absent() const { return state == State::Absent; }
  bool valid() const { return state == State::Valid; }
  // Valid and more than zero: a request the scheduler reserves, a limit that limits.
  bool positive() const { return valid() && value.sign() > 0; }
};

// `resources.<field>.<resource>` of a container (`field` is "requests" or "limits").
ResourceValue resource_value(const Node& container, std::string_view field,
                             std::string_view resource);

// The request the API server stores: the written request, or, when it is absent, the limit of
// the same resource (Kubernetes defaults a missing request to the limit).
ResourceValue effective_request(const Node& container, std::string_view resource);

}  // namespace titanlint::rules
