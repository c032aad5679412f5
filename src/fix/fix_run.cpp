#include "fix/fix_run.h"

#include <algorithm>
#include <map>
#include <memory>
#include <optional>

#include <fmt/format.h>

#include "fix/reparse.h"
#include "inputs.h"
#include "task_pool.h"

namespace titanlint {
namespace {

// Problems that make a file unusable: a fix must never add one.
std::size_t load_problems(const LoadedFile& file) {
  return static_cast<std::size_t>(
      std::count_if(file.diagnostics.begin(), file.diagnostics.end(), [](const LoadDiagnostic& d) {
        return d.problem == LoadProblem::Syntax || d.problem == LoadProblem::DuplicateKey;
      }));
}

bool is_helm_stream(const LoadedFile& file) {
  return std::any_of(file.documents.begin(), file.documents.end(),
                     [](const Document& d) { return !d.helm_source.empty(); });
}

// Documents first..last of a file, by index.
struct DocumentSpan {
  std::size_t first = 0;
  std::size_t last = 0;
};

// The fixes a pass accepted, by input, before they are applied.
struct PassEdits {
  std::vector<TextEdit> edits;
  std::vector<AppliedFix> applied;  // fixes of findings in this input (edits may be elsewhere)
  std::vector<std::string> masked;
  // The codes of the fixes that edit this input, with the documents each edit touches.
  std::vector<std::pair<std::string_view, DocumentSpan>> fixed_by;
};

// The documents of `file` an edit touches, first and last: text inserted where a document
// starts may end the one before, so it counts for both.
DocumentSpan documents_touched(const LoadedFile& file, const TextEdit& edit) {
  const auto& docs = file.documents;
  const auto starting_after = [&](std::size_t offset) {
    return static_cast<std::size_t>(std::upper_bound(docs.begin(), docs.end(), offset,
                                                     [&](std::size_t at, const Document& d) {
                                                       return at < file.source->line_start(d.line);
                                                     }) -
                                    docs.begin());
  };
  const std::size_t first = starting_after(edit.offset > 0 ? edit.offset - 1 : 0);
  const std::size_t last = starting_after(edit.end());
  return {first > 0 ? first - 1 : 0, last > 0 ? last - 1 : 0};
}

// Whether a fix of one of `codes` edits, in this pass, a document that `edits` also touch: a
// fix that depends on those rules' (TL203 on TL201's sleep) waits for the next pass there, and
// only there.
bool changed_by_any(const PassEdits& p, const std::vector<std::string>& codes,
                    const LoadedFile& file, const std::vector<TextEdit>& edits) {
  for (const auto& [code, span] : p.fixed_by) {
    if (std::find(codes.begin(), codes.end(), code) == codes.end()) continue;
    for (const TextEdit& e : edits) {
      const DocumentSpan touched = documents_touched(file, e);
      if (touched.first <= span.last && span.first <= touched.last) return true;
    }
  }
  return false;
}

// Whether `edits` can join the edits accepted for a file whose text is `text`.
bool fits(const std::vector<TextEdit>& accepted, const std::vector<TextEdit>& edits,
          std::string_view text) {
  for (const TextEdit& e : edits)
    for (const TextEdit& a : accepted)
      if (edits_overlap(a, e) && !edits_combine(a, e, text)) return false;
  return true;
}

// Adds the edits that are not there already (two findings may ask for one change).
void accept(std::vector<TextEdit>& accepted, const std::vector<TextEdit>& edits) {
  for (const TextEdit& e : edits)
    if (std::none_of(accepted.begin(), accepted.end(),
                     [&](const TextEdit& a) { return same_edit(a, e); }))
      accepted.push_back(e);
}

// Adds a secret's lines to `masked`: the diff masks within lines, so a multi-line value (a
// block scalar key) is masked one line at a time.
void mask_lines(std::vector<std::string>& masked, std::string_view value) {
  for (std::size_t start = 0; start < value.size();) {
    std::size_t end = std::min(value.find('\n', start), value.size());
    std::string_view line = value.substr(start, end - start);
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.remove_suffix(1);
    while (!line.empty() && line.front() == ' ') line.remove_prefix(1);
    if (!line.empty() && std::find(masked.begin(), masked.end(), line) == masked.end())
      masked.emplace_back(line);
    start = end + 1;
  }
}

// Runs task(i) for every i on the pool, the caller included.
void for_each_input(TaskPool& pool, std::size_t count,
                    const std::function<void(std::size_t)>& task) {
  TaskBatch batch(count, task);
  TaskPool::Session session(pool, batch);
  batch.wait_all();
}

}  // namespace

std::vector<std::string> fixing_rules(const Engine& engine, const Registry& registry) {
  std::vector<std::string> codes;
  for (const RuleDefinition& r : registry.rules())
    if (r.meta.offers_fix && engine.enabled(r.meta.code)) codes.push_back(r.meta.code);
  return codes;
}

std::vector<FixOutcome> fix_texts(const Engine& engine, const Engine* later_passes,
                                  std::vector<FixInput> inputs, const LoadLimits& limits,
                                  unsigned jobs, unsigned max_passes) {
  const std::size_t n = inputs.size();
  TaskPool pool(jobs > 1 ? jobs - 1 : 0);
  std::vector<FixOutcome> out(n);
  // Each input's tree, which a later pass re-parses in part (reparse.h), and its objects.
  std::vector<std::shared_ptr<LoadedFile>> trees(n);
  std::vector<LoadedInput> loaded(n);
  std::vector<std::size_t> baseline(n);
  std::vector<bool> frozen(n, false);  // never edited (helm streams, a broken result)
  for_each_input(pool, n, [&](std::size_t i) {
    out[i].path = std::move(inputs[i].path);
    out[i].original = std::move(inputs[i].text);
    out[i].fixed = out[i].original;
    trees[i] = std::make_shared<LoadedFile>(load_text(out[i].path, out[i].fixed, limits));
    loaded[i] = engine.prepare(trees[i]);
    baseline[i] = load_problems(*loaded[i].file);
  });
  for (std::size_t i = 0; i < n; ++i) {
    if (!is_helm_stream(*loaded[i].file)) continue;
    frozen[i] = true;
    out[i].notes.push_back(
        "helm template output (`# Source:` comments): not fixed, since the rendered stream is "
        "not the chart; fix the templates, then render again");
  }

  std::vector<bool> check(n, true);
  for (unsigned pass = 0; pass < max_passes; ++pass) {
    const Engine& checker = pass == 0 || !later_passes ? engine : *later_passes;
    LintSet set = engine.make_set();
    std::map<const SourceFile*, std::size_t> input_of;
    for (std::size_t i = 0; i < n; ++i) {
      input_of[loaded[i].file->source.get()] = i;
      for (const K8sObject& object : loaded[i].objects) set.add(object);
    }

    // Lint the inputs of this pass, on every thread.
    std::vector<std::optional<InputFindings>> findings(n);
    for_each_input(pool, n, [&](std::size_t i) {
      if (check[i]) findings[i] = checker.check(loaded[i], i, set);
    });

    // Take the fixes that fit, input by input (the order of the report).
    std::vector<PassEdits> accepted(n);
    std::vector<std::size_t> skipped(n, 0);
    for (std::size_t i = 0; i < n; ++i) {
      if (!findings[i]) continue;
      // Fixes are taken in code order: a rule's fix may change what a later rule computes
      // (TL201's preStop sleep lengthens the grace period TL203 writes), and a fix that
      // overlaps one already taken waits for the next pass, which sees the first one applied.
      std::vector<Finding> candidates;
      for (FileFindings& file : findings[i]->files)
        for (Finding& f : file.take_sorted()) candidates.push_back(std::move(f));
      std::stable_sort(candidates.begin(), candidates.end(),
                       [](const Finding& a, const Finding& b) { return a.code < b.code; });
      std::size_t unfixed = 0;
      for (const Finding& f : candidates) {
        if (f.suppressed()) continue;
        // A secret a sensitive rule reports stays masked in the diff even when it is not
        // fixed: it may be a context line of another fix's hunk.
        if (f.sensitive && f.node && f.node->is_scalar() && input_of.count(f.source) > 0)
          mask_lines(out[input_of[f.source]].masked, f.node->text());
        if (!f.fix) {
          ++unfixed;
          continue;
        }
        // Every file the fix edits must be editable, free where it edits, and not changed in
        // this pass by a rule whose fix this one's depends on.
        const RuleDefinition* rule = checker.definition(f.code);
        bool ok = true;
        for (const FileEdits& edits : f.fix->files) {
          auto it = input_of.find(edits.source);
          ok = ok && it != input_of.end() && !frozen[it->second] &&
               fits(accepted[it->second].edits, edits.edits, out[it->second].fixed) &&
               (!rule || !changed_by_any(accepted[it->second], rule->meta.fix_after,
                                         *loaded[it->second].file, edits.edits));
        }
        if (!ok) {
          ++skipped[i];
          continue;
        }
        for (const FileEdits& edits : f.fix->files) {
          PassEdits& p = accepted[input_of[edits.source]];
          accept(p.edits, edits.edits);
          for (const TextEdit& e : edits.edits)
            p.fixed_by.emplace_back(f.code,
                                    documents_touched(*loaded[input_of[edits.source]].file, e));
          if (f.fix->sensitive)
            p.masked.insert(p.masked.end(), f.fix->replaced.begin(), f.fix->replaced.end());
        }
        accepted[i].applied.push_back({f.code, f.position, f.fix->description});
      }
      // In later passes only the rules with fixes run: the count of the first pass stands.
      if (&checker == &engine) out[i].unfixed = unfixed;
    }
    findings.clear();

    // Apply, and load the result again (only the documents the edits changed, when that can be
    // done exactly): a pass whose result would not parse is dropped.
    std::vector<std::shared_ptr<LoadedFile>> reloaded(n);
    std::vector<std::string> texts(n);
    for_each_input(pool, n, [&](std::size_t i) {
      PassEdits& p = accepted[i];
      if (p.edits.empty()) return;
      order_edits(p.edits);
      texts[i] = apply_edits(out[i].fixed, p.edits);
      if (auto part = reparse_changed_documents(*trees[i], texts[i], p.edits, limits))
        reloaded[i] = std::make_shared<LoadedFile>(std::move(*part));
      else
        reloaded[i] = std::make_shared<LoadedFile>(load_text(out[i].path, texts[i], limits));
    });
    std::fill(check.begin(), check.end(), false);
    bool any = false;
    std::vector<bool> broke(n, false);
    for (std::size_t i = 0; i < n; ++i) {
      PassEdits& p = accepted[i];
      if (p.edits.empty()) {
        if (skipped[i] > 0 && p.applied.empty() && pass + 1 == max_passes)
          out[i].notes.push_back(fmt::format(
              "{} fixes overlap others and were left after {} passes", skipped[i], max_passes));
        continue;
      }
      if (load_problems(*reloaded[i]) > baseline[i]) {
        frozen[i] = broke[i] = true;
        out[i].notes.push_back(
            "the fixes would leave YAML that does not parse, so none of this pass was applied "
            "(please report this as a titanlint bug, with the file)");
        continue;
      }
      out[i].fixed = std::move(texts[i]);
      trees[i] = std::move(reloaded[i]);
      loaded[i] = engine.prepare(trees[i]);
      for (std::string& m : p.masked) out[i].masked.push_back(std::move(m));
      check[i] = true;
      any = true;
    }
    // The fixes are listed with the finding's file, which a cross-resource fix may not edit
    // (TL904 edits the Service); that file is linted again too.
    for (std::size_t i = 0; i < n; ++i) {
      if (broke[i] || accepted[i].applied.empty()) continue;
      for (AppliedFix& a : accepted[i].applied) out[i].applied.push_back(std::move(a));
      check[i] = true;
    }
    if (!any) break;
  }
  return out;
}

}  // namespace titanlint
