// reparse_changed_documents against a load of the whole new text: when it answers, its trees
// must be the ones a full load gives (kinds, types, styles, texts, lines, columns, parents and
// document lines), and it must decline whatever it cannot do exactly.
#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "fix/fix.h"
#include "fix/reparse.h"
#include "inputs.h"
#include "tests_support.h"

namespace titanlint::testing {
namespace {

// Whether two children have corresponding parents: the node they sit in or, for a node shared
// through an alias or a merge key, a parent at the same position.
bool same_parent(const Node& x, const Node* in_a, const Node& y, const Node* in_b) {
  if ((x.parent == in_a) != (y.parent == in_b)) return false;
  if (x.parent == in_a) return true;
  return x.parent && y.parent && x.parent->line == y.parent->line &&
         x.parent->column == y.parent->column;
}

// The first difference between two trees, as "where: what", or empty when they are the same.
std::string tree_difference(const Node& a, const Node& b, const std::string& where) {
  const auto at = [&](const std::string& what) {
    return where + " (line " + std::to_string(a.line) + " vs " + std::to_string(b.line) +
           "): " + what;
  };
  if (a.kind != b.kind) return at("kind");
  if (a.type != b.type) return at("type");
  if (a.style != b.style) return at("style");
  if (a.line != b.line || a.column != b.column) return at("position");
  if (a.text() != b.text()) return at("text '" + std::string(a.text()) + "'");
  if ((a.parent == nullptr) != (b.parent == nullptr)) return at("parent");
  if (a.entries().size() != b.entries().size()) return at("entry count");
  if (a.items().size() != b.items().size()) return at("item count");
  for (std::size_t i = 0; i < a.entries().size(); ++i) {
    const MapEntry& x = a.entries()[i];
    const MapEntry& y = b.entries()[i];
    if (!same_parent(*x.key, &a, *y.key, &b)) return at("a key's parent");
    if (!same_parent(*x.value, &a, *y.value, &b)) return at("a value's parent");
    const std::string key = where + "." + std::string(x.key->text());
    if (std::string d = tree_difference(*x.key, *y.key, key + "<key>"); !d.empty()) return d;
    if (std::string d = tree_difference(*x.value, *y.value, key); !d.empty()) return d;
  }
  for (std::size_t i = 0; i < a.items().size(); ++i) {
    if (!same_parent(*a.items()[i], &a, *b.items()[i], &b)) return at("an item's parent");
    const std::string item = where + "[" + std::to_string(i) + "]";
    if (std::string d = tree_difference(*a.items()[i], *b.items()[i], item); !d.empty()) return d;
  }
  return "";
}

std::string file_difference(const LoadedFile& got, const LoadedFile& want) {
  if (got.diagnostics.size() != want.diagnostics.size()) return "diagnostic count";
  for (std::size_t i = 0; i < got.diagnostics.size(); ++i) {
    const LoadDiagnostic& a = got.diagnostics[i];
    const LoadDiagnostic& b = want.diagnostics[i];
    if (a.problem != b.problem || a.position.line != b.position.line ||
        a.position.column != b.position.column || a.message != b.message)
      return "diagnostic " + std::to_string(i) + ": " + a.message + " vs " + b.message;
  }
  if (got.source->text() != want.source->text()) return "source text";
  if (got.documents.size() != want.documents.size()) return "document count";
  for (std::size_t k = 0; k < got.documents.size(); ++k) {
    const Document& a = got.documents[k];
    const Document& b = want.documents[k];
    const std::string where = "document " + std::to_string(k);
    if (a.index != b.index || a.line != b.line) return where + ": index or line";
    if (std::string d = tree_difference(*a.root, *b.root, where); !d.empty()) return d;
  }
  if (got.alias_targets.size() != want.alias_targets.size()) return "alias target count";
  return "";
}

struct Outcome {
  bool reparsed = false;
  std::string difference;  // empty when the result equals the full load (or was declined)
};

// Applies `edits` (order_edits' order) to `text`, reparses, and compares with a full load.
Outcome reparse_and_compare(const std::string& path, const std::string& text,
                            std::vector<TextEdit> edits) {
  LoadedFile before = load_text(path, text, {});
  order_edits(edits);
  std::string after = apply_edits(text, edits);
  std::optional<LoadedFile> got = reparse_changed_documents(before, after, edits, {});
  if (!got) {
    EXPECT_EQ(file_difference(before, load_text(path, text, {})), "")
        << "a declined reparse leaves `before` as it was";
    return {};
  }
  LoadedFile want = load_text(path, after, {});
  return {true, file_difference(*got, want)};
}

// The reparse answers, and with what a full load of the new text gives.
void expect_reparsed_like_a_full_load(const std::string& text, std::vector<TextEdit> edits) {
  const Outcome o = reparse_and_compare("t.yaml", text, std::move(edits));
  EXPECT_TRUE(o.reparsed);
  EXPECT_EQ(o.difference, "");
}

const std::string kThreeDocuments =
    "# a stream of three\n"
    "apiVersion: v1\n"
    "kind: ConfigMap\n"
    "metadata: {name: a}\n"
    "---\n"
    "apiVersion: apps/v1\n"
    "kind: Deployment\n"
    "metadata:\n"
    "  name: b  # trailing\n"
    "spec:\n"
    "  template:\n"
    "    spec:\n"
    "      containers:\n"
    "        - name: app\n"
    "          image: x\n"
    "---\n"
    "apiVersion: v1\n"
    "kind: Service\n"
    "metadata:\n"
    "  name: \"c\"\n";

std::size_t offset_of(const std::string& text, const std::string& needle) {
  const std::size_t at = text.find(needle);
  EXPECT_NE(at, std::string::npos) << needle;
  return at;
}

TEST(FixReparse, AnEditInTheMiddleDocumentMovesTheDocumentsAfterIt) {
  const std::size_t at = offset_of(kThreeDocuments, "          image: x\n") + 19;
  expect_reparsed_like_a_full_load(kThreeDocuments,
                                   {{at, 0, "          lifecycle:\n            preStop: {}\n"}});
}

TEST(FixReparse, EditsInTheFirstAndLastDocumentsThatRemoveAndAddLines) {
  const std::size_t first = offset_of(kThreeDocuments, "metadata: {name: a}\n");
  const std::size_t last = offset_of(kThreeDocuments, "  name: \"c\"\n");
  expect_reparsed_like_a_full_load(
      kThreeDocuments,
      {{first, 20, "metadata:\n  name: a\n  labels: {x: y}\n"}, {last, 12, "  name: cc\n"}});
}

TEST(FixReparse, TextInsertedWhereADocumentStartsBelongsToTheOneBefore) {
  const std::size_t at = offset_of(kThreeDocuments, "---\napiVersion: v1\nkind: Service");
  expect_reparsed_like_a_full_load(kThreeDocuments, {{at, 0, "      volumes: []\n"}});
}

TEST(FixReparse, DeclinesAnEditAcrossADocumentStart) {
  const std::size_t at = offset_of(kThreeDocuments, "          image: x\n");
  LoadedFile before = load_text("t.yaml", kThreeDocuments, {});
  std::vector<TextEdit> edits = {{at, 25, "          image: y\n"}};
  std::string after = apply_edits(kThreeDocuments, edits);
  EXPECT_FALSE(reparse_changed_documents(before, after, edits, {}));
  EXPECT_EQ(before.documents.size(), 3u);
}

TEST(FixReparse, DeclinesAnInsertionThatJoinsALineToTheNextDocument) {
  const std::size_t at = offset_of(kThreeDocuments, "---\napiVersion: v1\nkind: Service");
  EXPECT_FALSE(reparse_and_compare("t.yaml", kThreeDocuments, {{at, 0, "  x: 1"}}).reparsed);
}

TEST(FixReparse, DeclinesAnEditThatSplitsADocumentInTwo) {
  const std::size_t at = offset_of(kThreeDocuments, "spec:\n  template:");
  EXPECT_FALSE(
      reparse_and_compare("t.yaml", kThreeDocuments, {{at, 0, "---\nkind: Extra\n"}}).reparsed);
}

TEST(FixReparse, DeclinesAnEditThatBreaksTheDocument) {
  const std::size_t at = offset_of(kThreeDocuments, "kind: Deployment");
  EXPECT_FALSE(reparse_and_compare("t.yaml", kThreeDocuments, {{at, 0, "[unclosed\n"}}).reparsed);
}

TEST(FixReparse, ADuplicateKeyAnEditAddsIsReportedAsAFullLoadReportsIt) {
  const std::size_t at = offset_of(kThreeDocuments, "kind: Deployment");
  expect_reparsed_like_a_full_load(kThreeDocuments, {{at, 0, "kind: Twice\n"}});
}

TEST(FixReparse, DeclinesStreamsItCannotCutIntoDocuments) {
  const std::vector<std::string> streams = {
      "%YAML 1.1\n---\na: 1\n---\nb: 2\n",                    // a directive
      "a: [1\n---\nb: 2\n",                                   // a syntax error
      "# Source: chart/templates/a.yaml\na: 1\n---\nb: 2\n",  // helm output
      "a: 1\n...\nb: 2\n",                                    // a document without `---`
  };
  for (const std::string& s : streams) {
    const std::size_t at = s.rfind("b: 2");
    ASSERT_NE(at, std::string::npos);
    EXPECT_FALSE(reparse_and_compare("t.yaml", s, {{at + 3, 1, "3"}}).reparsed) << s;
  }
  EXPECT_FALSE(reparse_and_compare("t.json", "{\"a\": 1}\n", {{6, 1, "2"}}).reparsed);
}

TEST(FixReparse, ADocumentThatMovesWithADuplicateKeyOrAnAliasIsParsedAgain) {
  // The duplicate key's message names the line of the first one, and alias targets are shared
  // nodes: both documents move when the first grows by a line.
  const std::string text =
      "a: 1\n---\nkind: X\nkind: Y\n---\nbase: &b {x: 1}\none: *b\nmerged: {<<: *b, y: 2}\n";
  expect_reparsed_like_a_full_load(text, {{5, 0, "c: 2\n"}});
  // Unmoved, they are carried over as they are.
  expect_reparsed_like_a_full_load(text, {{3, 1, "22"}});
}

// Every line of every multi-document YAML fixture, edited in one of the ways a fix edits (a line
// added, a line removed, text added at a line's end, a blank line, two documents at once): whenever
// the reparse answers, it answers what a full load does.
TEST(FixReparse, AgreesWithAFullLoadOnEveryLineOfTheFixtures) {
  std::size_t reparsed = 0, declined = 0, files = 0;
  for (const char* dir : {"testdata/fix", "testdata/rules", "testdata/guide"}) {
    for (const auto& entry : std::filesystem::recursive_directory_iterator(source_dir() / dir)) {
      if (entry.path().extension() != ".yaml") continue;
      const std::string text = read_file(entry.path());
      const LoadedFile original = load_text(entry.path().string(), text, {});
      if (original.documents.size() < 2) continue;
      ++files;
      std::vector<std::size_t> line_starts = {0};
      for (std::size_t i = 0; i < text.size(); ++i)
        if (text[i] == '\n' && i + 1 < text.size()) line_starts.push_back(i + 1);
      // Under a sanitizer every third line (the whole set costs 20 s there).
      const std::size_t stride = kSanitized ? 3 : 1;
      for (std::size_t li = 0; li < line_starts.size(); li += stride) {
        const std::size_t start = line_starts[li];
        const std::size_t end = li + 1 < line_starts.size() ? line_starts[li + 1] : text.size();
        const std::size_t eol = text[end - 1] == '\n' ? end - 1 : end;
        const std::size_t other = line_starts[(li * 7 + 3) % line_starts.size()];
        const std::vector<std::vector<TextEdit>> cases = {
            {{start, 0, "# added\n"}},    {{start, 0, "\n"}},
            {{start, end - start, ""}},   {{eol, 0, " # tail"}},
            {{start, 0, "x-added: 1\n"}}, {{start, 0, "# one\n"}, {other, 0, "# two\n"}},
        };
        // One edit kind per line, in turn (every kind meets every file; all of them on every
        // line cost 26 s here, too much for the sanitizer suites).
        for (const std::vector<TextEdit>& edits : {cases[(li + files) % cases.size()]}) {
          if (edits.size() == 2 && edits[0].offset == edits[1].offset) continue;
          Outcome o = reparse_and_compare(entry.path().string(), text, edits);
          (o.reparsed ? reparsed : declined)++;
          ASSERT_EQ(o.difference, "") << entry.path() << " line " << li + 1 << ", edit at "
                                      << edits[0].offset << ": '" << edits[0].text << "'";
        }
      }
    }
  }
  RecordProperty("reparsed", std::to_string(reparsed));
  RecordProperty("declined", std::to_string(declined));
  // The reparse must be the common path, or this test proves nothing.
  EXPECT_GT(files, 20u);
  EXPECT_GT(reparsed, declined) << reparsed << " reparsed, " << declined << " declined";
}

}  // namespace
}  // namespace titanlint::testing
