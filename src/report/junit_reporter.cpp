// JUnit XML as GitLab and Jenkins read it: one <testsuite> per file, one <testcase> per object
// (objects without findings pass), one <failure> per unsuppressed finding. Findings that belong
// to no object (a YAML syntax error) go to a test case named after the file; an input that could
// not be read is an <error>. Suppressed findings do not fail their test case: they are listed in
// its <system-out>, as is every finding (some readers show only a test case's first <failure>).
#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "report/reporters.h"

namespace titanlint {
namespace {

struct TestCase {
  std::string name;
  std::vector<const Finding*> findings;
  const InputError* error = nullptr;
  bool failed() const {
    return std::any_of(findings.begin(), findings.end(),
                       [](const Finding* f) { return !f->suppressed; });
  }
};

struct Suite {
  std::string file;
  std::vector<TestCase> cases;
  std::map<std::string, std::size_t> by_name;
  TestCase& testcase(const std::string& name) {
    auto [it, added] = by_name.emplace(name, cases.size());
    if (added) cases.push_back({name, {}, nullptr});
    return cases[it->second];
  }
  std::size_t failures() const {
    return static_cast<std::size_t>(
        std::count_if(cases.begin(), cases.end(), [](const TestCase& c) { return c.failed(); }));
  }
  std::size_t errors() const {
    return static_cast<std::size_t>(std::count_if(
        cases.begin(), cases.end(), [](const TestCase& c) { return c.error != nullptr; }));
  }
};

std::string location(const Finding& f) {
  return fmt::format("{}:{}:{}", f.file, f.position.line, f.position.column);
}

void write_case(std::ostream& out, const Suite& suite, const TestCase& c) {
  out << fmt::format("    <testcase classname=\"{}\" name=\"{}\" file=\"{}\"",
                     xml_escape(suite.file, true), xml_escape(c.name, true),
                     xml_escape(suite.file, true));
  if (c.findings.empty() && !c.error) {
    out << "/>\n";
    return;
  }
  out << ">\n";
  if (c.error) {
    out << fmt::format("      <error type=\"input\" message=\"{}\">{}: {}</error>\n",
                       xml_escape(c.error->message, true), xml_escape(c.error->path),
                       xml_escape(c.error->message));
  }
  std::string system_out;
  for (const Finding* f : c.findings) {
    if (f->suppressed) {
      system_out += fmt::format("{}: suppressed {}[{}] {} (by {}{}{})\n", location(*f),
                                to_string(f->severity), f->code, f->message, f->suppressed_by,
                                f->suppression_reason.empty() ? "" : ": ", f->suppression_reason);
      continue;
    }
    std::string body = fmt::format("{}: {}[{}] {}\n{}", location(*f), to_string(f->severity),
                                   f->code, f->name, f->message);
    if (!f->remediation.empty()) body += "\nhelp: " + f->remediation;
    out << fmt::format("      <failure type=\"{}\" message=\"{}\">{}</failure>\n",
                       xml_escape(f->code, true), xml_escape(f->message, true), xml_escape(body));
    system_out +=
        fmt::format("{}: {}[{}] {}\n", location(*f), to_string(f->severity), f->code, f->message);
  }
  if (!system_out.empty())
    out << fmt::format("      <system-out>{}</system-out>\n", xml_escape(system_out));
  out << "    </testcase>\n";
}

}  // namespace

void write_junit(std::ostream& out, const RunReport& run) {
  std::vector<Suite> suites;
  std::map<std::string, std::size_t> suite_of;
  auto suite = [&](const std::string& file) -> Suite& {
    auto [it, added] = suite_of.emplace(file, suites.size());
    if (added) suites.push_back({file, {}, {}});
    return suites[it->second];
  };
  for (const std::string& file : run.result.file_paths) suite(file);
  for (const InputError& e : run.errors) suite(e.path).testcase(e.path).error = &e;
  for (const LintedObject& o : run.result.linted_objects)
    suite(o.file).testcase(o.object.display());
  for (const Finding& f : run.result.findings) {
    const bool has_object = !f.object.kind.empty() || !f.object.name.empty();
    suite(f.file).testcase(has_object ? f.object.display() : f.file).findings.push_back(&f);
  }

  std::size_t tests = 0, failures = 0, errors = 0;
  for (const Suite& s : suites) {
    tests += s.cases.size();
    failures += s.failures();
    errors += s.errors();
  }
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out << fmt::format(
      "<testsuites name=\"titanlint\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"0\">\n",
      tests, failures, errors);
  for (const Suite& s : suites) {
    if (s.cases.empty()) continue;  // nothing in it (an empty file, stdin mapped to helm sources)
    out << fmt::format(
        "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"0\">\n",
        xml_escape(s.file, true), s.cases.size(), s.failures(), s.errors());
    for (const TestCase& c : s.cases) write_case(out, s, c);
    out << "  </testsuite>\n";
  }
  out << "</testsuites>\n";
}

}  // namespace titanlint
