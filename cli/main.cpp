// The titanlint binary: `lint` PATH... (the default subcommand), `fix` PATH..., `rules`, `explain
// CODE`, `version`, `serve` and `lsp`; each runs a function of cli/commands.h (`lsp`:
// cli/lsp_server.h).
#include <cstring>
#include <iostream>
#include <set>

#include "commands.h"
#include "lsp_server.h"
#include "serve_command.h"

namespace {

// `titanlint k8s/` means `titanlint lint k8s/`: insert the subcommand when the first argument is
// not one.
std::vector<std::string> with_default_subcommand(int argc, char** argv) {
  static const std::set<std::string> kSubcommands = {"lint",    "fix",   "rules", "explain",
                                                     "version", "serve", "lsp"};
  std::vector<std::string> args(argv, argv + argc);
  if (args.size() > 1 && !kSubcommands.count(args[1]) && args[1] != "--help" && args[1] != "-h" &&
      args[1] != "--version")
    args.insert(args.begin() + 1, "lint");
  return args;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace titanlint::cli;
  CLI::App app{"titanlint: lint Kubernetes manifests against the Titan production guide"};
  app.set_version_flag("--version", std::string("titanlint ") + TITANLINT_VERSION);
  app.require_subcommand(1);

  // Only the subcommand that runs gets its options: declaring every option of `serve` for a lint
  // run was a measurable part of an empty run's start-up.
  std::vector<std::string> args = with_default_subcommand(argc, argv);
  const std::string chosen = args.size() > 1 ? args[1] : "";

  LintArgs lint_args;
  CLI::App* lint = app.add_subcommand("lint", "Lint files, directories, or - for stdin (default)");
  if (chosen == "lint") add_lint_options(*lint, lint_args);

  FixArgs fix_args;
  CLI::App* fix =
      app.add_subcommand("fix", "Apply the rules' fixes in place (--diff: print them instead)");
  if (chosen == "fix") add_fix_options(*fix, fix_args);

  std::string rules_config;
  app.add_subcommand("rules", "List every rule: code, name, severity, summary")
      ->add_option("--config", rules_config, "Config file whose custom checks to list too");

  std::string explain_code;
  std::string explain_config;
  CLI::App* explain = app.add_subcommand("explain", "Print a rule's doc page and its options");
  explain->add_option("CODE", explain_code, "Rule code or name, e.g. TL203")->required();
  explain->add_option("--config", explain_config, "Config file whose option values to show");

  app.add_subcommand("version", "Print the version");

  ServeArgs serve_args;
  CLI::App* serve = app.add_subcommand("serve", "Run the admission webhook over HTTPS");
  if (chosen == "serve") add_serve_options(*serve, serve_args);

  bool lsp_stdio = false;
  int lsp_debounce_ms = -1;
  CLI::App* lsp = app.add_subcommand("lsp", "Run the language server (LSP 3.17) on stdin/stdout");
  // Editors' LSP clients commonly pass --stdio; stdio is the only transport.
  lsp->add_flag("--stdio", lsp_stdio, "Speak over stdin/stdout (the default and only transport)");
  lsp->add_option("--debounce-ms", lsp_debounce_ms,
                  "Quiet time after an edit before linting (default 30; 0: lint every edit)");

  std::vector<const char*> raw;
  for (const std::string& a : args) raw.push_back(a.c_str());
  try {
    app.parse(static_cast<int>(raw.size()), raw.data());
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? kExitClean : kExitUsage;
  }

  if (app.got_subcommand("lint")) return run_lint(lint_args);
  if (app.got_subcommand("fix")) return run_fix(fix_args);
  if (app.got_subcommand("rules")) return run_rules(rules_config);
  if (app.got_subcommand("serve")) return run_serve(serve_args);
  if (app.got_subcommand("lsp")) {
    titanlint::lsp::ServerOptions options;
    if (lsp_debounce_ms >= 0) options.debounce = std::chrono::milliseconds(lsp_debounce_ms);
    return titanlint::lsp::run_lsp(0, 1, options);
  }
  if (app.got_subcommand("explain")) return run_explain(explain_code, explain_config);
  std::cout << "titanlint " << TITANLINT_VERSION << '\n';
  return kExitClean;
}
