#include "pipeline.h"

#include <algorithm>
#include <map>
#include <optional>

#include "task_pool.h"

namespace titanlint {
namespace {

// A format's text is written out in pieces of at least this size (and at the end).
constexpr std::size_t kFlushBytes = 64 * 1024;

class Outputs {
 public:
  explicit Outputs(std::span<ReportTarget> targets)
      : targets_(targets), failed_(targets.size(), false) {}

  template <typename Call>
  void each(Call&& call) {
    for (ReportTarget& t : targets_) call(*t.writer);
  }
  void flush(bool everything) {
    for (std::size_t i = 0; i < targets_.size(); ++i) {
      std::string& text = targets_[i].writer->buffer();
      if (!everything && text.size() < kFlushBytes) continue;
      if (!failed_[i] && !text.empty()) failed_[i] = !targets_[i].write(text);
      text.clear();  // the writer's buffer object stays: JsonWriter writes into it
    }
  }

 private:
  std::span<ReportTarget> targets_;
  std::vector<bool> failed_;
};

// A file findings are shown under: the inputs whose findings it gets and the objects shown in it.
struct DisplayFile {
  std::string_view path;
  std::vector<std::size_t> inputs;
  std::vector<LintedObject> objects;
};

std::vector<DisplayFile> display_files(const std::vector<LoadedInput>& inputs) {
  std::map<std::string_view, DisplayFile> by_path;
  for (std::size_t i = 0; i < inputs.size(); ++i)
    for (std::string_view path : inputs[i].display_files) {
      DisplayFile& d = by_path[path];
      d.path = path;
      d.inputs.push_back(i);
    }
  std::vector<LintedObject> objects;
  for (const LoadedInput& input : inputs) Engine::linted_objects(input, objects);
  for (LintedObject& o : objects) by_path[o.file].objects.push_back(std::move(o));
  std::vector<DisplayFile> out;
  out.reserve(by_path.size());
  for (auto& [path, d] : by_path) out.push_back(std::move(d));
  return out;
}

// The order junit lists its suites in: the inputs, the unreadable inputs, then the files named
// by `# Source:` comments, as their objects come.
std::vector<std::string_view> suite_order(const std::vector<std::string>& input_paths,
                                          const std::vector<InputError>& errors,
                                          const std::vector<LoadedInput>& inputs) {
  std::vector<std::string_view> order(input_paths.begin(), input_paths.end());
  for (const InputError& e : errors) order.push_back(e.path);
  for (const LoadedInput& input : inputs)
    for (const K8sObject& object : input.objects) order.push_back(object.display_path);
  return order;
}

void add_to_totals(const FileResult& file, RunTotals& totals) {
  for (const Finding& f : file.findings) {
    if (f.suppressed())
      ++totals.suppressed;
    else
      ++totals.by_severity[static_cast<int>(f.severity)];
  }
  if (!file.dropped) return;
  for (int s = 0; s < 3; ++s) totals.by_severity[s] += file.dropped->by_severity[s];
  totals.suppressed += file.dropped->suppressed;
}

}  // namespace

PipelineResult lint_paths(const Engine& engine, const Registry& registry,
                          const std::vector<std::string>& paths, std::istream& stdin_stream,
                          const PipelineOptions& options, std::span<ReportTarget> targets) {
  PipelineResult result;
  const std::vector<std::string> files = discover_files(paths, options.exclude, result.errors);
  // Standard input is read here, before the threads start: two readers would race.
  std::vector<std::string> stdin_texts(files.size());
  for (std::size_t i = 0; i < files.size(); ++i)
    if (files[i] == "-") stdin_texts[i] = read_stdin(stdin_stream, options.limits);

  TaskPool pool(options.jobs > 1 ? options.jobs - 1 : 0);

  // 2. Read, parse, find the objects.
  std::vector<std::optional<LoadedInput>> loaded(files.size());
  std::vector<InputError> read_errors(files.size());
  {
    TaskBatch load(files.size(), [&](std::size_t i) {
      if (auto file =
              read_input(files[i], std::move(stdin_texts[i]), options.limits, read_errors[i]))
        loaded[i] = engine.prepare(std::make_shared<const LoadedFile>(std::move(*file)));
    });
    TaskPool::Session session(pool, load);
    load.wait_all();
  }
  std::vector<LoadedInput> inputs;
  inputs.reserve(files.size());
  for (std::size_t i = 0; i < files.size(); ++i) {
    if (loaded[i])
      inputs.push_back(std::move(*loaded[i]));
    else
      result.errors.push_back(std::move(read_errors[i]));
  }
  loaded.clear();

  // 3. The index.
  LintSet set = engine.make_set();
  for (const LoadedInput& input : inputs)
    for (const K8sObject& object : input.objects) set.add(object);

  // 4 and 5. Inputs are checked in the order their files are reported, and each file is written
  // as soon as the inputs it shows findings of are checked.
  std::vector<DisplayFile> shown = display_files(inputs);
  std::vector<std::size_t> order(inputs.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return inputs[a].display_files.front() < inputs[b].display_files.front();
  });
  std::vector<std::size_t> task_of(inputs.size());
  for (std::size_t t = 0; t < order.size(); ++t) task_of[order[t]] = t;
  std::vector<std::size_t> files_left(inputs.size());
  for (std::size_t i = 0; i < inputs.size(); ++i) files_left[i] = inputs[i].display_files.size();

  std::vector<InputFindings> checked(inputs.size());
  TaskBatch check(inputs.size(), [&](std::size_t t) {
    const std::size_t i = order[t];
    checked[i] = engine.check(inputs[i], i, set);
  });
  TaskPool::Session session(pool, check);

  std::vector<std::string> input_paths;
  for (const LoadedInput& input : inputs) input_paths.push_back(input.file->source->path());
  const std::vector<std::string_view> suites = suite_order(input_paths, result.errors, inputs);
  Outputs outputs(targets);
  const RunStart start{registry, input_paths, result.errors, suites};
  outputs.each([&](ReportWriter& w) { w.begin(start); });
  outputs.flush(false);

  RunTotals& totals = result.totals;
  for (DisplayFile& file : shown) {
    std::vector<FileFindings*> parts;
    for (std::size_t i : file.inputs) {
      check.wait(task_of[i]);
      for (FileFindings& f : checked[i].files)
        if (f.file() == file.path) parts.push_back(&f);
    }
    FileResult findings;
    findings.file = file.path;
    if (!parts.empty()) findings = engine.finish_file(parts);
    add_to_totals(findings, totals);
    const FileReport report{file.path, findings.findings, file.objects};
    outputs.each([&](ReportWriter& w) { w.file(report); });
    outputs.flush(false);
    for (std::size_t i : file.inputs)
      if (--files_left[i] == 0) checked[i] = {};  // its findings are written
  }
  check.wait_all();

  totals.files = inputs.size();
  totals.objects = set.objects().size();
  totals.input_errors = result.errors.size();
  outputs.each([&](ReportWriter& w) { w.end(totals); });
  outputs.flush(false);
  outputs.each([&](ReportWriter& w) {
    while (w.next_piece()) outputs.flush(false);
  });
  outputs.flush(true);
  return result;
}

}  // namespace titanlint
