// Lint throughput: titanlint against the two YAML baselines, on the same generated corpus.
//
//   BM_LibyamlEvents          libyaml's bare event parse, events discarded: the floor.
//   BM_YamlCppLoadAll         YAML::LoadAll: what most C++ tools start from.
//   BM_TitanlintLoad          titanlint::load_text for every file: our tree building.
//   BM_TitanlintLintInProcess load + Engine(all rules).lint over the whole set.
//   BM_TitanlintProcess       the built `titanlint` binary, spawned on the corpus directory.
//
// Every benchmark measures wall time per pass over the whole corpus (UseRealTime), so all ratios
// are wall-to-wall; the table printed at the end also gives CPU ratios (the spawned process's CPU
// comes from wait4's rusage), which are steadier on a loaded machine.
//
// Extra flag (before the Google Benchmark ones): --corpus_documents=N (default 2000).
#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <yaml.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>
#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include "builtin_rules.h"
#include "corpus_generator.h"
#include "engine.h"
#include "inputs.h"

extern char** environ;

namespace {

namespace fs = std::filesystem;
using titanlint::bench::Corpus;

std::size_t g_corpus_documents = titanlint::bench::kDefaultCorpusDocuments;

struct CorpusOnDisk {
  fs::path directory;                                      // holds k8s/
  std::vector<std::pair<std::string, std::string>> files;  // path, text (as read back from disk)
  std::size_t documents = 0;
  std::size_t bytes = 0;
};

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path.string());
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// Generated and written once, on first use, into a fresh temporary directory; then read back in
// the order titanlint walks it, so every benchmark sees the very bytes the process reads.
CorpusOnDisk* g_corpus = nullptr;

const CorpusOnDisk& corpus() {
  if (g_corpus) return *g_corpus;
  auto* c = new CorpusOnDisk;
  std::string pattern = (fs::temp_directory_path() / "titanlint-bench-XXXXXX").string();
  if (!mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed: " + pattern);
  c->directory = pattern;
  const Corpus generated = titanlint::bench::generate_corpus(g_corpus_documents);
  titanlint::bench::write_corpus(generated, c->directory);
  std::vector<titanlint::InputError> errors;
  for (const std::string& path :
       titanlint::discover_files({(c->directory / "k8s").string()}, {}, errors)) {
    c->files.emplace_back(path, read_file(path));
    c->bytes += c->files.back().second.size();
  }
  if (!errors.empty() || c->files.size() != generated.files.size() || c->bytes != generated.bytes)
    throw std::runtime_error("the corpus read back differs from the one generated");
  c->documents = generated.documents;
  g_corpus = c;
  return *c;
}

void remove_corpus() {
  if (!g_corpus) return;
  std::error_code ignored;
  fs::remove_all(g_corpus->directory, ignored);
  delete g_corpus;
  g_corpus = nullptr;
}

// Per-pass counters shared by every benchmark: documents/s and bytes/s over wall time.
void set_throughput(benchmark::State& state, const CorpusOnDisk& c) {
  const auto passes = static_cast<double>(state.iterations());
  state.counters["documents/s"] =
      benchmark::Counter(passes * static_cast<double>(c.documents), benchmark::Counter::kIsRate);
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) *
                          static_cast<std::int64_t>(c.bytes));
}

// Every benchmark must see the whole corpus; a parser that stops early would look fast.
bool check_documents(benchmark::State& state, std::size_t seen, std::size_t expected,
                     const char* who) {
  if (seen == expected) return true;
  state.SkipWithError(fmt::format("{} saw {} documents, expected {}", who, seen, expected).c_str());
  return false;
}

// ------------------------------------------------------------------------------------------------

