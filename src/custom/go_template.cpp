#include "custom/go_template.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <optional>

#include <fmt/format.h>

namespace titanlint::custom {

// ---- values -------------------------------------------------------------------------------

namespace {

// A template value: a node of the object (or the synthetic root and `.Polaris` maps), a literal,
// or Missing (Go's invalid value: a key that is not there, printed "<no value>").
struct Value {
  enum class Kind : std::uint8_t { Missing, Null, Bool, Number, String, Tree, Root, Polaris };
  Kind kind = Kind::Missing;
  const Node* node = nullptr;  // Tree
  bool boolean = false;
  double number = 0;
  std::string text;  // String; Number: how it prints

  static Value of(const Node* n) {
    Value v;
    if (!n) return v;
    if (!n->is_scalar()) {
      v.kind = Kind::Tree;
      v.node = n;
      return v;
    }
    switch (n->type) {
      case ScalarType::Null:
        v.kind = Kind::Null;
        break;
      case ScalarType::Bool:
        v.kind = Kind::Bool;
        v.boolean = n->as_bool().value_or(false);
        break;
      case ScalarType::Int:
      case ScalarType::Float:
        if (auto d = n->as_number()) {
          v.kind = Kind::Number;
          v.number = *d;
          v.text = std::string(n->text());
        } else {
          v.kind = Kind::String;
          v.text = std::string(n->text());
        }
        break;
      case ScalarType::String:
        v.kind = Kind::String;
        v.text = std::string(n->text());
        break;
    }
    return v;
  }
  static Value str(std::string s) {
    Value v;
    v.kind = Kind::String;
    v.text = std::move(s);
    return v;
  }
  static Value boolean_of(bool b) {
    Value v;
    v.kind = Kind::Bool;
    v.boolean = b;
    return v;
  }
};

bool truth(const Value& v) {
  switch (v.kind) {
    case Value::Kind::Missing:
    case Value::Kind::Null:
      return false;
    case Value::Kind::Bool:
      return v.boolean;
    case Value::Kind::Number:
      return v.number != 0;
    case Value::Kind::String:
      return !v.text.empty();
    case Value::Kind::Tree:
      return v.node->is_mapping() ? !v.node->entries().empty() : !v.node->items().empty();
    case Value::Kind::Root:
    case Value::Kind::Polaris:
      return true;
  }
  return false;
}

std::string format_number(double d) {
  if (std::floor(d) == d && std::fabs(d) < 1e21)
    return fmt::format("{}", static_cast<long long>(d));
  return fmt::format("{}", d);
}

std::string printed(const Value& v) {
  switch (v.kind) {
    case Value::Kind::Missing:
      return "<no value>";
    case Value::Kind::Null:
      return "<nil>";
    case Value::Kind::Bool:
      return v.boolean ? "true" : "false";
    case Value::Kind::Number:
      return v.text.empty() ? format_number(v.number) : v.text;
    case Value::Kind::String:
      return v.text;
    case Value::Kind::Tree:
      return v.node->is_mapping() ? "map[...]" : "[...]";
    case Value::Kind::Root:
    case Value::Kind::Polaris:
      return "map[...]";
  }
  return {};
}

// ---- syntax tree --------------------------------------------------------------------------

struct Expr {
  enum class Kind : std::uint8_t { Dot, Field, Variable, String, Number, Bool, Nil, Call };
  Kind kind = Kind::Dot;
  std::string name;                 // Variable ("$x", "$" for the root), Call (function)
  std::vector<std::string> fields;  // Field chain after the base (Dot, Variable, Call: parens)
  std::unique_ptr<Expr> base;       // a parenthesised base of a field chain; null otherwise
  std::vector<std::unique_ptr<Expr>> args;
  Value literal;
  std::size_t offset = 0;
};

struct Item {
  enum class Kind : std::uint8_t { Text, Output, If, Range, Declare, Assign };
  Kind kind = Kind::Text;
  std::string text;                   // Text
  std::unique_ptr<Expr> expr;         // Output, If, Range, Declare, Assign
  std::string var1, var2;             // Declare/Assign: var1; Range: key, value
  std::vector<Item> body, else_body;  // If, Range
};

}  // namespace

struct TemplateAst {
  std::vector<Item> items;
  bool is_static = true;
};

namespace {

// ---- lexing the template into text and actions --------------------------------------------

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

struct Action {
  std::string_view body;  // between the delimiters and trim markers, trimmed
  std::size_t offset;     // of the body in the template
};

struct Piece {
  bool is_action;
  std::string text;  // text piece (after trimming)
  Action action;
};

std::vector<Piece> split(std::string_view t) {
  std::vector<Piece> out;
  std::size_t pos = 0;
  bool trim_next = false;
  while (pos <= t.size()) {
    std::size_t open = t.find("{{", pos);
    std::string text(t.substr(pos, open == std::string_view::npos ? t.size() - pos : open - pos));
    if (trim_next) {
      std::size_t i = 0;
      while (i < text.size() && is_space(text[i])) ++i;
      text.erase(0, i);
    }
    if (open == std::string_view::npos) {
      if (!text.empty()) out.push_back({false, std::move(text), {}});
      break;
    }
    std::size_t start = open + 2;
    bool trim_before = start + 1 < t.size() && t[start] == '-' && is_space(t[start + 1]);
    if (trim_before) {
      while (!text.empty() && is_space(text.back())) text.pop_back();
      start += 1;
    }
    if (!text.empty()) out.push_back({false, std::move(text), {}});
    // Find the closing delimiter, skipping string literals (a "}}" may be inside one).
    std::size_t i = start;
    std::size_t close = std::string_view::npos;
    bool comment = false;
    {
      std::size_t j = start;
      while (j < t.size() && is_space(t[j])) ++j;
      comment = t.substr(j).starts_with("/*");
      if (comment) {
        std::size_t end = t.find("*/", j + 2);
        if (end == std::string_view::npos) throw TemplateSyntaxError(open, "unclosed comment");
        i = end + 2;
      }
    }
    while (i < t.size()) {
      char c = t[i];
      if (c == '"' || c == '`') {
        std::size_t j = i + 1;
        while (j < t.size() && t[j] != c) {
          if (c == '"' && t[j] == '\\') ++j;
          if (t[j] == '\n' && c == '"') break;
          ++j;
        }
        if (j >= t.size() || t[j] != c) throw TemplateSyntaxError(i, "unterminated quoted string");
        i = j + 1;
        continue;
      }
      if (c == '}' && i + 1 < t.size() && t[i + 1] == '}') {
        close = i;
        break;
      }
      ++i;
    }
    if (close == std::string_view::npos) throw TemplateSyntaxError(open, "unclosed action (no }})");
    std::size_t end = close;
    trim_next = end > start && t[end - 1] == '-' && end - 1 > start && is_space(t[end - 2]);
    if (trim_next) end -= 1;
    if (!comment) {
      std::size_t b = start, e = end;
      while (b < e && is_space(t[b])) ++b;
      while (e > b && is_space(t[e - 1])) --e;
      if (b == e) throw TemplateSyntaxError(open, "empty action {{ }}");
      out.push_back({true, {}, {t.substr(b, e - b), b}});
    }
    pos = close + 2;
  }
  return out;
}

// ---- parsing actions ----------------------------------------------------------------------

struct Token {
  enum class Kind : std::uint8_t {
    Ident,
    Field,
    Variable,
    String,
    Number,
    LParen,
    RParen,
    Declare,
    Assign,
    Comma,
    Pipe,
    End
  };
  Kind kind;
  std::string text;
  std::size_t offset;
};

bool ident_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

std::vector<Token> tokenize(const Action& a) {
  std::vector<Token> out;
  std::string_view s = a.body;
  std::size_t i = 0;
  while (i < s.size()) {
    char c = s[i];
    std::size_t at = a.offset + i;
    if (is_space(c)) {
      ++i;
    } else if (c == '(') {
      out.push_back({Token::Kind::LParen, "(", at});
      ++i;
    } else if (c == ')') {
      out.push_back({Token::Kind::RParen, ")", at});
      ++i;
    } else if (c == ',') {
      out.push_back({Token::Kind::Comma, ",", at});
      ++i;
    } else if (c == '|') {
      out.push_back({Token::Kind::Pipe, "|", at});
      ++i;
    } else if (c == ':' && i + 1 < s.size() && s[i + 1] == '=') {
      out.push_back({Token::Kind::Declare, ":=", at});
      i += 2;
    } else if (c == '=') {
      out.push_back({Token::Kind::Assign, "=", at});
      ++i;
    } else if (c == '"' || c == '`') {
      std::string text;
      std::size_t j = i + 1;
      while (j < s.size() && s[j] != c) {
        if (c == '"' && s[j] == '\\' && j + 1 < s.size()) {
          ++j;
          switch (s[j]) {
            case 'n':
              text += '\n';
              break;
            case 't':
              text += '\t';
              break;
            case '\\':
            case '"':
              text += s[j];
              break;
            default:
              throw TemplateSyntaxError(a.offset + j, fmt::format("unsupported escape \\{}", s[j]));
          }
        } else {
          text += s[j];
        }
        ++j;
      }
      out.push_back({Token::Kind::String, std::move(text), at});
      i = j + 1;
    } else if (c == '.' || c == '$') {
      // `.`, `.a.b`, `$`, `$x`, `$x.a.b`
      std::size_t j = i + 1;
      while (j < s.size() && (ident_char(s[j]) || s[j] == '.')) ++j;
      std::string text(s.substr(i, j - i));
      out.push_back({c == '.' ? Token::Kind::Field : Token::Kind::Variable, text, at});
      i = j;
    } else if ((c >= '0' && c <= '9') || c == '-' || c == '+') {
      std::size_t j = i + 1;
      while (j < s.size() && (ident_char(s[j]) || s[j] == '.')) ++j;
      out.push_back({Token::Kind::Number, std::string(s.substr(i, j - i)), at});
      i = j;
    } else if (ident_char(c)) {
      std::size_t j = i;
      while (j < s.size() && ident_char(s[j])) ++j;
      out.push_back({Token::Kind::Ident, std::string(s.substr(i, j - i)), at});
      i = j;
    } else {
      throw TemplateSyntaxError(at, fmt::format("unexpected character '{}' in action", c));
    }
  }
  out.push_back({Token::Kind::End, "", a.offset + s.size()});
  return out;
}

const std::vector<std::string_view>& known_functions() {
  static const std::vector<std::string_view> names = {
      "not", "and", "or",  "eq",    "ne",    "lt",        "le",
      "gt",  "ge",  "len", "index", "print", "hasPrefix", "hasSuffix"};
  return names;
}

class ActionParser {
 public:
  explicit ActionParser(std::vector<Token> tokens) : t_(std::move(tokens)) {}

