#include "admission_messages.h"

#include <fmt/format.h>

#include "admission_handler.h"
#include "container_ref.h"

namespace titanlint::webhook {
namespace {

// Cuts at a UTF-8 character boundary so that the result plus "..." fits in `max` bytes.
std::string truncate(std::string text, std::size_t max) {
  if (text.size() <= max) return text;
  std::size_t cut = max - 3;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  text.resize(cut);
  return text + "...";
}

std::string warning_text(const Finding& f) {
  std::string text = describe(f);
  if (text.size() > kWarningPreferredChars)
    text = fmt::format("{} {}: {}", f.code, f.name, f.message);
  if (text.size() > kWarningPreferredChars) text = fmt::format("{}: {}", f.code, f.message);
  return truncate(std::move(text), kWarningMaxChars);
}

}  // namespace

std::string describe(const Finding& f) {
  std::string where = f.field_path();
  if (auto container = finding_container(f); container && !container->name.empty())
    where += fmt::format(" ({})", container->name);
  if (where.empty()) return fmt::format("{} {}: {}", f.code, f.name, f.message);
  return fmt::format("{} {}: {}: {}", f.code, f.name, where, f.message);
}

std::string deny_message(const std::vector<const Finding*>& errors) {
  const std::string object = errors.front()->object.display();
  std::string message = fmt::format("titanlint: {} has {} error finding{}:", object, errors.size(),
                                    errors.size() == 1 ? "" : "s");
  for (std::size_t i = 0; i < errors.size(); ++i) {
    std::string line = "\n" + describe(*errors[i]);
    if (message.size() + line.size() > kMaxDenyMessage) {
      message += fmt::format("\n... and {} more", errors.size() - i);
      break;
    }
    message += line;
  }
  return message;
}

std::vector<std::string> bounded_warnings(const std::vector<const Finding*>& findings) {
  constexpr std::size_t kSummaryReserve = 64;
  std::vector<std::string> out;
  std::size_t total = 0;
  for (std::size_t i = 0; i < findings.size(); ++i) {
    std::string text = warning_text(*findings[i]);
    const bool last = i + 1 == findings.size();
    const std::size_t budget = kWarningsTotalBytes - (last ? 1 : kSummaryReserve);
    if (total + text.size() > budget) {
      out.push_back(
          fmt::format("... and {} more (run titanlint lint on the manifest)", findings.size() - i));
      break;
    }
    total += text.size();
    out.push_back(std::move(text));
  }
  return out;
}

}  // namespace titanlint::webhook
