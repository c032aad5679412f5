// JUnit XML as GitLab and Jenkins read it: one <testsuite> per file, one <testcase> per object
// (objects without findings pass), one <failure> per unsuppressed finding. Findings that belong
// to no object (a YAML syntax error) go to a test case named after the file; an input that could
// not be read is an <error>. Suppressed findings do not fail their test case: they are listed in
// its <system-out>, as is every finding (some readers show only a test case's first <failure>).
#include <algorithm>
#include <iterator>
#include <map>
#include <set>

#include <fmt/format.h>

#include "report/format_writers.h"
#include "report/spill_buffer.h"

namespace titanlint {
namespace {

struct TestCase {
  std::string name;
  std::vector<const Finding*> findings;
  const InputError* error = nullptr;
  bool failed() const {
    return std::any_of(findings.begin(), findings.end(),
                       [](const Finding* f) { return !f->suppressed(); });
  }
};

void append_location(std::string& out, const Finding& f) {
  fmt::format_to(std::back_inserter(out), "{}:{}:{}", f.file, f.position.line, f.position.column);
}

// `<tag attribute="value"` pieces without temporaries: a suite of a heavy file has thousands.
void append_attribute(std::string& out, std::string_view name, std::string_view value) {
  out += ' ';
  out += name;
  out += "=\"";
  append_xml_escaped(out, value, true);
  out += '"';
}

void write_case(std::string& out, std::string_view file, const TestCase& c, std::string& system_out,
                std::string& body) {
  out += "    <testcase";
  append_attribute(out, "classname", file);
  append_attribute(out, "name", c.name);
  append_attribute(out, "file", file);
  if (c.findings.empty() && !c.error) {
    out += "/>\n";
    return;
  }
  out += ">\n";
  if (c.error) {
    out += "      <error type=\"input\"";
    append_attribute(out, "message", c.error->message);
    out += '>';
    append_xml_escaped(out, c.error->path);
    out += ": ";
    append_xml_escaped(out, c.error->message);
    out += "</error>\n";
  }
  system_out.clear();
  auto to_system_out = std::back_inserter(system_out);
  for (const Finding* f : c.findings) {
    append_location(system_out, *f);
    if (f->suppressed()) {
      fmt::format_to(to_system_out, ": suppressed {}[{}] {} (by {}{}{})\n", to_string(f->severity),
                     f->code, f->message, to_string(f->suppressed_by),
                     f->suppression_reason.empty() ? "" : ": ", f->suppression_reason);
      continue;
    }
    fmt::format_to(to_system_out, ": {}[{}] {}\n", to_string(f->severity), f->code, f->message);
    body.clear();
    append_location(body, *f);
    fmt::format_to(std::back_inserter(body), ": {}[{}] {}\n{}", to_string(f->severity), f->code,
                   f->name, f->message);
    const std::string_view help = f->remediation();
    if (!help.empty()) {
      body += "\nhelp: ";
      body += help;
    }
    out += "      <failure";
    append_attribute(out, "type", f->code);
    append_attribute(out, "message", f->message);
    out += '>';
    append_xml_escaped(out, body);
    out += "</failure>\n";
  }
  if (!system_out.empty()) {
    out += "      <system-out>";
    append_xml_escaped(out, system_out);
    out += "</system-out>\n";
  }
  out += "    </testcase>\n";
}

// One <testsuite>: its counts for the header line and its test cases, held in a SpillBuffer.
struct Suite {
  std::size_t tests = 0;
  std::size_t failures = 0;
  std::size_t errors = 0;
  std::vector<SpillBuffer::Piece> cases;
};

// The <testsuites> line needs the totals of every suite and the suites go in input order, so
// the suites' text is kept until the end: in a SpillBuffer (memory while small, then a temporary
// file), and written out a piece at a time by next_piece().
class JunitWriter final : public ReportWriter {
 public:
  void begin(const RunStart& run) override {
    order_.assign(run.suite_order.begin(), run.suite_order.end());
    for (const InputError& e : run.errors) {
      TestCase c{e.path, {}, &e};
      Suite& suite = suites_[e.path];
      ++suite.tests;
      ++suite.errors;
      add_case(suite, e.path, c);
    }
  }

