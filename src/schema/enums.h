// The enumerated values of string fields the API server checks. The shipped OpenAPI document has
// no `enum` lists (the values are in the descriptions' prose), so they are this table, from the
// `+enum` types of k8s.io/api; schema_test checks every entry against the document (the property
// exists, is a string or a list of strings, and its description names every value).
#pragma once

#include <span>
#include <string_view>

namespace titanlint::schema {

struct EnumEntry {
  std::string_view definition;  // "io.k8s.api.core.v1.Container"
  std::string_view property;    // "imagePullPolicy"; the items' values when the property is a list
  std::string_view values;      // separated by single spaces: "Always IfNotPresent Never"
};

std::span<const EnumEntry> enum_table();

}  // namespace titanlint::schema