  const Token& peek(std::size_t ahead = 0) const {
    return t_[std::min(pos_ + ahead, t_.size() - 1)];
  }
  const Token& next() { return t_[std::min(pos_++, t_.size() - 1)]; }
  bool at_end() const { return peek().kind == Token::Kind::End; }

  // A pipeline: a command; `|` is refused.
  std::unique_ptr<Expr> pipeline() {
    auto e = command();
    if (peek().kind == Token::Kind::Pipe)
      throw TemplateSyntaxError(peek().offset, "pipelines with | are not supported");
    return e;
  }

  void expect_end() {
    if (!at_end())
      throw TemplateSyntaxError(peek().offset,
                                fmt::format("unexpected \"{}\" in action", peek().text));
  }

 private:
  std::unique_ptr<Expr> command() {
    const Token& first = peek();
    if (first.kind == Token::Kind::Ident && first.text != "true" && first.text != "false" &&
        first.text != "nil") {
      next();
      const auto& fns = known_functions();
      if (std::find(fns.begin(), fns.end(), first.text) == fns.end())
        throw TemplateSyntaxError(first.offset,
                                  fmt::format("the template function or keyword \"{}\" is not "
                                              "supported",
                                              first.text));
      auto call = std::make_unique<Expr>();
      call->kind = Expr::Kind::Call;
      call->name = first.text;
      call->offset = first.offset;
      while (!stops(peek().kind)) call->args.push_back(operand());
      check_arity(*call);
      return call;
    }
    auto e = operand();
    if (!stops(peek().kind))
      throw TemplateSyntaxError(
          peek().offset,
          fmt::format("unexpected \"{}\": only a function takes arguments", peek().text));
    return e;
  }