// Returns the number of documents, or -1 on a parse error.
long libyaml_parse(const std::string& text) {
  yaml_parser_t parser;
  yaml_parser_initialize(&parser);
  yaml_parser_set_input_string(&parser, reinterpret_cast<const unsigned char*>(text.data()),
                               text.size());
  long documents = 0;
  for (bool done = false; !done;) {
    yaml_event_t event;
    if (!yaml_parser_parse(&parser, &event)) {
      documents = -1;
      break;
    }
    if (event.type == YAML_DOCUMENT_START_EVENT) ++documents;
    done = event.type == YAML_STREAM_END_EVENT;
    yaml_event_delete(&event);
  }
  yaml_parser_delete(&parser);
  return documents;
}

void BM_LibyamlEvents(benchmark::State& state) {
  const CorpusOnDisk& c = corpus();
  std::size_t documents = 0;
  for (auto _ : state) {
    documents = 0;
    for (const auto& [path, text] : c.files) {
      const long n = libyaml_parse(text);
      if (n < 0) {
        state.SkipWithError(("libyaml cannot parse " + path).c_str());
        return;
      }
      documents += static_cast<std::size_t>(n);
    }
    benchmark::DoNotOptimize(documents);
  }
  if (!check_documents(state, documents, c.documents, "libyaml")) return;
  set_throughput(state, c);
}

void BM_YamlCppLoadAll(benchmark::State& state) {
  const CorpusOnDisk& c = corpus();
  std::size_t documents = 0;
  for (auto _ : state) {
    documents = 0;
    for (const auto& [path, text] : c.files) {
      try {
        std::vector<YAML::Node> nodes = YAML::LoadAll(text);
        documents += nodes.size();
        benchmark::DoNotOptimize(nodes.data());
      } catch (const YAML::Exception& e) {
        state.SkipWithError(fmt::format("yaml-cpp cannot parse {}: {}", path, e.what()).c_str());
        return;
      }
    }
  }
  if (!check_documents(state, documents, c.documents, "yaml-cpp")) return;
  set_throughput(state, c);
}

std::vector<titanlint::LoadedFile> titanlint_load(const CorpusOnDisk& c) {
  std::vector<titanlint::LoadedFile> files;
  files.reserve(c.files.size());
  const titanlint::LoadLimits limits;
  for (const auto& [path, text] : c.files)
    files.push_back(titanlint::load_text(path, text, limits));
  return files;
}

std::size_t count_documents(const std::vector<titanlint::LoadedFile>& files) {
  std::size_t n = 0;
  for (const auto& f : files) n += f.documents.size();
  return n;
}

void BM_TitanlintLoad(benchmark::State& state) {
  const CorpusOnDisk& c = corpus();
  std::size_t documents = 0;
  for (auto _ : state) {
    std::vector<titanlint::LoadedFile> files = titanlint_load(c);
    documents = count_documents(files);
    benchmark::DoNotOptimize(files.data());
  }
  if (!check_documents(state, documents, c.documents, "titanlint::load_text")) return;
  set_throughput(state, c);
}

void BM_TitanlintLintInProcess(benchmark::State& state) {
  const CorpusOnDisk& c = corpus();
  std::size_t documents = 0;
  std::size_t findings = 0;
  for (auto _ : state) {
    std::vector<titanlint::LoadedFile> files = titanlint_load(c);
    titanlint::Engine engine(titanlint::builtin_registry(), titanlint::Config{},
                             titanlint::LintOptions{});
    titanlint::LintResult result = engine.lint(files);
    documents = count_documents(files);
    findings = result.findings.size();
    benchmark::DoNotOptimize(result.findings.data());
  }
  if (!check_documents(state, documents, c.documents, "titanlint lint")) return;
  set_throughput(state, c);
  state.counters["findings"] = static_cast<double>(findings);
}

struct ProcessRun {
  int exit_code = -1;
  double cpu_seconds = 0;  // user + system of the child
};

// Runs `titanlint lint k8s --format gcc` in the corpus directory, stdout to `output`.
ProcessRun run_titanlint(const CorpusOnDisk& c, const char* output) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addchdir_np(&actions, c.directory.c_str());
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, output, O_WRONLY | O_CREAT | O_TRUNC,
                                   0644);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
  std::string binary = TITANLINT_BINARY;
  std::vector<std::string> args = {binary, "lint", "k8s", "--format", "gcc"};
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);

  ProcessRun run;
  pid_t pid = 0;
  const int rc = posix_spawn(&pid, binary.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) return run;
  int status = 0;
  struct rusage usage {};
  if (wait4(pid, &status, 0, &usage) != pid) return run;
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  run.cpu_seconds = static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
                    static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
  return run;
}

