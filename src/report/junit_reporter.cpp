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

#include "report/spill_buffer.h"
#include "report/writers.h"

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

std::string location(const Finding& f) {
  return fmt::format("{}:{}:{}", f.file, f.position.line, f.position.column);
}

void write_case(std::string& out, std::string_view file, const TestCase& c) {
  auto to = std::back_inserter(out);
  fmt::format_to(to, "    <testcase classname=\"{}\" name=\"{}\" file=\"{}\"",
                 xml_escape(file, true), xml_escape(c.name, true), xml_escape(file, true));
  if (c.findings.empty() && !c.error) {
    out += "/>\n";
    return;
  }
  out += ">\n";
  if (c.error) {
    fmt::format_to(to, "      <error type=\"input\" message=\"{}\">{}: {}</error>\n",
                   xml_escape(c.error->message, true), xml_escape(c.error->path),
                   xml_escape(c.error->message));
  }
  std::string system_out;
  for (const Finding* f : c.findings) {
    if (f->suppressed()) {
      fmt::format_to(std::back_inserter(system_out), "{}: suppressed {}[{}] {} (by {}{}{})\n",
                     location(*f), to_string(f->severity), f->code, f->message,
                     to_string(f->suppressed_by), f->suppression_reason.empty() ? "" : ": ",
                     f->suppression_reason);
      continue;
    }
    std::string body = fmt::format("{}: {}[{}] {}\n{}", location(*f), to_string(f->severity),
                                   f->code, f->name, f->message);
    const std::string_view help = f->remediation();
    if (!help.empty()) {
      body += "\nhelp: ";
      body += help;
    }
    fmt::format_to(to, "      <failure type=\"{}\" message=\"{}\">{}</failure>\n",
                   xml_escape(f->code, true), xml_escape(f->message, true), xml_escape(body));
    fmt::format_to(std::back_inserter(system_out), "{}: {}[{}] {}\n", location(*f),
                   to_string(f->severity), f->code, f->message);
  }
  if (!system_out.empty())
    fmt::format_to(to, "      <system-out>{}</system-out>\n", xml_escape(system_out));
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
    write_case(scratch_, file, c);
    suite.cases.push_back(text_.append(scratch_));
  }

  std::vector<std::string_view> order_;
  std::map<std::string, Suite> suites_;
  SpillBuffer text_;
  std::string scratch_;
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