  static bool stops(Token::Kind k) {
    return k == Token::Kind::End || k == Token::Kind::RParen || k == Token::Kind::Pipe;
  }

  static void check_arity(const Expr& call) {
    std::size_t n = call.args.size();
    auto need = [&](bool ok, std::string_view what) {
      if (!ok)
        throw TemplateSyntaxError(call.offset,
                                  fmt::format("{} takes {} (given {})", call.name, what, n));
    };
    const std::string& f = call.name;
    if (f == "not" || f == "len")
      need(n == 1, "1 argument");
    else if (f == "and" || f == "or" || f == "print")
      need(n >= 1, "at least 1 argument");
    else if (f == "eq")
      need(n >= 2, "at least 2 arguments");
    else if (f == "index")
      need(n >= 1, "at least 1 argument");
    else
      need(n == 2, "2 arguments");
  }

  static std::vector<std::string> split_fields(std::string_view chain, std::size_t offset) {
    // ".a.b" -> {a, b}
    std::vector<std::string> out;
    std::size_t i = 0;
    while (i < chain.size()) {
      if (chain[i] != '.') throw TemplateSyntaxError(offset + i, "malformed field chain");
      std::size_t j = i + 1;
      while (j < chain.size() && chain[j] != '.') ++j;
      if (j == i + 1) {
        if (chain.size() == 1) break;  // the bare dot
        throw TemplateSyntaxError(offset + i, "malformed field chain");
      }
      out.emplace_back(chain.substr(i + 1, j - i - 1));
      i = j;
    }
    return out;
  }

