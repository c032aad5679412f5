// titanlint_docgen DIR: writes DIR/CODE.md for every registered rule (its doc page with the
// default options) and DIR/README.md (the index by family), and removes pages of rules that no
// longer exist. Run through `cmake --build --preset dev --target rule-docs`.
#include <filesystem>
#include <fstream>
#include <iostream>
#include <regex>
#include <set>

#include "builtin_rules.h"
#include "rule_doc.h"

namespace {

namespace fs = std::filesystem;

bool write_if_changed(const fs::path& path, const std::string& text) {
  {
    std::ifstream in(path, std::ios::binary);
    std::string old((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (in && old == text) return true;
  }
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  out.flush();
  if (!out) {
    std::cerr << "titanlint_docgen: cannot write " << path << '\n';
    return false;
  }
  std::cout << "wrote " << path.string() << '\n';
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: titanlint_docgen DIR   (writes DIR/TLnnn.md and DIR/README.md)\n";
    return 2;
  }
  const fs::path dir = argv[1];
  std::error_code ec;
  fs::create_directories(dir, ec);
  const titanlint::Registry& registry = titanlint::builtin_registry();
  bool ok = true;
  std::set<std::string> pages;
  for (const titanlint::RuleDefinition& rule : registry.rules()) {
    pages.insert(rule.meta.code + ".md");
    ok = write_if_changed(dir / (rule.meta.code + ".md"), titanlint::render_rule_page(rule)) && ok;
  }
  ok = write_if_changed(dir / "README.md", titanlint::render_rules_index(registry)) && ok;
  // Pages of rules that were removed or renumbered.
  const std::regex page(R"(TL\d+\.md)");
  for (const fs::directory_entry& entry : fs::directory_iterator(dir, ec)) {
    const std::string name = entry.path().filename().string();
    if (std::regex_match(name, page) && !pages.count(name)) {
      fs::remove(entry.path(), ec);
      std::cout << "removed " << entry.path().string() << '\n';
    }
  }
  return ok ? 0 : 1;
}
