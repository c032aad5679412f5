// `titanlint lint`: config, inputs, engine, report, exit code.
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <memory>

#include <fmt/format.h>

#include "builtin_rules.h"
#include "commands.h"
#include "config.h"
#include "engine.h"
#include "inputs.h"
#include "lint_setup.h"
#include "output_targets.h"
#include "pipeline.h"
#include "report/formats.h"
#include "report_io.h"
#include "schema/crd_dirs.h"
#include "suppressions.h"
#include "task_pool.h"

namespace titanlint::cli {
namespace {

bool use_color(const std::string& mode, bool to_terminal) {
  if (mode == "always") return true;
  if (mode == "never") return false;
  const char* no_color = std::getenv("NO_COLOR");
  const char* term = std::getenv("TERM");
  return to_terminal && isatty(STDOUT_FILENO) && !(no_color && *no_color) &&
         !(term && std::string_view(term) == "dumb");
}

}  // namespace

void add_lint_options(CLI::App& command, LintArgs& args) {
  // Required unless --dump-config (checked in run_lint, with a message that says so).
  command.add_option("PATH", args.paths, "Files, directories (recursive), or - for stdin");
  command.add_flag("--dump-config", args.dump_config,
                   "Print the effective configuration (every rule, severity and option) as "
                   ".titanlint.yaml and exit");
  command
      .add_option("--format,-f", args.formats,
                  "Output format: text, gcc, json, sarif, github, junit; NAME=PATH writes that "
                  "format to a file. Repeat for several (--format text --format sarif=out.sarif)")
      ->type_name("NAME[=PATH]")
      ->allow_extra_args(false)
      ->check(CLI::Validator(check_format_spec, "NAME[=PATH]", "format"));
  command.add_option("--output,-o", args.output,
                     "Write the format without =PATH to FILE instead of stdout");
  add_rule_run_options(
      command, {args.config, args.select, args.ignore, args.partial, args.namespace_, args.jobs});
  command.add_option("--fail-on", args.fail_on, "Lowest severity that makes the exit code 1")
      ->check(CLI::IsMember({"error", "warning", "info", "never"}));
  command.add_option("--color", args.color, "Colour the text output")
      ->check(CLI::IsMember({"auto", "always", "never"}));
  command.add_flag("--quiet,-q", args.quiet, "Text: findings only, no code frames or summary");
  command.add_flag("--statistics", args.statistics, "Text: counts per rule, suppressed included");
  command
      .add_option("--schema-dir", args.schema_dirs,
                  "A directory of CustomResourceDefinitions (recursive): custom resources are "
                  "validated against them (repeatable; docs/schema.md)")
      ->type_name("DIR")
      ->allow_extra_args(false);
}

int run_lint(const LintArgs& args) {
  prepare_standard_streams();
  auto parsed = parse_output_targets(args.formats, args.output);
  if (const std::string* error = std::get_if<std::string>(&parsed)) {
    std::cerr << "titanlint: " << *error << '\n';
    return kExitUsage;
  }
  const auto& outputs = std::get<std::vector<OutputTarget>>(parsed);
  std::optional<Config> config = load_config(args.config);
  if (!config) return kExitUsage;
  if (args.dump_config) {
    std::cout << dump_config(*config, config->rules_of(builtin_registry()));
    return kExitClean;
  }
  if (args.paths.empty()) {
    std::cerr << "titanlint: no PATH given: name files or directories to lint, - for stdin "
                 "(`titanlint --help`)\n";
    return kExitUsage;
  }
  if (!check_patterns(args.select, "--select", config->rules_of(builtin_registry())) ||
      !check_patterns(args.ignore, "--ignore", config->rules_of(builtin_registry())))
    return kExitUsage;

  LintOptions options;
  options.select = args.select;
  options.ignore = args.ignore;
  options.partial = args.partial || config->partial;
  options.default_namespace = args.namespace_;
  // Suppressed findings' messages are built only when a format lists them.
  options.render_suppressed =
      std::any_of(outputs.begin(), outputs.end(),
                  [](const OutputTarget& t) { return lists_suppressed(t.format); });
  // The json and sarif formats carry each finding's fix.
  options.build_fixes = std::any_of(outputs.begin(), outputs.end(), [](const OutputTarget& t) {
    return t.format == OutputFormat::Json || t.format == OutputFormat::Sarif;
  });
  // The CRDs of schemaDirs: and --schema-dir. A file that does not load is reported and the run
  // goes on without it; the exit code is 2 at the end, as for an unreadable input.
  std::vector<std::string> schema_dirs = config->schema_dirs;
  schema_dirs.insert(schema_dirs.end(), args.schema_dirs.begin(), args.schema_dirs.end());
  std::vector<InputError> schema_errors;
  options.schema_dir_crds = schema::load_crd_dirs(schema_dirs, config->limits, schema_errors);
  for (const InputError& e : schema_errors)
    std::cerr << fmt::format("titanlint: {}: {}\n", e.path, e.message);
  Engine engine(config->rules_of(builtin_registry()), *config, options);

  // Every format streams: stdout as the run goes, files into a temporary file renamed at the
  // end (never a partial report, and a failed write leaves the old one).
  std::vector<std::unique_ptr<ReportWriter>> writers;
  std::vector<std::unique_ptr<ReplacementFile>> files(outputs.size());
  std::vector<ReportTarget> targets;
  bool written = true;
  int stdout_error = 0;
  bool text_on_stdout = false;
  std::vector<const ReplacementFile*> unopened;  // their error is already reported
  for (std::size_t i = 0; i < outputs.size(); ++i) {
    const OutputTarget& target = outputs[i];
    ReportOptions report_options;
    report_options.quiet = args.quiet;
    report_options.statistics = args.statistics;
    report_options.color = use_color(args.color, target.path.empty());
    writers.push_back(make_report_writer(target.format, report_options));
    if (!target.path.empty()) {
      files[i] = std::make_unique<ReplacementFile>();
      if (std::string error = files[i]->open(target.path); !error.empty()) {
        std::cerr << "titanlint: " << error << '\n';
        written = false;
        unopened.push_back(files[i].get());
      }
      ReplacementFile* file = files[i].get();
      targets.push_back(
          {writers.back().get(), [file](std::string_view text) { return file->write(text); }});
      continue;
    }
    // A reader that stopped reading (`titanlint k8s/ | head -1`) is not an error: it has what it
    // wanted, the files are still written, and the exit code still says what the lint found.
    // Any other failure (a closed stdout, a full disk behind `> file`) lost the report: exit 2.
    text_on_stdout = target.format == OutputFormat::Text;
    targets.push_back({writers.back().get(), [&stdout_error](std::string_view text) {
                         stdout_error = write_all(STDOUT_FILENO, text);
                         return stdout_error == 0;
                       }});
  }

  PipelineOptions pipeline;
  pipeline.exclude = config->exclude;
  pipeline.limits = config->limits;
  pipeline.jobs = args.jobs ? args.jobs : default_jobs();
  PipelineResult result = lint_paths(engine, config->rules_of(builtin_registry()), args.paths,
                                     std::cin, pipeline, targets);

  for (const auto& file : files) {
    if (!file || std::find(unopened.begin(), unopened.end(), file.get()) != unopened.end())
      continue;
    if (std::string error = file->commit(); !error.empty()) {
      std::cerr << "titanlint: " << error << '\n';
      written = false;
    }
  }
  if (stdout_error != 0 && stdout_error != EPIPE) {
    std::cerr << fmt::format("titanlint: cannot write the report to standard output: {}\n",
                             std::strerror(stdout_error));
    written = false;
  }
  if (stdout_error != 0) text_on_stdout = false;
  // Unreadable inputs always reach a human: in the text on stdout, else on stderr.
  if (!text_on_stdout)
    for (const InputError& e : result.errors)
      std::cerr << fmt::format("titanlint: {}: {}\n", e.path, e.message);

  if (!written || !result.errors.empty() || !schema_errors.empty()) return kExitUsage;
  if (args.fail_on == "never") return kExitClean;
  // The totals include the findings over limits.maxFindingsPerFile that the report leaves out.
  const Severity threshold = *parse_severity(args.fail_on);
  for (Severity s : {Severity::Info, Severity::Warning, Severity::Error})
    if (s >= threshold && result.totals.count(s) > 0) return kExitFindings;
  return kExitClean;
}

}  // namespace titanlint::cli