  std::unique_ptr<Expr> operand() {
    const Token tok = next();
    auto e = std::make_unique<Expr>();
    e->offset = tok.offset;
    switch (tok.kind) {
      case Token::Kind::Field:
        e->kind = tok.text == "." ? Expr::Kind::Dot : Expr::Kind::Field;
        e->fields = split_fields(tok.text, tok.offset);
        return e;
      case Token::Kind::Variable: {
        std::size_t dot = tok.text.find('.');
        e->kind = Expr::Kind::Variable;
        e->name = tok.text.substr(0, dot);
        if (dot != std::string::npos)
          e->fields = split_fields(std::string_view(tok.text).substr(dot), tok.offset + dot);
        return e;
      }
      case Token::Kind::String:
        e->kind = Expr::Kind::String;
        e->literal = Value::str(tok.text);
        return e;
      case Token::Kind::Number: {
        char* end = nullptr;
        double d = std::strtod(tok.text.c_str(), &end);
        if (!end || *end != '\0')
          throw TemplateSyntaxError(tok.offset, fmt::format("bad number \"{}\"", tok.text));
        e->kind = Expr::Kind::Number;
        e->literal.kind = Value::Kind::Number;
        e->literal.number = d;
        return e;
      }
      case Token::Kind::Ident:
        if (tok.text == "true" || tok.text == "false") {
          e->kind = Expr::Kind::Bool;
          e->literal = Value::boolean_of(tok.text == "true");
          return e;
        }
        if (tok.text == "nil") {
          e->kind = Expr::Kind::Nil;
          e->literal.kind = Value::Kind::Null;
          return e;
        }
        throw TemplateSyntaxError(
            tok.offset, fmt::format("function \"{}\" as an argument needs parentheses", tok.text));
      case Token::Kind::LParen: {
        auto inner = pipeline();
        if (next().kind != Token::Kind::RParen)
          throw TemplateSyntaxError(tok.offset, "unclosed parenthesis");
        // `(expr).field` is a field chain on a parenthesised base.
        if (peek().kind == Token::Kind::Field && peek().offset == t_[pos_ - 1].offset + 1) {
          const Token chain = next();
          e->kind = Expr::Kind::Field;
          e->base = std::move(inner);
          e->fields = split_fields(chain.text, chain.offset);
          return e;
        }
        return inner;
      }
      default:
        throw TemplateSyntaxError(tok.offset, fmt::format("unexpected \"{}\"", tok.text));
    }
  }

