// Fuzz target: the YAML loader (load_yaml), then everything a `titanlint` run does with what it
// loaded: all rules, the text report with code frames, and the source regions of sarif/github.
// Invariants: every node, diagnostic and finding position is within the source; documents have
// roots; findings point into the file that was read.
#include <cstdint>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "builtin_rules.h"
#include "engine.h"
#include "fuzz_support.h"
#include "report/formats.h"
#include "yaml_loader.h"

using namespace titanlint;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto source = std::make_shared<const SourceFile>(
      "fuzz.yaml", std::string(reinterpret_cast<const char*>(data), size));
  std::vector<LoadedFile> files;
  files.push_back(load_yaml(source, LoadLimits{}));
  fuzz::check_loaded_file(files.front());

  static const Engine engine(builtin_registry(), Config{}, LintOptions{});
  const LintResult result = engine.lint(std::move(files));
  for (const Finding& f : result.findings) {
    TITANLINT_FUZZ_CHECK(f.file == "fuzz.yaml", "{} in file {}", f.code, f.file);
    TITANLINT_FUZZ_CHECK(f.source == source.get(), "{} without the source it was read from",
                         f.code);
    fuzz::check_position(f.position, *source, f.code);
    fuzz::check_position(f.source_position, *source, f.code);
    if (auto region = source_region(f)) {
      TITANLINT_FUZZ_CHECK(
          region->end_line > region->start_line || (region->end_line == region->start_line &&
                                                    region->end_column >= region->start_column),
          "{}: region {}:{}-{}:{} ends before it starts", f.code, region->start_line,
          region->start_column, region->end_line, region->end_column);
    }
  }

  const std::vector<InputError> no_errors;
  const std::string text = render_report(OutputFormat::Text, result, no_errors, builtin_registry());
  TITANLINT_FUZZ_CHECK(!text.empty(), "an empty text report");
  return 0;
}
