// Validates a document tree against a compiled schema type, the way the API server decodes it:
// YAML 1.1 scalars (an unquoted `yes` is a boolean, a quoted "80" a string), null accepted for
// every field (the decoder leaves the zero value), int-or-string and quantities accepted as
// numbers or strings. Each problem is one Issue; the schema rules (TL006-TL008, TL010, TL011)
// each ask for their own kind.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "node.h"
#include "schema/schema.h"

namespace titanlint::schema {

enum class Problem : std::uint8_t {
  UnknownField = 1,     // a key the type does not have (reported at the key)
  WrongType = 2,        // a value of the wrong type, or a quantity that does not parse
  MissingRequired = 4,  // a required field is absent (reported at the mapping)
  BadEnum = 8,          // a string outside the field's enumerated values
  DuplicateKey = 16,    // two entries of a list merged by key share the key
};
constexpr unsigned operator|(Problem a, Problem b) {
  return static_cast<unsigned>(a) | static_cast<unsigned>(b);
}
constexpr unsigned operator|(unsigned a, Problem b) {
  return a | static_cast<unsigned>(b);
}

// Every Problem: what one shared walk collects for all the schema rules.
inline constexpr unsigned kAllProblems = Problem::UnknownField | Problem::WrongType |
                                         Problem::MissingRequired | Problem::BadEnum |
                                         Problem::DuplicateKey;

struct Issue {
  Problem problem;
  const Node* node;             // the key, the value, or (MissingRequired) the mapping
  std::string_view field;       // UnknownField: the key; MissingRequired: the missing field
  std::string_view suggestion;  // UnknownField/BadEnum: the close known name or value, or empty
  const TypeNode* type;         // the type the node was judged against (its parent's for fields)
  std::string message;
  std::string remediation;
};

using IssueSink = std::function<void(const Issue&)>;

// Reports the problems of `problems` (a set of Problem bits) in `node` judged as `type`.
void validate(const TypeNode& type, const Node& node, unsigned problems, const IssueSink& sink);

// How a scalar or collection reads in a message: `the string "80"`, `the boolean yes`, `a list`.
std::string describe(const Node& node);

}  // namespace titanlint::schema