void BM_TitanlintProcess(benchmark::State& state) {
  const CorpusOnDisk& c = corpus();
  // Once, untimed: the run must succeed (0 clean, 1 findings) and report what the engine finds.
  static std::size_t findings = [&] {
    const fs::path report = c.directory / "report.txt";
    const ProcessRun run = run_titanlint(c, report.c_str());
    if (run.exit_code != 0 && run.exit_code != 1) return std::size_t{0};
    std::ifstream in(report);
    std::size_t lines = 0;
    for (std::string l; std::getline(in, l);) ++lines;
    fs::remove(report);
    return lines;
  }();
  if (findings == 0) {
    state.SkipWithError(
        fmt::format("{} failed on the corpus (or found nothing)", TITANLINT_BINARY).c_str());
    return;
  }
  double cpu_seconds = 0;
  for (auto _ : state) {
    const ProcessRun run = run_titanlint(c, "/dev/null");
    if (run.exit_code != 0 && run.exit_code != 1) {
      state.SkipWithError(fmt::format("titanlint exited with {}", run.exit_code).c_str());
      return;
    }
    cpu_seconds += run.cpu_seconds;
  }
  set_throughput(state, c);
  state.counters["findings"] = static_cast<double>(findings);
  state.counters["child_cpu_ms"] =
      benchmark::Counter(cpu_seconds * 1e3, benchmark::Counter::kAvgIterations);
}

BENCHMARK(BM_LibyamlEvents)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_YamlCppLoadAll)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_TitanlintLoad)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_TitanlintLintInProcess)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_TitanlintProcess)->Unit(benchmark::kMillisecond)->UseRealTime();

// ------------------------------------------------------------------------------------------------
// The ratio table.

struct Measured {
  double wall_ms = 0;  // per pass
  double cpu_ms = 0;   // per pass (the child's CPU for the process benchmark)
  bool from_median = false;
};

double to_ms(double value, benchmark::TimeUnit unit) {
  switch (unit) {
    case benchmark::kNanosecond:
      return value / 1e6;
    case benchmark::kMicrosecond:
      return value / 1e3;
    case benchmark::kMillisecond:
      return value;
    case benchmark::kSecond:
      return value * 1e3;
  }
  return value;
}

// Console output as usual; remembers each benchmark's per-pass time (the median aggregate when
// there are repetitions, otherwise the run itself).
class CollectingReporter : public benchmark::ConsoleReporter {
 public:
  void ReportRuns(const std::vector<Run>& runs) override {
    for (const Run& run : runs) {
      if (run.error_occurred) {
        failed_ = true;
        continue;
      }
      const bool median = run.run_type == Run::RT_Aggregate && run.aggregate_name == "median";
      if (run.run_type == Run::RT_Aggregate && !median) continue;
      Measured& m = results_[run.run_name.function_name];
      if (m.from_median && !median) continue;
      m.from_median = median;
      m.wall_ms = to_ms(run.GetAdjustedRealTime(), run.time_unit);
      auto child = run.counters.find("child_cpu_ms");
      m.cpu_ms = child != run.counters.end() ? child->second.value
                                             : to_ms(run.GetAdjustedCPUTime(), run.time_unit);
    }
    ConsoleReporter::ReportRuns(runs);
  }

  bool failed() const { return failed_; }

