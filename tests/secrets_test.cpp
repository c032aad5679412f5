// The secret rules' shared pieces (placeholders, masking, URL credentials), their configuration
// errors, and the promise that no output format ever prints a secret value.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "builtin_rules.h"
#include "common/secret_mask.h"
#include "config.h"
#include "report/formats.h"
#include "tests_support.h"

namespace titanlint::testing {
namespace {

using rules::base64_decode;
using rules::default_placeholder_words;
using rules::find_url_credentials;
using rules::is_placeholder;
using rules::is_url;
using rules::masked_url;
using rules::masked_value;

TEST(SecretPlaceholders, DocumentedRules) {
  const auto words = default_placeholder_words();
  for (const char* v : {"",
                        "   ",
                        "${DB_PASS}",
                        "${DB_PASS:-x}",
                        "$(DB_PASS)",
                        "Bearer $(TOKEN)",
                        "pre-${A}-post",
                        "{{ .Values.password }}",
                        "<set via secret manager>",
                        "<password>",
                        "xxx",
                        "XXXXXXXX",
                        "x",
                        "****",
                        "changeme",
                        "CHANGEME",
                        " change-me ",
                        "Placeholder",
                        "example",
                        "dummy",
                        "redacted",
                        "TODO",
                        "tbd",
                        "fixme",
                        "replace-me"})
    EXPECT_TRUE(is_placeholder(v, words)) << "'" << v << "'";
  for (const char* v : {"hunter2", "s3cr3t", "password", "$DB_PASS", "$(", "${}", "a<b>",
                        "<partial", "xxxy", "***a", "changeme123", "9f8e7d6c5b4a39281706"})
    EXPECT_FALSE(is_placeholder(v, words)) << "'" << v << "'";
  // The option replaces the words; the structural rules stay.
  EXPECT_FALSE(is_placeholder("changeme", {"sample"}));
  EXPECT_TRUE(is_placeholder("SAMPLE", {"sample"}));
  EXPECT_TRUE(is_placeholder("$(X)", {}));
}

TEST(SecretMask, ValuesShowOnlyALengthClass) {
  EXPECT_EQ(masked_value("abc"), "****, under 8 characters");
  EXPECT_EQ(masked_value("12345678"), "****, 8-15 characters");
  EXPECT_EQ(masked_value(std::string(16, 'a')), "****, 16-31 characters");
  EXPECT_EQ(masked_value(std::string(63, 'a')), "****, 32-63 characters");
  EXPECT_EQ(masked_value(std::string(500, 'a')), "****, 64 or more characters");
}

TEST(SecretMask, UrlCredentials) {
  auto one = [](std::string_view text) {
    auto urls = find_url_credentials(text);
    return urls.size() == 1 ? masked_url(urls[0])
                            : std::string("<") + std::to_string(urls.size()) + ">";
  };
  EXPECT_EQ(one("postgres://platform:s3cr3t@platform-pg.svc.cluster.local:5432/platform"),
            "postgres://platform:****@platform-pg...");
  EXPECT_EQ(one("redis://:pw@redis:6379/0"), "redis://:****@redis...");
  EXPECT_EQ(one("amqp://guest:guest@rabbitmq"), "amqp://guest:****@rabbitmq");
  EXPECT_EQ(one("--db=mysql://root:r00t@db"), "mysql://root:****@db");
  EXPECT_EQ(one("url = \"https://u:p@h.example.com/x\""), "https://u:****@h...");
  EXPECT_EQ(one("postgres://u:p@ss@db/app"), "postgres://u:****@db...");  // last @ ends userinfo
  EXPECT_EQ(one("http://u:p@[::1]:8080/"), "http://u:****@[::1]...");
  // A user without a password, an empty password, no scheme, `@` only in the path: none.
  for (const char* text :
       {"postgres://platform@platform-pg:5432/platform", "ssh://git@github.com/org/repo",
        "postgres://u:@db/app", "user:pw@host", "https://example.com/path?q=a:b@c",
        "mailto:ops@example.com", "://u:p@h"})
    EXPECT_TRUE(find_url_credentials(text).empty()) << text;
  EXPECT_EQ(find_url_credentials("a://u:p@h b://v:q@i").size(), 2u);
  // The masked form never contains the password.
  for (const auto& u : find_url_credentials("x postgres://platform:TopSecret9@db.internal y"))
    EXPECT_EQ(masked_url(u).find("TopSecret9"), std::string::npos);
}

TEST(SecretMask, UrlsAndBase64) {
  EXPECT_TRUE(is_url("postgres://platform@db:5432/app"));
  EXPECT_TRUE(is_url(" https://sso.example.com "));
  EXPECT_FALSE(is_url("host=db password=x"));
  EXPECT_FALSE(is_url("://x"));
  EXPECT_FALSE(is_url("-x://y"));
  std::string out;
  EXPECT_TRUE(base64_decode("Y2hhbmdlbWU=", out));
  EXPECT_EQ(out, "changeme");
  EXPECT_TRUE(base64_decode("", out));
  EXPECT_EQ(out, "");
  EXPECT_TRUE(base64_decode("aHVu\ndGVyMg==", out));
  EXPECT_EQ(out, "hunter2");
  EXPECT_FALSE(base64_decode("hunter2!", out));
  EXPECT_FALSE(base64_decode("YQ==YQ", out));
}

TEST(SecretMask, CodeFrameLine) {
  // Column of the value node; a trailing comment stays, the value goes.
  EXPECT_EQ(mask_value_in_line("    value: hunter2   # note", 12), "    value: **** # note");
  EXPECT_EQ(mask_value_in_line("    value: hunter2", 12), "    value: ****");
  EXPECT_EQ(mask_value_in_line("  - { name: A, value: \"a # b\" } # c", 23),
            "  - { name: ****, value: **** # c");
  EXPECT_EQ(mask_value_in_line("  k: 'it''s # x'", 6), "  k: ****");
  EXPECT_EQ(mask_value_in_line("  {\"value\": \"hunter2\"}", 13), "  {\"value\": ****");
  EXPECT_EQ(mask_value_in_line("  - postgres://u:p@h/db", 5), "  - ****");
  // A key at the column (TL301 points at `stringData:`): keep it, mask what follows.
  EXPECT_EQ(mask_value_in_line("stringData:   # expect", 1), "stringData:   # expect");
  EXPECT_EQ(mask_value_in_line("stringData: {password: hunter2}", 1), "stringData: ****");
  EXPECT_EQ(mask_value_in_line("  \"data\": {\"a\": \"aHVudGVyMg==\"},", 3), "  \"data\": ****");
  // Non-ASCII before the value: columns are characters.
  EXPECT_EQ(mask_value_in_line("  ключ: hunter2", 9), "  ключ: ****");
  EXPECT_EQ(mask_value_in_line("short", 40), "short");
  // Other values before the column (flow style, minified JSON) are masked too: keys and
  // punctuation stay.
  EXPECT_EQ(mask_value_in_line(
                R"({"env": [{"name": "P", "value": "s1"}, {"name": "J", "value": "s2"}]})", 63),
            R"({"env": [{"name": ****, "value": ****}, {"name": ****, "value": ****)");
  EXPECT_EQ(mask_value_in_line("  command: [sh, -c, 'x'] # y", 12), "  command: **** # y");
  EXPECT_EQ(mask_value_in_line("  args: [--a=hunter2, --b=https://u:p@h]", 23),
            "  args: [****, ****");
}

TEST(SecretRules, MetadataFlags) {
  for (const char* code : {"TL301", "TL302", "TL303", "TL304"}) {
    const RuleDefinition* rule = builtin_registry().find(code);
    ASSERT_NE(rule, nullptr) << code;
    EXPECT_TRUE(rule->meta.sensitive) << code;
    EXPECT_EQ(rule->meta.in_webhook, std::string(code) != "TL301") << code;
  }
}

Config parse(const std::string& text) {
  return parse_config(std::make_shared<SourceFile>(".titanlint.yaml", text), builtin_registry());
}

void expect_config_error(const std::string& text, std::uint32_t line, std::uint32_t column,
                         const std::string& needle) {
  try {
    parse(text);
    ADD_FAILURE() << "no error for:\n" << text;
  } catch (const ConfigError& e) {
    EXPECT_EQ(e.position().line, line) << e.describe();
    EXPECT_EQ(e.position().column, column) << e.describe();
    EXPECT_NE(e.describe().find(needle), std::string::npos) << e.describe();
  }
}

TEST(SecretConfig, BadPatternIsAnErrorAtThePattern) {
  expect_config_error("rules:\n  TL302:\n    namePatterns: ['(?i)password', '(?i)pass(']\n", 3, 36,
                      "TL302.namePatterns: invalid RE2 pattern '(?i)pass('");
  expect_config_error("rules:\n  TL302: {ignoreNamePatterns: ['[a-']}\n", 2, 32,
                      "TL302.ignoreNamePatterns: invalid RE2 pattern");
  expect_config_error(
      "rules:\n  TL304:\n    patterns:\n      - 'AKIA[0-9A-Z]{16}'\n      - '(?<x>y)'\n", 5, 9,
      "TL304.patterns: invalid RE2 pattern '(?<x>y)'");
  expect_config_error("rules:\n  TL304: {patterns: AKIA}\n", 2, 21, "list of strings");
  expect_config_error("rules:\n  TL303: {placeholders: [a, [b]]}\n", 2, 29, "");
  // Valid patterns configure the rules.
  Config c = parse("rules:\n  TL302: {namePatterns: ['^PGPASS$']}\n  TL304: {patterns: []}\n");
  EXPECT_EQ(std::get<std::vector<std::string>>(c.rules.at("TL302").options.at("namePatterns")),
            std::vector<std::string>{"^PGPASS$"});
}

// The same secrets through the binary in every output format: the values never appear.
TEST(SecretOutput, NoFormatPrintsASecretValue) {
  const auto dir = temp_dir("secrets-output");
  // Each secret is a distinct marker; the base64 of "Hunter2-Data-Marker" is in `data`.
  write_file(
      dir / "leaks.yaml",
      "apiVersion: v1\nkind: Secret\nmetadata: {name: s}\n"
      "stringData: {password: Hunter2-StringData-Marker}   # c\n"
      "data:\n  password: SHVudGVyMi1EYXRhLU1hcmtlcg==\n---\n"
      "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata:\n"
      "  db: postgres://platform:Pw-Url-Marker@platform-pg:5432/platform\n"
      "  key: |\n    -----BEGIN PRIVATE KEY-----\n    KeyBodyMarker0123\n"
      "    -----END PRIVATE KEY-----\n"
      "  aws: AKIAMARKERMARKER0123\n---\n"
      "{\"apiVersion\": \"v1\", \"kind\": \"Pod\", \"metadata\": {\"name\": \"p\"}, \"spec\": "
      "{\"containers\": [{\"name\": \"a\", \"image\": \"a:1\", \"env\": [{\"name\": "
      "\"DB_PASSWORD\", \"value\": \"Env-Literal-Marker\"}, {\"name\": \"J\", \"value\": "
      "\"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJKd3RNYXJrZXIifQ.SignatureMarker123\"}]}]}}\n");
  const std::vector<std::string> secrets = {
      "Hunter2-StringData-Marker", "SHVudGVyMi1EYXRhLU1hcmtlcg",
      "Hunter2-Data-Marker",       "Pw-Url-Marker",
      "KeyBodyMarker0123",         "AKIAMARKERMARKER0123",
      "Env-Literal-Marker",        "SignatureMarker123",
      "eyJzdWIiOiJKd3RNYXJrZXIifQ"};
  std::size_t formats = 0;
  for (const char* format : {"text", "gcc", "json", "sarif", "github", "junit"}) {
    CommandResult r =
        run_titanlint(std::string("--select TL3 --format ") + format + " leaks.yaml", dir);
    if (r.exit_code == 2 && std::string(format) != "text" && std::string(format) != "gcc" &&
        std::string(format) != "json")
      continue;  // a format this build does not have yet
    ++formats;
    EXPECT_EQ(r.exit_code, 1) << format << "\n" << r.out << r.err;
    for (const char* code : {"TL301", "TL302", "TL303", "TL304"})
      EXPECT_NE(r.out.find(code), std::string::npos) << format << ": no " << code << "\n" << r.out;
    for (const std::string& secret : secrets) {
      EXPECT_EQ(r.out.find(secret), std::string::npos)
          << format << " prints the secret " << secret << ":\n"
          << r.out;
      EXPECT_EQ(r.err.find(secret), std::string::npos) << format << " (stderr)";
    }
  }
  EXPECT_GE(formats, 3u);
  // The text format's code frame shows the masked line, the comment kept.
  CommandResult text = run_titanlint("--select TL301 --format text leaks.yaml", dir);
  EXPECT_NE(text.out.find("stringData: **** # c"), std::string::npos) << text.out;
  // On a minified JSON line the other values before the node are masked too, and the caret
  // stands under the node's `****` in the masked line.
  CommandResult json_line = run_titanlint("--select TL304 --format text leaks.yaml", dir);
  const std::size_t row = json_line.out.find("19 | ");
  ASSERT_NE(row, std::string::npos) << json_line.out;
  const std::size_t row_end = json_line.out.find('\n', row);
  const std::string shown = json_line.out.substr(row, row_end - row);
  const std::string caret_row =
      json_line.out.substr(row_end + 1, json_line.out.find('\n', row_end + 1) - row_end - 1);
  EXPECT_EQ(caret_row.find('^'), shown.rfind("****")) << json_line.out;
  EXPECT_NE(shown.find("\"name\": ****"), std::string::npos) << shown;
}

}  // namespace
}  // namespace titanlint::testing
