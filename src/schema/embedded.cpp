// The shipped OpenAPI document, embedded in the binary with the assembler's .incbin (g++ and
// clang both support it; the file is a build dependency of this object, see src/CMakeLists.txt),
// so titanlint reads no file and downloads nothing to validate against the schema.
#include <cstddef>
#include <string_view>

#include "schema/schema.h"

#ifndef TITANLINT_SCHEMA_FILE
#error "TITANLINT_SCHEMA_FILE must name the OpenAPI document to embed"
#endif

extern "C" {
extern const char titanlint_swagger_begin[];
extern const char titanlint_swagger_end[];
}

__asm__(
    ".pushsection .rodata\n"
    ".global titanlint_swagger_begin\n"
    ".global titanlint_swagger_end\n"
    ".balign 64\n"
    "titanlint_swagger_begin:\n"
    ".incbin \"" TITANLINT_SCHEMA_FILE
    "\"\n"
    "titanlint_swagger_end:\n"
    ".byte 0\n"
    ".popsection\n");

namespace titanlint::schema {

std::string_view embedded_swagger() {
  return {titanlint_swagger_begin,
          static_cast<std::size_t>(titanlint_swagger_end - titanlint_swagger_begin)};
}

}  // namespace titanlint::schema
