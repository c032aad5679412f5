// The lint pipeline of `titanlint lint`: files are read, parsed and checked on a pool of
// threads, and each file's findings go to the output formats as soon as that file's turn comes
// in report order (files sorted by path).
//
//   1. discover the files (the command line's order, directories sorted)            serial
//   2. read, parse and find the objects of each file                                 parallel
//   3. index every object of the run (cross-resource rules look at any of them)      serial
//   4. run every rule over each file's objects, in the order the files are reported  parallel
//   5. hand each file's findings, sorted, to every format, as soon as it is checked  serial
//
// Step 5 runs on the calling thread, which takes step 4's tasks while it waits. The output is
// the same for every number of threads: the order of findings never depends on which thread
// found them (see Finding::sequence).
#pragma once

#include <functional>
#include <istream>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine.h"
#include "report/formats.h"

namespace titanlint {

// One output of the run: a format's writer and where its text goes. `write` receives the text
// in pieces, in order; it returns false once the destination failed (the rest is not offered).
struct ReportTarget {
  ReportWriter* writer;
  std::function<bool(std::string_view)> write;
};

struct PipelineOptions {
  std::vector<std::string> exclude;
  LoadLimits limits;
  unsigned jobs = 1;  // threads, the caller's included
};

struct PipelineResult {
  RunTotals totals;
  std::vector<InputError> errors;
};

PipelineResult lint_paths(const Engine& engine, const Registry& registry,
                          const std::vector<std::string>& paths, std::istream& stdin_stream,
                          const PipelineOptions& options, std::span<ReportTarget> targets);

}  // namespace titanlint
