// A streaming JSON writer for the json and sarif formats: it writes exactly what nlohmann_json's
// `dump(2, ' ', false, error_handler_t::replace)` writes for the same document (a test checks it
// byte for byte against nlohmann on the guide, both generated corpora and hostile strings), one
// value at a time, so a report is never held as a document.
//
// Why not a nlohmann object per finding: nlohmann's serializer runs at about 2.6 ns a byte here,
// 1.9 us for one json finding and more for a sarif result, over the 2 us budget for a printed
// finding (bench/run-process-bench.sh). A string with any byte above 0x7F is still escaped by
// nlohmann's serializer (UTF-8 checked, invalid sequences replaced); ASCII strings are escaped
// here by nlohmann's rules, which the test compares byte for byte.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace titanlint {

class JsonWriter {
 public:
  // Appends to `out`; `depth` is the indentation level the first value starts at (a value
  // written inside a document that another writer began).
  explicit JsonWriter(std::string& out, unsigned depth = 0);
  ~JsonWriter();
  JsonWriter(const JsonWriter&) = delete;
  JsonWriter& operator=(const JsonWriter&) = delete;

  void begin_object();
  void end_object();
  void begin_array();
  void end_array();
  // The next member's key (inside an object); the value follows.
  JsonWriter& key(std::string_view name);

  void value(std::string_view text);
  void value(const char* text) { value(std::string_view(text)); }
  void value(std::int64_t number);
  void value(std::uint64_t number);
  void value(int number) { value(static_cast<std::int64_t>(number)); }
  void value(unsigned number) { value(static_cast<std::uint64_t>(number)); }
  void value(bool flag);
  void null();

  // A member: key(name) then value(v).
  template <typename T>
  void member(std::string_view name, const T& v) {
    key(name);
    value(v);
  }

 private:
  struct Level {
    bool object;
    std::size_t count;
  };
  void before_value();
  void indent(std::size_t level);
  void string(std::string_view text);

  std::string& out_;
  unsigned base_depth_;
  std::vector<Level> stack_;
  bool after_key_ = false;
  struct Escaper;
  std::unique_ptr<Escaper> escaper_;  // nlohmann's serializer, made on the first hard string
};

}  // namespace titanlint