  std::vector<Token> t_;
  std::size_t pos_ = 0;
};

class TreeBuilder {
 public:
  explicit TreeBuilder(std::vector<Piece> pieces) : p_(std::move(pieces)) {}

  std::vector<Item> build(bool& is_static) {
    std::vector<Item> items;
    std::string ended_by;
    std::size_t ended_at = 0;
    block(items, ended_by, ended_at, nullptr);
    if (!ended_by.empty())
      throw TemplateSyntaxError(ended_at, fmt::format("unexpected {{{{ {} }}}}", ended_by));
    is_static = !any_action_;
    return items;
  }

 private:
  // Parses items until {{ end }} or {{ else ... }}; says which ended it (empty: the text's end).
  void block(std::vector<Item>& out, std::string& ended_by, std::size_t& ended_at,
             std::unique_ptr<Expr>* else_if) {
    while (i_ < p_.size()) {
      Piece& piece = p_[i_++];
      if (!piece.is_action) {
        Item item;
        item.kind = Item::Kind::Text;
        item.text = std::move(piece.text);
        out.push_back(std::move(item));
        continue;
      }
      any_action_ = true;
      ActionParser ap(tokenize(piece.action));
      const Token& head = ap.peek();
      if (head.kind == Token::Kind::Ident && (head.text == "end" || head.text == "else")) {
        ended_by = head.text;
        ended_at = head.offset;
        ap.next();
        if (head.text == "else" && else_if && !ap.at_end()) {
          const Token& kw = ap.next();
          if (kw.kind != Token::Kind::Ident || kw.text != "if")
            throw TemplateSyntaxError(kw.offset, "only `else if` may follow else");
          *else_if = ap.pipeline();
          ended_by = "else if";
        }
        ap.expect_end();
        return;
      }
      if (head.kind == Token::Kind::Ident) {
        static const std::vector<std::string_view> unsupported = {"with",  "define", "template",
                                                                  "block", "break",  "continue"};
        if (std::find(unsupported.begin(), unsupported.end(), head.text) != unsupported.end())
          throw TemplateSyntaxError(head.offset,
                                    fmt::format("{{{{ {} }}}} is not supported", head.text));
      }
      if (head.kind == Token::Kind::Ident && head.text == "if") {
        ap.next();
        out.push_back(parse_if(ap.pipeline(), head.offset));
        ap.expect_end();
        continue;
      }
      if (head.kind == Token::Kind::Ident && head.text == "range") {
        ap.next();
        Item item;
        item.kind = Item::Kind::Range;
        if (ap.peek().kind == Token::Kind::Variable &&
            (ap.peek(1).kind == Token::Kind::Declare || ap.peek(1).kind == Token::Kind::Comma)) {
          item.var1 = ap.next().text;
          if (ap.peek().kind == Token::Kind::Comma) {
            ap.next();
            if (ap.peek().kind != Token::Kind::Variable)
              throw TemplateSyntaxError(ap.peek().offset, "range needs $key, $value :=");
            item.var2 = ap.next().text;
          }
          if (ap.next().kind != Token::Kind::Declare)
            throw TemplateSyntaxError(head.offset, "range variables need :=");
        }
        item.expr = ap.pipeline();
        ap.expect_end();
        std::string by;
        std::size_t at = 0;
        block(item.body, by, at, nullptr);
        if (by == "else") block(item.else_body, by, at, nullptr);
        if (by != "end") throw TemplateSyntaxError(head.offset, "range without {{ end }}");
        out.push_back(std::move(item));
        continue;
      }
      if (head.kind == Token::Kind::Variable &&
          (ap.peek(1).kind == Token::Kind::Declare || ap.peek(1).kind == Token::Kind::Assign)) {
        Item item;
        item.var1 = ap.next().text;
        item.kind =
            ap.next().kind == Token::Kind::Declare ? Item::Kind::Declare : Item::Kind::Assign;
        item.expr = ap.pipeline();
        ap.expect_end();
        out.push_back(std::move(item));
        continue;
      }
      Item item;
      item.kind = Item::Kind::Output;
      item.expr = ap.pipeline();
      ap.expect_end();
      out.push_back(std::move(item));
    }
  }

