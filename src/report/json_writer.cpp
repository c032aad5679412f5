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

// What each byte needs: 0 written as it is, 1 escaped here, 2 not ASCII.
struct ByteClasses {
  unsigned char of[256];
  constexpr ByteClasses() : of() {
    for (int c = 0; c < 256; ++c) of[c] = c < 0x20 || c == '"' || c == '\\' ? 1 : c >= 0x80 ? 2 : 0;
  }
};
constexpr ByteClasses kBytes;

// ASCII text, escaped here exactly as nlohmann escapes it (with ensure_ascii off, `"` and `\`
// and the C0 controls are escaped, with the short forms where JSON has them and lowercase \u00xx
// otherwise; DEL is written as it is). False, with `out` as it was, when the text has a byte
// above 0x7F: nlohmann then checks the UTF-8 and replaces invalid sequences.
bool append_escaped_ascii(std::string& out, std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  const std::size_t old_size = out.size();
  out += '"';
  std::size_t plain = 0;  // start of the run of bytes written as they are
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    const unsigned char kind = kBytes.of[c];
    if (kind == 0) continue;
    if (kind == 2) {
      out.resize(old_size);
      return false;
    }
    out.append(text.data() + plain, i - plain);
    plain = i + 1;
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        out += "\\u00";
        out += kHex[c >> 4];
        out += kHex[c & 0xF];
    }
  }
  out.append(text.data() + plain, text.size() - plain);
  out += '"';
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
  if (level.count++) out_ += ',';
  out_ += '\n';
  indent(base_depth_ + stack_.size());
}

void JsonWriter::string(std::string_view text) {
  if (append_escaped_ascii(out_, text)) return;
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
  if (level.count++) out_ += ',';
  out_ += '\n';
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