  void file(const FileReport& report) override {
    std::vector<TestCase> cases;
    std::map<std::string, std::size_t> by_name;
    auto testcase = [&](std::string name) -> TestCase& {
      auto [it, added] = by_name.emplace(name, cases.size());
      if (added) cases.push_back({std::move(name), {}, nullptr});
      return cases[it->second];
    };
    for (const LintedObject& o : report.objects) testcase(o.object.display());
    for (const Finding& f : report.findings)
      testcase(f.object.empty() ? std::string(f.file) : f.object.display()).findings.push_back(&f);
    if (cases.empty()) return;
    Suite& suite = suites_[std::string(report.file)];
    for (const TestCase& c : cases) {
      ++suite.tests;
      if (c.failed()) ++suite.failures;
      add_case(suite, report.file, c);
    }
  }

  void end(const RunTotals&) override {
    std::size_t tests = 0, failures = 0, errors = 0;
    for (const auto& [file, s] : suites_) {
      tests += s.tests;
      failures += s.failures;
      errors += s.errors;
    }
    buffer_ += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    fmt::format_to(std::back_inserter(buffer_),
                   "<testsuites name=\"titanlint\" tests=\"{}\" failures=\"{}\" errors=\"{}\" "
                   "skipped=\"0\">\n",
                   tests, failures, errors);
    std::set<std::string_view> listed;
    auto list = [&](std::string_view file) {
      auto it = suites_.find(std::string(file));
      if (it != suites_.end() && listed.insert(it->first).second) emit_.push_back(&*it);
    };
    for (std::string_view file : order_) list(file);
    for (const auto& entry : suites_) list(entry.first);
  }

  bool next_piece() override {
    if (finished_) return false;
    constexpr std::size_t kPieceBytes = 64 * 1024;
    while (buffer_.size() < kPieceBytes) {
      if (next_suite_ == emit_.size()) {
        buffer_ += "</testsuites>\n";
        finished_ = true;
        return true;
      }
      const auto& [file, s] = *emit_[next_suite_];
      if (next_case_ == 0 && !suite_open_) {
        fmt::format_to(std::back_inserter(buffer_),
                       "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"{}\" "
                       "skipped=\"0\">\n",
                       xml_escape(file, true), s.tests, s.failures, s.errors);
        suite_open_ = true;
      }
      if (next_case_ < s.cases.size()) {
        const SpillBuffer::Piece& piece = s.cases[next_case_++];
        text_.read(piece, 0, piece.size, buffer_);
        continue;
      }
      buffer_ += "  </testsuite>\n";
      ++next_suite_;
      next_case_ = 0;
      suite_open_ = false;
    }
    return true;
  }

 private:
  void add_case(Suite& suite, std::string_view file, const TestCase& c) {
    scratch_.clear();
    write_case(scratch_, file, c, system_out_, body_);
    suite.cases.push_back(text_.append(scratch_));
  }

  std::vector<std::string_view> order_;
  std::map<std::string, Suite> suites_;
  SpillBuffer text_;
  std::string scratch_;  // one test case's text, and the parts of it (reused)
  std::string system_out_;
  std::string body_;
  // After end(): the suites in the order they are written, and how far next_piece() got.
  std::vector<const std::pair<const std::string, Suite>*> emit_;
  std::size_t next_suite_ = 0;
  std::size_t next_case_ = 0;
  bool suite_open_ = false;
  bool finished_ = false;
};

}  // namespace

std::unique_ptr<ReportWriter> make_junit_writer() {
  return std::make_unique<JunitWriter>();
}

}  // namespace titanlint