  Item parse_if(std::unique_ptr<Expr> cond, std::size_t offset) {
    Item item;
    item.kind = Item::Kind::If;
    item.expr = std::move(cond);
    std::string by;
    std::size_t at = 0;
    std::unique_ptr<Expr> else_if;
    block(item.body, by, at, &else_if);
    if (by == "else if") {
      // {{ else if X }} ... is {{ else }}{{ if X }} ... {{ end }}{{ end }} with one shared end.
      item.else_body.push_back(parse_if(std::move(else_if), at));
      return item;
    }
    if (by == "else") block(item.else_body, by, at, nullptr);
    if (by != "end") throw TemplateSyntaxError(offset, "if without {{ end }}");
    return item;
  }

  std::vector<Piece> p_;
  std::size_t i_ = 0;
  bool any_action_ = false;
};

// ---- evaluation ---------------------------------------------------------------------------

class Evaluator {
 public:
  explicit Evaluator(const TemplateData& data) : data_(data) {
    root_.kind = Value::Kind::Root;
    vars_.push_back({"$", root_});
  }

  void run(const std::vector<Item>& items, const Value& dot, std::string& out) {
    for (const Item& item : items) {
      switch (item.kind) {
        case Item::Kind::Text:
          append(out, item.text);
          break;
        case Item::Kind::Output:
          append(out, printed(eval(*item.expr, dot)));
          break;
        case Item::Kind::Declare:
          vars_.push_back({item.var1, eval(*item.expr, dot)});
          break;
        case Item::Kind::Assign: {
          Value v = eval(*item.expr, dot);
          bool found = false;
          for (auto it = vars_.rbegin(); it != vars_.rend(); ++it)
            if (it->first == item.var1) {
              it->second = std::move(v);
              found = true;
              break;
            }
          if (!found) throw TemplateRuntimeError("undefined variable " + item.var1);
          break;
        }
        case Item::Kind::If: {
          std::size_t mark = vars_.size();
          run(truth(eval(*item.expr, dot)) ? item.body : item.else_body, dot, out);
          vars_.resize(mark);
          break;
        }
        case Item::Kind::Range:
          range(item, dot, out);
          break;
      }
    }
  }

 private:
  void append(std::string& out, std::string_view s) {
    if (out.size() + s.size() > kMaxTemplateOutput)
      throw TemplateRuntimeError(
          fmt::format("the rendered schema is over {} bytes", kMaxTemplateOutput));
    out += s;
  }

