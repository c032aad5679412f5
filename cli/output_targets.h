// Where each report of a run goes: `--format NAME` (stdout, or --output FILE) and
// `--format NAME=PATH` (a file), several per run, so one lint pass prints for humans and writes
// files for machines.
#pragma once

#include <string>
#include <variant>
#include <vector>

#include "report/formats.h"

namespace titanlint::cli {

struct OutputTarget {
  OutputFormat format;
  std::string path;  // empty: stdout
};

// Checks one --format value (`NAME` or `NAME=PATH`); returns an error message, or empty.
std::string check_format_spec(const std::string& spec);

// The targets of a run, or an error message. No --format means `text`. At most one format goes
// to stdout; --output FILE redirects that one. Two targets never write the same file.
std::variant<std::vector<OutputTarget>, std::string> parse_output_targets(
    const std::vector<std::string>& formats, const std::string& output);

}  // namespace titanlint::cli
