// The streaming JsonWriter writes exactly what nlohmann_json's dump(2, ' ', false, replace)
// writes: on random documents with hostile strings, and on the json and sarif reports of the
// guide and the generated corpora (parsed and dumped again by nlohmann, they are unchanged).
#include "report/json_writer.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "corpus_generator.h"
#include "tests_support.h"

namespace titanlint::testing {
namespace {

namespace fs = std::filesystem;
// ordered: the formats write their members in a documented order, and so does nlohmann's
// ordered_json when it dumps what it parsed.
using json = nlohmann::ordered_json;

std::string nlohmann_text(const json& value) {
  return value.dump(2, ' ', false, json::error_handler_t::replace);
}

void write(JsonWriter& w, const json& value) {
  switch (value.type()) {
    case json::value_t::object:
      w.begin_object();
      for (const auto& [k, v] : value.items()) {
        w.key(k);
        write(w, v);
      }
      w.end_object();
      break;
    case json::value_t::array:
      w.begin_array();
      for (const json& v : value) write(w, v);
      w.end_array();
      break;
    case json::value_t::string:
      w.value(value.get_ref<const std::string&>());
      break;
    case json::value_t::boolean:
      w.value(value.get<bool>());
      break;
    case json::value_t::number_unsigned:
      w.value(value.get<std::uint64_t>());
      break;
    case json::value_t::number_integer:
      w.value(value.get<std::int64_t>());
      break;
    case json::value_t::null:
      w.null();
      break;
    default:
      FAIL() << "the writer has no floats: the reports have none";
  }
}

std::string writer_text(const json& value) {
  std::string out;
  JsonWriter w(out);
  write(w, value);
  return out;
}

// A small deterministic PRNG (xorshift64*): the same documents on every run.
struct Random {
  std::uint64_t state;
  std::uint64_t next() {
    state ^= state >> 12;
    state ^= state << 25;
    state ^= state >> 27;
    return state * 0x2545F4914F6CDD1DULL;
  }
  std::size_t below(std::size_t n) { return static_cast<std::size_t>(next() % n); }
};

// Strings from pieces that every escaping path meets: plain text, quotes, backslashes, every
// control character, DEL, valid multi-byte UTF-8, and invalid UTF-8 (lone continuation bytes,
// truncated sequences, overlong forms, surrogates).
std::string hostile_string(Random& random) {
  static const char* const kPieces[] = {"name",
                                        " ",
                                        "\"",
                                        "\\",
                                        "/",
                                        "\x7f",
                                        "\xc3\xa9",
                                        "\xe2\x82\xac",
                                        "\xf0\x9f\x98\x80",
                                        "\x80",
                                        "\xc3",
                                        "\xe2\x82",
                                        "\xc0\xaf",
                                        "\xed\xa0\x80",
                                        "\xff",
                                        "\xfe\xff",
                                        "{}",
                                        "\n",
                                        "\r\n",
                                        "\t",
                                        "%",
                                        "<&>",
                                        "\xef\xbf\xbd"};
  std::string s;
  const std::size_t pieces = random.below(6);
  for (std::size_t i = 0; i < pieces; ++i) {
    if (random.below(5) == 0)
      s += static_cast<char>(random.below(0x20));  // a control character
    else
      s += kPieces[random.below(std::size(kPieces))];
  }
  return s;
}

json random_value(Random& random, int depth) {
  switch (depth > 4 ? random.below(4) : random.below(6)) {
    case 0:
      return hostile_string(random);
    case 1:
      return static_cast<std::int64_t>(random.next()) >> random.below(64);
    case 2:
      return random.next() >> random.below(64);
    case 3:
      return random.below(3) == 0 ? json(nullptr) : json(random.below(2) == 0);
    case 4: {
      json object = json::object();
      for (std::size_t i = random.below(5); i > 0; --i)
        object[hostile_string(random)] = random_value(random, depth + 1);
      return object;
    }
    default: {
      json array = json::array();
      for (std::size_t i = random.below(5); i > 0; --i)
        array.push_back(random_value(random, depth + 1));
      return array;
    }
  }
}

TEST(JsonWriter, WritesWhatNlohmannDumps) {
  Random random{0x6a736f6e'77726974ULL};
  for (int i = 0; i < 5000; ++i) {
    const json value = random_value(random, 0);
    ASSERT_EQ(writer_text(value), nlohmann_text(value)) << "document " << i;
  }
}

TEST(JsonWriter, EdgeValues) {
  for (const json& value :
       {json::object(), json::array(), json(""), json(std::int64_t{INT64_MIN}),
        json(std::uint64_t{UINT64_MAX}), json::parse(R"({"a": {}, "b": [], "c": [[]]})"),
        json(std::string("nul\0byte", 8))})
    EXPECT_EQ(writer_text(value), nlohmann_text(value)) << nlohmann_text(value);
}

// A value begun inside a document another writer started: its lines carry the outer indent.
TEST(JsonWriter, NestedDepth) {
  std::string out = "{\n  \"inner\": ";
  {
    JsonWriter w(out, 1);
    w.begin_object();
    w.member("k", "v");
    w.key("list");
    w.begin_array();
    w.value(1);
    w.end_array();
    w.end_object();
  }
  out += "\n}";
  EXPECT_EQ(out, nlohmann_text(json::parse(R"({"inner": {"k": "v", "list": [1]}})")));
}

// The formats' own output: parsed and dumped again it is the same text, so every byte of it is
// where nlohmann would have put it.
void expect_reports_round_trip(const std::string& args, const fs::path& cwd) {
  for (const char* format : {"json", "sarif"}) {
    CommandResult r = run_titanlint(std::string("--format ") + format + " " + args, cwd);
    ASSERT_NE(r.exit_code, 2) << r.err;
    const std::string expected = nlohmann_text(json::parse(r.out)) + "\n";
    const auto differ = std::mismatch(r.out.begin(), r.out.end(), expected.begin(), expected.end());
    EXPECT_TRUE(r.out == expected)
        << format << " " << args << ": differs at byte " << (differ.first - r.out.begin()) << ": "
        << r.out.substr(differ.first - r.out.begin(), 80);
  }
}

TEST(JsonWriter, ReportsAreWhatNlohmannWouldWrite) {
  const fs::path dir = temp_dir("json-writer");
  expect_reports_round_trip((source_dir() / "testdata" / "guide").string(), dir);
  expect_reports_round_trip((source_dir() / "testdata" / "realworld").string(), dir);
  const std::size_t documents = kSanitized ? 200 : 2000;
  bench::write_realistic_and_heavy_corpora(dir, documents);
  expect_reports_round_trip("realistic", dir);
  expect_reports_round_trip("heavy", dir);
  // Invalid UTF-8 and control characters in a message and a path.
  write_file(dir / "odd\x01name.yaml",
             std::string("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: \"a\\u0007\"}\n"
                         "data: {\"k\xff\": 1, \"k\xff\": 2}\n"));
  expect_reports_round_trip("'odd\x01name.yaml'", dir);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace titanlint::testing
