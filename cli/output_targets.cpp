#include "output_targets.h"

#include <set>

#include <fmt/format.h>

namespace titanlint::cli {
namespace {

std::string known_names() {
  std::string names;
  for (const std::string& n : output_format_names()) names += (names.empty() ? "" : ", ") + n;
  return names;
}

}  // namespace

std::string check_format_spec(const std::string& spec) {
  const auto eq = spec.find('=');
  const std::string name = spec.substr(0, eq);
  if (!parse_output_format(name))
    return fmt::format("unknown format \"{}\" (one of {}; NAME=PATH writes it to a file)", name,
                       known_names());
  if (eq != std::string::npos && eq + 1 == spec.size())
    return fmt::format("{}: the file after = is empty", spec);
  return {};
}

std::variant<std::vector<OutputTarget>, std::string> parse_output_targets(
    const std::vector<std::string>& formats, const std::string& output) {
  std::vector<std::string> specs = formats;
  if (specs.empty()) specs.push_back("text");
  std::vector<OutputTarget> targets;
  std::size_t to_stdout = 0;
  for (const std::string& spec : specs) {
    if (std::string error = check_format_spec(spec); !error.empty()) return "--format " + error;
    const auto eq = spec.find('=');
    OutputTarget target{*parse_output_format(spec.substr(0, eq)), {}};
    if (eq == std::string::npos) {
      ++to_stdout;
      target.path = output;
    } else {
      target.path = spec.substr(eq + 1);
    }
    targets.push_back(std::move(target));
  }
  if (to_stdout > 1)
    return std::string(
        "--format: at most one format without =PATH (it goes to stdout or --output); give the "
        "others a file, e.g. --format text --format sarif=titanlint.sarif");
  if (!output.empty() && to_stdout == 0)
    return std::string(
        "--output names the file of the format without =PATH, and every --format has one");
  std::set<std::string> paths;
  for (const OutputTarget& t : targets) {
    if (t.path.empty()) continue;
    if (!paths.insert(t.path).second)
      return fmt::format("--format: two formats would write {}", t.path);
  }
  return targets;
}

}  // namespace titanlint::cli
