// Turning the paths on the command line into loaded files: directory walking, excludes, size
// limits, YAML or JSON by extension (or by content for stdin).
#pragma once

#include <cstdint>
#include <filesystem>
#include <istream>
#include <optional>
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

// Expands directories into a file list: recursively, *.yaml, *.yml and *.json regular files
// (symlinks to them included), hidden entries and `exclude` matches skipped, sorted per argument.
// Symlinked directories are followed, each directory (by device and inode) at most once, so a
// symlink loop cannot trap the walk; a file reached twice (two links, or named again) is listed
// once, under its real path when the tree has it. A broken symlink with a manifest name, an
// unreadable directory and a missing argument are `errors`.
std::vector<std::string> discover_files(const std::vector<std::string>& paths,
                                        const std::vector<std::string>& exclude,
                                        std::vector<InputError>& errors);

// A whole file read with every error kept: `titanlint` reports the operating system's reason.
struct FileRead {
  std::string text;
  int error = 0;               // errno when the file could not be opened or read
  const char* failed_to = "";  // "open" or "read", with `error`
  bool too_large = false;      // over max_bytes: `text` is empty, `size` is at least max_bytes + 1
  std::uint64_t size = 0;
};
// Reads a file (or a pipe: `<(helm template .)`) whole, never holding more than max_bytes + 1
// bytes. A file removed after a directory walk listed it fails to open with ENOENT; one that
// shrinks or grows while it is read is taken as far as it was read.
FileRead read_whole_file(const std::string& path, std::size_t max_bytes);

// What `-` reads: stdin up to one byte past limits.maxFileBytes (more is refused anyway).
std::string read_stdin(std::istream& in, const LoadLimits& limits);

// Reads and loads one path from discover_files(): a file, or "-" whose text (read_stdin) is
// given. A file that cannot be read or is over limits.maxFileBytes sets `error` (the operating
// system's reason) and returns nullopt. Safe to call from several threads.
std::optional<LoadedFile> read_input(const std::string& path, std::string stdin_text,
                                     const LoadLimits& limits, InputError& error);

// read_input()'s reading alone: the text, or nullopt with `error` set.
std::optional<std::string> read_input_text(const std::string& path, std::string stdin_text,
                                           const LoadLimits& limits, InputError& error);

// Reads and loads every path ("-" reads `stdin`), in order. A file that cannot be read (or is over
// limits.maxFileBytes) is an InputError naming the operating system's reason; the others load.
Inputs load_inputs(const std::vector<std::string>& paths, const std::vector<std::string>& exclude,
                   const LoadLimits& limits, std::istream& stdin_stream);

// Loads text as YAML or JSON (JSON when the path ends in .json, or for stdin when the first
// non-blank character is `{`).
LoadedFile load_text(std::string path, std::string text, const LoadLimits& limits);

}  // namespace titanlint