  void range(const Item& item, const Value& dot, std::string& out) {
    Value over = eval(*item.expr, dot);
    std::size_t mark = vars_.size();
    bool any = false;
    auto iteration = [&](Value key, Value element) {
      any = true;
      vars_.resize(mark);
      if (!item.var2.empty()) {
        vars_.push_back({item.var1, std::move(key)});
        vars_.push_back({item.var2, element});
      } else if (!item.var1.empty()) {
        vars_.push_back({item.var1, element});
      }
      run(item.body, element, out);
    };
    if (over.kind == Value::Kind::Tree && over.node->is_mapping()) {
      // Go ranges over a map in key order.
      std::vector<const MapEntry*> entries;
      for (const MapEntry& e : over.node->entries()) entries.push_back(&e);
      std::stable_sort(entries.begin(), entries.end(), [](const MapEntry* a, const MapEntry* b) {
        return a->key->text() < b->key->text();
      });
      for (const MapEntry* e : entries)
        iteration(Value::str(std::string(e->key->text())), Value::of(e->value));
    } else if (over.kind == Value::Kind::Tree) {
      std::size_t i = 0;
      for (const Node* n : over.node->items()) {
        Value index;
        index.kind = Value::Kind::Number;
        index.number = static_cast<double>(i++);
        iteration(std::move(index), Value::of(n));
      }
    } else if (over.kind != Value::Kind::Missing && over.kind != Value::Kind::Null) {
      throw TemplateRuntimeError("range over a value that is not a map or a list");
    }
    vars_.resize(mark);
    if (!any) {
      run(item.else_body, dot, out);
      vars_.resize(mark);
    }
  }

  Value field(const Value& v, const std::string& name) const {
    switch (v.kind) {
      case Value::Kind::Root:
        if (name == "Polaris") {
          Value p;
          p.kind = Value::Kind::Polaris;
          return p;
        }
        return data_.object ? Value::of(data_.object->get(name)) : Value{};
      case Value::Kind::Polaris:
        if (name == "PodSpec") return Value::of(data_.pod_spec);
        if (name == "PodTemplate") return Value::of(data_.pod_template);
        if (name == "Container" || name == "container") return Value::of(data_.container);
        return {};
      case Value::Kind::Tree:
        return v.node->is_mapping() ? Value::of(v.node->get(name)) : Value{};
      default:
        return {};
    }
  }

  Value eval(const Expr& e, const Value& dot) {
    switch (e.kind) {
      case Expr::Kind::Dot:
        return dot;
      case Expr::Kind::Field: {
        Value v = e.base ? eval(*e.base, dot) : dot;
        for (const std::string& f : e.fields) v = field(v, f);
        return v;
      }
      case Expr::Kind::Variable: {
        Value v;
        bool found = false;
        for (auto it = vars_.rbegin(); it != vars_.rend(); ++it)
          if (it->first == e.name) {
            v = it->second;
            found = true;
            break;
          }
        if (!found) throw TemplateRuntimeError("undefined variable " + e.name);
        for (const std::string& f : e.fields) v = field(v, f);
        return v;
      }
      case Expr::Kind::String:
      case Expr::Kind::Number:
      case Expr::Kind::Bool:
      case Expr::Kind::Nil:
        return e.literal;
      case Expr::Kind::Call:
        return call(e, dot);
    }
    return {};
  }

  static bool equal(const Value& a, const Value& b) {
    using K = Value::Kind;
    if (a.kind == K::Missing || b.kind == K::Missing) return a.kind == b.kind;
    if (a.kind == K::Null || b.kind == K::Null) return a.kind == b.kind;
    if (a.kind != b.kind) return false;
    switch (a.kind) {
      case K::Bool:
        return a.boolean == b.boolean;
      case K::Number:
        return a.number == b.number;
      case K::String:
        return a.text == b.text;
      default:
        return a.node == b.node && a.kind == b.kind;
    }
  }

  static int compare(const Value& a, const Value& b, const std::string& fn) {
    if (a.kind == Value::Kind::Number && b.kind == Value::Kind::Number)
      return a.number < b.number ? -1 : (a.number > b.number ? 1 : 0);
    if (a.kind == Value::Kind::String && b.kind == Value::Kind::String)
      return a.text < b.text ? -1 : (a.text > b.text ? 1 : 0);
    throw TemplateRuntimeError(fn + ": incompatible types for comparison");
  }

