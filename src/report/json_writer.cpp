#include "report/json_writer.h"

#include <charconv>

#include <nlohmann/json.hpp>

namespace titanlint {

// nlohmann's serializer, writing into the writer's output: it escapes every string that is not
// plain printable ASCII, and replaces invalid UTF-8 with U+FFFD as dump(..., replace) does.
struct JsonWriter::Escaper {
  explicit Escaper(std::string& out)
      : serializer(nlohmann::detail::output_adapter<char>(out), ' ',
                   nlohmann::json::error_handler_t::replace) {}
  void write(std::string_view text) {
    scratch.get_ref<std::string&>().assign(text);
    serializer.dump(scratch, false, false, 0);
  }
  nlohmann::json scratch = std::string();
  nlohmann::detail::serializer<nlohmann::json> serializer;
};

namespace {

// Bytes nlohmann writes as they are (with ensure_ascii off): printable ASCII but `"` and `\`.
bool verbatim(std::string_view text) {
  for (char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (c < 0x20 || c > 0x7E || c == '"' || c == '\\') return false;
  }
  return true;
}

}  // namespace

JsonWriter::JsonWriter(std::string& out, unsigned depth) : out_(out), base_depth_(depth) {}

JsonWriter::~JsonWriter() = default;

void JsonWriter::indent(std::size_t level) {
  out_.append(2 * level, ' ');
}

void JsonWriter::before_value() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (stack_.empty()) return;
  Level& level = stack_.back();
  out_ += level.count++ ? ",\n" : "\n";
  indent(base_depth_ + stack_.size());
}

void JsonWriter::string(std::string_view text) {
  if (verbatim(text)) {
    out_ += '"';
    out_ += text;
    out_ += '"';
    return;
  }
  if (!escaper_) escaper_ = std::make_unique<Escaper>(out_);
  escaper_->write(text);
}

void JsonWriter::begin_object() {
  before_value();
  out_ += '{';
  stack_.push_back({true, 0});
}

void JsonWriter::begin_array() {
  before_value();
  out_ += '[';
  stack_.push_back({false, 0});
}

void JsonWriter::end_object() {
  const Level level = stack_.back();
  stack_.pop_back();
  if (level.count) {
    out_ += '\n';
    indent(base_depth_ + stack_.size());
  }
  out_ += '}';
}

void JsonWriter::end_array() {
  const Level level = stack_.back();
  stack_.pop_back();
  if (level.count) {
    out_ += '\n';
    indent(base_depth_ + stack_.size());
  }
  out_ += ']';
}

JsonWriter& JsonWriter::key(std::string_view name) {
  Level& level = stack_.back();
  out_ += level.count++ ? ",\n" : "\n";
  indent(base_depth_ + stack_.size());
  string(name);
  out_ += ": ";
  after_key_ = true;
  return *this;
}

void JsonWriter::value(std::string_view text) {
  before_value();
  string(text);
}

void JsonWriter::value(std::int64_t number) {
  before_value();
  char digits[24];
  auto [end, ec] = std::to_chars(digits, digits + sizeof digits, number);
  out_.append(digits, end);
}

void JsonWriter::value(std::uint64_t number) {
  before_value();
  char digits[24];
  auto [end, ec] = std::to_chars(digits, digits + sizeof digits, number);
  out_.append(digits, end);
}

void JsonWriter::value(bool flag) {
  before_value();
  out_ += flag ? "true" : "false";
}

void JsonWriter::null() {
  before_value();
  out_ += "null";
}

}  // namespace titanlint
