// Compiles one CRD version's `openAPIV3Schema` (a structural schema, as a document tree) into
// TypeNodes, with the API server's semantics (docs/schema.md, "Custom resources").
#pragma once

#include <deque>
#include <string_view>

#include "node.h"
#include "schema/schema.h"

namespace titanlint::schema {

// The root type of the custom resource `kind` whose schema is `schema`; its nodes are appended
// to `nodes`. apiVersion and kind are strings, metadata is the built-in ObjectMeta whatever the
// schema says (the API server validates a custom resource's metadata as ObjectMeta). Never
// fails: what it cannot read (or what is past the bounds in crd.h) judges nothing.
const TypeNode* compile_crd_schema(const Node& schema, std::string_view kind,
                                   std::deque<TypeNode>& nodes);

}  // namespace titanlint::schema