  Value call(const Expr& e, const Value& dot) {
    const std::string& f = e.name;
    if (f == "and" || f == "or") {  // short-circuit, returning the deciding argument
      Value v;
      for (const auto& arg : e.args) {
        v = eval(*arg, dot);
        if (truth(v) != (f == "and")) return v;
      }
      return v;
    }
    std::vector<Value> a;
    for (const auto& arg : e.args) a.push_back(eval(*arg, dot));
    if (f == "not") return Value::boolean_of(!truth(a[0]));
    if (f == "eq") {
      for (std::size_t i = 1; i < a.size(); ++i)
        if (equal(a[0], a[i])) return Value::boolean_of(true);
      return Value::boolean_of(false);
    }
    if (f == "ne") return Value::boolean_of(!equal(a[0], a[1]));
    if (f == "lt") return Value::boolean_of(compare(a[0], a[1], f) < 0);
    if (f == "le") return Value::boolean_of(compare(a[0], a[1], f) <= 0);
    if (f == "gt") return Value::boolean_of(compare(a[0], a[1], f) > 0);
    if (f == "ge") return Value::boolean_of(compare(a[0], a[1], f) >= 0);
    if (f == "hasPrefix" || f == "hasSuffix") {
      if (a[0].kind != Value::Kind::String || a[1].kind != Value::Kind::String)
        return Value::boolean_of(false);
      return Value::boolean_of(f == "hasPrefix" ? a[0].text.starts_with(a[1].text)
                                                : a[0].text.ends_with(a[1].text));
    }
    if (f == "len") {
      Value n;
      n.kind = Value::Kind::Number;
      if (a[0].kind == Value::Kind::String)
        n.number = static_cast<double>(a[0].text.size());
      else if (a[0].kind == Value::Kind::Tree)
        n.number = static_cast<double>(a[0].node->is_mapping() ? a[0].node->entries().size()
                                                               : a[0].node->items().size());
      else
        throw TemplateRuntimeError("len of a value that has no length");
      return n;
    }
    if (f == "print") {  // fmt.Sprint: a space between operands when neither is a string
      std::string s;
      for (std::size_t i = 0; i < a.size(); ++i) {
        if (i > 0 && a[i - 1].kind != Value::Kind::String && a[i].kind != Value::Kind::String)
          s += ' ';
        s += printed(a[i]);
      }
      return Value::str(std::move(s));
    }
    if (f == "index") {
      Value v = a[0];
      for (std::size_t i = 1; i < a.size(); ++i) {
        if (a[i].kind == Value::Kind::String) {
          v = field(v, a[i].text);
        } else if (a[i].kind == Value::Kind::Number && v.kind == Value::Kind::Tree &&
                   v.node->is_sequence()) {
          auto items = v.node->items();
          double k = a[i].number;
          if (k < 0 || k >= static_cast<double>(items.size()))
            throw TemplateRuntimeError("index out of range");
          v = Value::of(items[static_cast<std::size_t>(k)]);
        } else {
          v = {};
        }
      }
      return v;
    }
    throw TemplateRuntimeError("unknown function " + f);
  }

  const TemplateData& data_;
  Value root_;
  std::vector<std::pair<std::string, Value>> vars_;
};

}  // namespace

GoTemplate::GoTemplate(std::string_view text) : ast_(std::make_unique<TemplateAst>()) {
  TreeBuilder builder(split(text));
  ast_->items = builder.build(ast_->is_static);
}
GoTemplate::~GoTemplate() = default;
GoTemplate::GoTemplate(GoTemplate&&) noexcept = default;
GoTemplate& GoTemplate::operator=(GoTemplate&&) noexcept = default;

bool GoTemplate::is_static() const {
  return ast_->is_static;
}

std::string GoTemplate::render(const TemplateData& data) const {
  Evaluator ev(data);
  std::string out;
  Value root;
  root.kind = Value::Kind::Root;
  ev.run(ast_->items, root, out);
  return out;
}

}  // namespace titanlint::custom
