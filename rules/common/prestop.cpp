#include "common/prestop.h"

#include <charconv>
#include <string>
#include <vector>

namespace titanlint::rules {
namespace {

std::string_view basename(std::string_view path) {
  auto slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

bool is_shell(std::string_view program) {
  std::string_view b = basename(program);
  return b == "sh" || b == "bash" || b == "ash" || b == "dash" || b == "zsh" || b == "ksh";
}

// One GNU sleep operand: a non-negative decimal with an optional s/m/h/d suffix.
std::optional<double> sleep_operand(std::string_view arg) {
  if (arg.empty()) return std::nullopt;
  double unit = 1;
  switch (arg.back()) {
    case 's':
      unit = 1;
      arg.remove_suffix(1);
      break;
    case 'm':
      unit = 60;
      arg.remove_suffix(1);
      break;
    case 'h':
      unit = 3600;
      arg.remove_suffix(1);
      break;
    case 'd':
      unit = 86400;
      arg.remove_suffix(1);
      break;
    default:
      break;
  }
  if (arg.empty()) return std::nullopt;
  for (char c : arg)
    if (!((c >= '0' && c <= '9') || c == '.')) return std::nullopt;
  std::string text(arg);
  if (text.front() == '.') text.insert(text.begin(), '0');
  if (text.back() == '.') text.push_back('0');
  double value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || ptr != text.data() + text.size()) return std::nullopt;
  return value * unit;
}

// The words of the first command of a shell script, and whether that command runs in the
// foreground. Blank lines, comment lines and a leading `exec` are skipped; quotes are removed
// (no expansion: `$DELAY` stays a word and is not a number).
struct FirstCommand {
  std::vector<std::string> words;
  bool background = false;
};

FirstCommand first_command(std::string_view script) {
  FirstCommand out;
  std::size_t i = 0;
  auto at_end = [&] { return i >= script.size(); };
  // Skip blank and comment lines.
  for (;;) {
    while (!at_end() &&
           (script[i] == ' ' || script[i] == '\t' || script[i] == '\n' || script[i] == '\r'))
      ++i;
    if (!at_end() && script[i] == '#') {
      while (!at_end() && script[i] != '\n') ++i;
      continue;
    }
    break;
  }
  std::string word;
  bool in_word = false;
  auto flush = [&] {
    if (in_word) out.words.push_back(word);
    word.clear();
    in_word = false;
  };
  while (!at_end()) {
    char c = script[i];
    if (c == ' ' || c == '\t') {
      flush();
      ++i;
      continue;
    }
    if (c == '\n' || c == ';' || c == '|' || c == ')' || c == '(') break;
    if (c == '&') {
      out.background = !(i + 1 < script.size() && script[i + 1] == '&');
      break;
    }
    if (c == '\'' || c == '"') {
      in_word = true;
      std::size_t close = script.find(c, i + 1);
      if (close == std::string_view::npos) close = script.size();
      word.append(script.substr(i + 1, close - i - 1));
      i = close + 1;
      continue;
    }
    in_word = true;
    word.push_back(c);
    ++i;
  }
  flush();
  if (!out.words.empty() && out.words.front() == "exec") out.words.erase(out.words.begin());
  return out;
}

// `sleep ARGS...` (or `/bin/sleep`, `busybox sleep`): the seconds, when the words are one.
std::optional<double> sleep_command_seconds(std::span<const std::string_view> words) {
  if (words.empty()) return std::nullopt;
  if (basename(words.front()) == "busybox") words = words.subspan(1);
  if (words.empty() || basename(words.front()) != "sleep") return std::nullopt;
  return sleep_arguments_seconds(words.subspan(1));
}

std::optional<double> exec_sleep_seconds(const Node& command) {
  if (!command.is_sequence()) return std::nullopt;
  std::vector<std::string_view> argv;
  for (const Node* item : command.items()) {
    if (!item->is_scalar() || item->is_null()) return std::nullopt;
    argv.push_back(item->text());
  }
  if (argv.empty()) return std::nullopt;
  if (!is_shell(argv.front())) return sleep_command_seconds(argv);
  // sh [-e] -c 'script' [...]: the script follows the first option word that contains `c`.
  for (std::size_t i = 1; i < argv.size(); ++i) {
    std::string_view a = argv[i];
    if (a.size() < 2 || a.front() != '-') return std::nullopt;  // `sh script.sh`
    if (a.find('c') == std::string_view::npos) continue;
    if (i + 1 >= argv.size()) return std::nullopt;
    FirstCommand first = first_command(argv[i + 1]);
    if (first.background) return std::nullopt;  // `sleep 10 &` does not delay anything
    std::vector<std::string_view> words(first.words.begin(), first.words.end());
    return sleep_command_seconds(words);
  }
  return std::nullopt;
}

}  // namespace

std::optional<double> sleep_arguments_seconds(std::span<const std::string_view> args) {
  if (args.empty()) return std::nullopt;  // `sleep` alone fails at once
  double total = 0;
  for (std::string_view a : args) {
    auto seconds = sleep_operand(a);
    if (!seconds) return std::nullopt;
    total += *seconds;
  }
  return total;
}

PreStop prestop_of(const Node& container) {
  PreStop out;
  const Node* hook = container.at({"lifecycle", "preStop"});
  if (!hook || !hook->is_mapping()) return out;
  out.hook = hook;
  if (const Node* exec = hook->get("exec"); exec && exec->is_mapping()) {
    out.handler = "exec";
    if (const Node* command = exec->get("command"); command) {
      if (auto seconds = exec_sleep_seconds(*command)) {
        out.sleep_seconds = seconds;
        out.sleep_node = command;
      }
    }
  } else if (const Node* sleep = hook->get("sleep"); sleep && sleep->is_mapping()) {
    out.handler = "sleep";
    if (const Node* seconds = sleep->get("seconds"); seconds) {
      if (auto value = seconds->as_int(); value && *value >= 0) {
        out.sleep_seconds = static_cast<double>(*value);
        out.sleep_node = seconds;
      }
    }
  } else if (hook->get("httpGet")) {
    out.handler = "httpGet";
  } else if (hook->get("tcpSocket")) {
    out.handler = "tcpSocket";
  }
  return out;
}

FixValue prestop_sleep(std::int64_t seconds) {
  FixValue command = FixValue::sequence();
  command.push(FixValue::string("sh"))
      .push(FixValue::string("-c"))
      .push(FixValue::string("sleep " + std::to_string(seconds)));
  return FixValue::mapping().add("exec", FixValue::mapping().add("command", std::move(command)));
}

namespace {

// The byte range of the operand of a script's leading `sleep N`, when it is the only operand.
std::optional<std::pair<std::size_t, std::size_t>> script_sleep_operand(std::string_view script) {
  std::size_t i = script.find_first_not_of(" \t\r\n");
  if (i == std::string_view::npos) return std::nullopt;
  if (script.substr(i).starts_with("exec ")) i = script.find_first_not_of(' ', i + 5);
  if (i == std::string_view::npos) return std::nullopt;
  std::string_view rest = script.substr(i);
  std::size_t word_end = rest.find_first_of(" \t");
  if (word_end == std::string_view::npos || basename(rest.substr(0, word_end)) != "sleep")
    return std::nullopt;
  const std::size_t start = script.find_first_not_of(" \t", i + word_end);
  if (start == std::string_view::npos) return std::nullopt;
  const std::size_t end = std::min(script.find_first_of(" \t\r\n;&|", start), script.size());
  if (!sleep_operand(script.substr(start, end - start))) return std::nullopt;
  const std::size_t next = script.find_first_not_of(" \t", end);
  if (next != std::string_view::npos &&
      std::string_view(";&|\r\n#").find(script[next]) == std::string_view::npos)
    return std::nullopt;  // a second operand: GNU sleep sums them
  return std::make_pair(start, end);
}

}  // namespace

void set_prestop_sleep(FixBuilder& fix, const PreStop& hook, std::int64_t seconds) {
  if (!hook.sleep_node) return fix.give_up();
  if (hook.handler == "sleep") return fix.replace(*hook.sleep_node, FixValue::number(seconds));
  const auto argv = hook.sleep_node->items();
  const std::string text = std::to_string(seconds);
  if (argv.empty()) return fix.give_up();
  if (!is_shell(argv.front()->text())) {
    // sleep N (or busybox sleep N): exactly one operand.
    std::size_t at = basename(argv.front()->text()) == "busybox" ? 1 : 0;
    if (argv.size() != at + 2) return fix.give_up();
    return fix.replace_string(*argv[at + 1], text);
  }
  for (std::size_t i = 1; i + 1 < argv.size(); ++i) {
    const std::string_view a = argv[i]->text();
    if (a.size() < 2 || a.front() != '-') break;
    if (a.find('c') == std::string_view::npos) continue;
    const Node& script = *argv[i + 1];
    const auto operand = script_sleep_operand(script.text());
    if (!operand) break;
    std::string changed(script.text());
    changed.replace(operand->first, operand->second - operand->first, text);
    return fix.replace_string(script, changed);
  }
  fix.give_up();
}

}  // namespace titanlint::rules
