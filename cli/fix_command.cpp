// `titanlint fix PATH...`: applies the fixes of the selected rules in place (each file replaced
// atomically, its mode kept), or prints them as a unified diff (--diff), or for `-` writes the
// fixed stream to stdout.
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <iostream>

#include <fmt/format.h>

#include "builtin_rules.h"
#include "commands.h"
#include "engine.h"
#include "fix/fix_run.h"
#include "fix/unified_diff.h"
#include "fix_write.h"
#include "inputs.h"
#include "lint_setup.h"
#include "report_io.h"
#include "task_pool.h"

namespace titanlint::cli {
namespace {

std::string applied_lines(const FixOutcome& file) {
  std::string out;
  for (const AppliedFix& a : file.applied)
    out += fmt::format("{}:{}:{}: {} fixed: {}\n", file.path, a.position.line, a.position.column,
                       a.code, a.description);
  return out;
}

}  // namespace

void add_fix_options(CLI::App& command, FixArgs& args) {
  command.add_option("PATH", args.paths, "Files, directories (recursive), or - for stdin")
      ->required();
  command.add_flag("--diff", args.diff,
                   "Print the fixes as a unified diff and write nothing (exit 1 when there is "
                   "something to fix)");
  add_rule_run_options(
      command, {args.config, args.select, args.ignore, args.partial, args.namespace_, args.jobs});
  command.add_flag("--quiet,-q", args.quiet, "No summary line");
}

int run_fix(const FixArgs& args) {
  prepare_standard_streams();
  std::optional<Config> config = load_config(args.config);
  if (!config) return kExitUsage;
  if (!check_patterns(args.select, "--select", config->rules_of(builtin_registry())) ||
      !check_patterns(args.ignore, "--ignore", config->rules_of(builtin_registry())))
    return kExitUsage;

  LintOptions options;
  options.select = args.select;
  options.ignore = args.ignore;
  options.partial = args.partial || config->partial;
  options.default_namespace = args.namespace_;
  options.render_suppressed = false;
  options.build_fixes = true;
  const Engine engine(config->rules_of(builtin_registry()), *config, options);

  std::vector<InputError> errors;
  std::vector<FixInput> inputs;
  for (const std::string& path : discover_files(args.paths, config->exclude, errors)) {
    InputError error;
    std::string stdin_text = path == "-" ? read_stdin(std::cin, config->limits) : std::string();
    if (auto text = read_input_text(path, std::move(stdin_text), config->limits, error))
      inputs.push_back({path == "-" ? std::string(kStdinPath) : path, std::move(*text)});
    else
      errors.push_back(std::move(error));
  }

  // After the first pass only the rules that offer fixes need to run.
  LintOptions later_options = options;
  later_options.select = fixing_rules(engine, config->rules_of(builtin_registry()));
  later_options.ignore.clear();
  std::optional<Engine> later;
  if (!later_options.select.empty())
    later.emplace(config->rules_of(builtin_registry()), *config, later_options);
  std::vector<FixOutcome> outcomes =
      fix_texts(engine, later ? &*later : nullptr, std::move(inputs), config->limits,
                args.jobs ? args.jobs : default_jobs());

  bool failed = !errors.empty();
  for (const InputError& e : errors)
    std::cerr << fmt::format("titanlint: {}: {}\n", e.path, e.message);
  std::size_t fixed = 0;
  std::size_t files = 0;
  std::size_t unfixed = 0;
  int stdout_error = 0;
  auto out = [&](std::string_view text) {
    if (stdout_error == 0) stdout_error = write_all(STDOUT_FILENO, text);
  };
  for (const FixOutcome& file : outcomes) {
    for (const std::string& note : file.notes)
      std::cerr << fmt::format("titanlint: {}: {}\n", file.path, note);
    unfixed += file.unfixed;
    const bool from_stdin = file.path == kStdinPath;
    if (from_stdin && !args.diff) out(file.fixed);  // the stream, fixed or not
    if (!file.changed()) {
      // A cross-resource fix (TL904 edits the Service) is listed with the finding's file, which
      // it may leave unchanged: still say what was fixed.
      if (!file.applied.empty()) {
        if (from_stdin || args.diff)
          std::cerr << applied_lines(file);
        else
          out(applied_lines(file));
        fixed += file.applied.size();
      }
      continue;
    }
    if (args.diff) {
      out(unified_diff(file.path, file.original, file.fixed, file.masked));
    } else if (!from_stdin) {
      const std::string error =
          write_fixed_file(file.path, file.original, file.fixed, config->limits);
      if (!error.empty()) {
        std::cerr << "titanlint: " << error << '\n';
        failed = true;
        continue;
      }
    }
    // What changed: on stdout when it carries nothing else, else on stderr.
    if (from_stdin || args.diff)
      std::cerr << applied_lines(file);
    else
      out(applied_lines(file));
    fixed += file.applied.size();
    ++files;
  }
  if (stdout_error != 0 && stdout_error != EPIPE) {
    std::cerr << fmt::format("titanlint: cannot write to standard output: {}\n",
                             std::strerror(stdout_error));
    failed = true;
  }
  if (!args.quiet)
    std::cerr << fmt::format(
        "titanlint: {} {} {} in {} {}; {} {} no automatic fix (`titanlint lint` lists them)\n",
        args.diff ? "would fix" : "fixed", fixed, fixed == 1 ? "finding" : "findings", files,
        files == 1 ? "file" : "files", unfixed, unfixed == 1 ? "finding has" : "findings have");
  if (failed) return kExitUsage;
  return args.diff && files > 0 ? kExitFindings : kExitClean;
}

}  // namespace titanlint::cli
