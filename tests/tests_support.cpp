#include "tests_support.h"

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "builtin_rules.h"
#include "inputs.h"

namespace titanlint::testing {

std::filesystem::path source_dir() {
  return TITANLINT_SOURCE_DIR;
}

std::filesystem::path peers_dir() {
  return source_dir() / "testdata" / "peers";
}

std::string describe(std::span<const Finding> findings) {
  std::string out;
  for (const Finding& f : findings)
    out += fmt::format("  {}: {} {}\n", f.position.line, f.code, f.message);
  return out.empty() ? "  (none)\n" : out;
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path.string());
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void write_file(const std::filesystem::path& path, const std::string& text) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary);
  out << text;
}

std::filesystem::path temp_dir(const std::string& name) {
  auto dir = std::filesystem::temp_directory_path() /
             fmt::format("titanlint-test-{}-{}", name, static_cast<long>(getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

CommandResult run_titanlint(const std::string& args, const std::filesystem::path& cwd,
                            const std::string& stdin_text, const std::string& prefix) {
  auto dir = temp_dir("run");
  write_file(dir / "stdin", stdin_text);
  // The redirection of stdin comes first so that `args` may redirect it again (`- < file`).
  std::string command = fmt::format("cd '{}' && {}'{}' < '{}' {} > '{}' 2> '{}'", cwd.string(),
                                    prefix, TITANLINT_BINARY, (dir / "stdin").string(), args,
                                    (dir / "stdout").string(), (dir / "stderr").string());
  int status = std::system(command.c_str());
  CommandResult r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  r.out = read_file(dir / "stdout");
  r.err = read_file(dir / "stderr");
  std::filesystem::remove_all(dir);
  return r;
}

LintResult lint_text(const std::string& yaml, LintOptions options, const Config& config,
                     const std::string& path) {
  Engine engine(config.rules_of(builtin_registry()), config, std::move(options));
  std::vector<LoadedFile> files;
  files.push_back(load_text(path, yaml, config.limits));
  return engine.lint(std::move(files));
}

Findings Findings::only(const std::function<bool(const Finding&)>& keep) const {
  Findings out;
  out.keep_alive = keep_alive;
  for (const Finding& f : *this)
    if (!keep || keep(f)) out.push_back(f);
  return out;
}

Findings lint_with(const std::filesystem::path& path, const std::vector<std::string>& codes,
                   const Config& config) {
  LintOptions lint_options;
  lint_options.select = codes;
  Engine engine(config.rules_of(builtin_registry()), config, lint_options);
  std::vector<LoadedFile> files;
  files.push_back(load_text(path.string(), read_file(path), config.limits));
  LintResult result = engine.lint(std::move(files));
  Findings out;
  out.keep_alive = result.keep_alive;
  for (Finding& f : result.findings)
    if (!f.suppressed()) out.push_back(std::move(f));
  return out;
}

Findings lint_with_only(const std::filesystem::path& path, const std::string& code,
                        std::map<std::string, OptionValue> options) {
  Config config;
  config.rules[code].options = std::move(options);
  Findings out = lint_with(path, {code}, config);
  for (const Finding& f : out)
    EXPECT_EQ(f.code, code) << path << ": only " << code << " was enabled";
  return out;
}

std::multiset<std::string> findings_of(const CommandResult& result) {
  std::multiset<std::string> out;
  auto j = nlohmann::json::parse(result.out);
  for (const auto& f : j["findings"]) {
    if (f.value("suppressed", false)) continue;
    out.insert(f["file"].get<std::string>() + ":" + std::to_string(f["line"].get<int>()) + ":" +
               std::to_string(f["column"].get<int>()) + " " + f["code"].get<std::string>());
  }
  return out;
}

std::vector<std::string> line_codes(const LintResult& result) {
  std::vector<std::string> out;
  for (const Finding& f : result.findings)
    if (!f.suppressed()) out.push_back(fmt::format("{}:{}", f.position.line, f.code));
  return out;
}

}  // namespace titanlint::testing
