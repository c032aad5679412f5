// What the secret rules (TL301-TL304) share: which values are placeholders rather than secrets,
// and how a secret is shown in a message without showing it (docs/secrets.md).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "rule.h"

namespace titanlint::rules {

// The default dummy words of the `placeholders` option (compared case-insensitively with the
// whole value, surrounding spaces ignored).
std::vector<std::string> default_placeholder_words();
// The `placeholders` option (StringList) of TL301-TL303.
OptionSpec placeholders_option();

// True when `value` is not a secret but stands in for one (docs/secrets.md, "Placeholders"):
// - empty or only spaces;
// - it contains a variable reference `${VAR}` or `$(VAR)` (the secret comes from elsewhere);
// - it contains a template leftover `{{ ... }}`;
// - the whole value is a `<...>` marker (`<set via secret manager>`, `<password>`);
// - it is made only of `x`/`X` or only of `*` (`xxxxx`, `****`);
// - it is one of `words`, ignoring case.
bool is_placeholder(std::string_view value, const std::vector<std::string>& words);

// `****` and the length class of a value: `****, 8-15 characters`. The exact length is never
// shown: it narrows a brute force.
std::string masked_value(std::string_view value);

// A `scheme://user:password@host` in a longer text. Offsets are into that text.
struct UrlCredentials {
  std::string_view scheme;
  std::string_view user;      // may be empty (`redis://:pw@host`)
  std::string_view password;  // never empty
  std::string_view host;      // up to the port, path, query or end of the authority
  bool more = false;          // a port, path or query follows the host
};

// Every URL in `text` whose userinfo has a password (`user:password@`). A user without a password
// (`postgres://platform@host`) is not one.
std::vector<UrlCredentials> find_url_credentials(std::string_view text);
// `postgres://platform:****@platform-pg...`: scheme and user as written, the password masked, the
// host's first label, `...` when anything follows it.
std::string masked_url(const UrlCredentials& url);

// True when the whole value is a URL (`scheme://...`).
bool is_url(std::string_view value);

// Standard base64 (Secret `data` values; whitespace ignored). False when `text` is not base64.
bool base64_decode(std::string_view text, std::string& out);

// "a, b, c and 2 more" for messages.
std::string list_names(const std::vector<std::string>& names, std::size_t max_shown = 5);

}  // namespace titanlint::rules
