// Turning the paths on the command line into loaded files: directory walking, excludes, size
// limits, YAML or JSON by extension (or by content for stdin).
#pragma once

#include <filesystem>
#include <istream>
#include <string>
#include <vector>

#include "document.h"

namespace titanlint {

// A file that could not be read. The run goes on; the exit code is 2 at the end.
struct InputError {
  std::string path;
  std::string message;
};

struct Inputs {
  std::vector<LoadedFile> files;
  std::vector<InputError> errors;
};

inline constexpr std::string_view kStdinPath = "<stdin>";

// Matches a glob against a '/'-separated path: `*` and `?` stay within one segment, `**` spans
// segments. A pattern also matches everything below a directory it matches.
bool glob_matches(std::string_view pattern, std::string_view path);

// Expands directories (recursively: *.yaml, *.yml, *.json; hidden entries skipped; symlinked
// directories not followed, so a symlink loop cannot trap the walk) into a sorted file list.
std::vector<std::string> discover_files(const std::vector<std::string>& paths,
                                        const std::vector<std::string>& exclude,
                                        std::vector<InputError>& errors);

// Reads and loads every path ("-" reads `stdin`).
Inputs load_inputs(const std::vector<std::string>& paths, const std::vector<std::string>& exclude,
                   const LoadLimits& limits, std::istream& stdin_stream);

// Loads text as YAML or JSON (JSON when the path ends in .json, or for stdin when the first
// non-blank character is `{`).
LoadedFile load_text(std::string path, std::string text, const LoadLimits& limits);

}  // namespace titanlint
