#include "document.h"

namespace titanlint {

std::string_view to_string(LoadProblem problem) {
  switch (problem) {
    case LoadProblem::Syntax:
      return "syntax";
    case LoadProblem::NotAnObject:
      return "not-an-object";
    case LoadProblem::DuplicateKey:
      return "duplicate-key";
  }
  return "unknown";
}

}  // namespace titanlint