  void print_table(const CorpusOnDisk& c) const {
    if (results_.empty()) return;
    static constexpr const char* kOrder[] = {"BM_LibyamlEvents", "BM_YamlCppLoadAll",
                                             "BM_TitanlintLoad", "BM_TitanlintLintInProcess",
                                             "BM_TitanlintProcess"};
    const Measured* libyaml = find("BM_LibyamlEvents");
    const Measured* yamlcpp = find("BM_YamlCppLoadAll");
    auto ratio = [](double value, const Measured* base, bool cpu) {
      if (!base) return std::string("-");
      const double b = cpu ? base->cpu_ms : base->wall_ms;
      return b > 0 ? fmt::format("{:.2f}x", value / b) : std::string("-");
    };
    std::printf(
        "\nLint throughput: %zu documents in %zu files, %.2f MB (%s)\n", c.documents,
        c.files.size(), static_cast<double>(c.bytes) / 1e6,
        results_.begin()->second.from_median ? "medians of the repetitions" : "one run each");
    std::printf("%-27s %9s %9s %7s %10s %10s | %9s %10s %10s\n", "", "wall ms", "docs/s", "MB/s",
                "x libyaml", "x yaml-cpp", "cpu ms", "x libyaml", "x yaml-cpp");
    for (const char* name : kOrder) {
      const Measured* m = find(name);
      if (!m) continue;
      const double seconds = m->wall_ms / 1e3;
      std::printf("%-27s %9.1f %9.0f %7.1f %10s %10s | %9.1f %10s %10s\n", name, m->wall_ms,
                  static_cast<double>(c.documents) / seconds,
                  static_cast<double>(c.bytes) / 1e6 / seconds,
                  ratio(m->wall_ms, libyaml, false).c_str(),
                  ratio(m->wall_ms, yamlcpp, false).c_str(), m->cpu_ms,
                  ratio(m->cpu_ms, libyaml, true).c_str(), ratio(m->cpu_ms, yamlcpp, true).c_str());
    }
    const Measured* process = find("BM_TitanlintProcess");
    if (process && libyaml && libyaml->wall_ms > 0 && libyaml->cpu_ms > 0) {
      const double wall = process->wall_ms / libyaml->wall_ms;
      const double cpu = process->cpu_ms / libyaml->cpu_ms;
      auto verdict = [](double r) { return r <= 2.0 ? "met" : "NOT met"; };
      // Wall time is what the issue asks about; CPU time is the steadier figure on a busy machine.
      std::printf(
          "Target: the titanlint process <= 2.00x the bare libyaml parse: wall %.2fx (%s), "
          "cpu %.2fx (%s)\n",
          wall, verdict(wall), cpu, verdict(cpu));
    }
    std::fflush(stdout);
  }

 private:
  const Measured* find(const std::string& name) const {
    auto it = results_.find(name);
    return it == results_.end() ? nullptr : &it->second;
  }
  std::map<std::string, Measured> results_;
  bool failed_ = false;
};

// Takes --corpus_documents=N out of argv (Google Benchmark rejects flags it does not know).
bool take_own_flags(int& argc, char** argv) {
  constexpr std::string_view kFlag = "--corpus_documents=";
  int out = 1;
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (!arg.starts_with(kFlag)) {
      argv[out++] = argv[i];
      continue;
    }
    char* end = nullptr;
    const unsigned long long n = std::strtoull(argv[i] + kFlag.size(), &end, 10);
    if (end == argv[i] + kFlag.size() || *end != '\0' || n == 0) {
      std::fprintf(stderr, "%s: bad %s\n", argv[0], argv[i]);
      return false;
    }
    g_corpus_documents = static_cast<std::size_t>(n);
  }
  argc = out;
  argv[argc] = nullptr;
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  if (!take_own_flags(argc, argv)) return 1;
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  int status = 0;
  try {
    CollectingReporter reporter;
    benchmark::RunSpecifiedBenchmarks(&reporter);
    if (g_corpus) reporter.print_table(*g_corpus);
    if (reporter.failed()) {
      std::fprintf(stderr, "lint_throughput_bench: a benchmark failed (see above)\n");
      status = 1;
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "lint_throughput_bench: %s\n", e.what());
    status = 1;
  }
  remove_corpus();
  benchmark::Shutdown();
  return status;
}
