// The rule interface: what a rule declares (code, name, severity, options, doc text) and how it
// reports. Rules are configured once and immutable afterwards, so one configured rule set serves
// every thread.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>
#include <vector>

#include "document.h"
#include "finding.h"
#include "k8s_object.h"
#include "node.h"

namespace titanlint {

class LintSet;

enum class OptionType : std::uint8_t { Int, Bool, String, StringList, RegexList };

using OptionValue = std::variant<std::int64_t, bool, std::string, std::vector<std::string>>;

// Checks a configured value beyond its type; returns an error message, or empty when valid.
using OptionValidator = std::function<std::string(const OptionValue&)>;

struct OptionSpec {
  std::string name;
  OptionType type;
  OptionValue default_value;
  std::string doc;
  OptionValidator validate = nullptr;  // optional; a failure is a config error at the value
};

std::string_view to_string(OptionType type);
std::string format_option_value(const OptionValue& value);

// A rule's option values after configuration: defaults overridden by .titanlint.yaml.
class RuleOptions {
 public:
  RuleOptions() = default;
  explicit RuleOptions(std::map<std::string, OptionValue> values) : values_(std::move(values)) {}

  std::int64_t integer(const std::string& name) const;
  bool boolean(const std::string& name) const;
  const std::string& string(const std::string& name) const;
  const std::vector<std::string>& list(const std::string& name) const;
  const std::map<std::string, OptionValue>& values() const { return values_; }

 private:
  const OptionValue& value(const std::string& name) const;
  std::map<std::string, OptionValue> values_;
};

// A References entry: what it is and, when it has one, its URL.
struct RuleReference {
  std::string text;
  std::string url;  // empty: cited by name (a guide section, a peer tool's check)
};

// The doc page sections, in ruff's order; Options is generated from the option specs.
struct RuleDoc {
  std::string what;
  std::string why;
  std::string example;
  std::string use_instead;
  std::vector<RuleReference> references;  // the guide section, Kubernetes docs, peer checks
  // What `titanlint fix` changes for this rule, or why it offers no fix where one would guess at
  // the author's intent; empty: no fix and nothing to say (the page then has no Fix section).
  std::string fix;
};

// Where a rule's findings come from.
enum class RuleScope : std::uint8_t {
  Loader,  // reports RuleMeta::load_problem found while loading; check() is never called
  Limit,   // the engine's note for findings over limits.maxFindingsPerFile; never checks
  Object,  // looks at one object
  Set,     // looks at one object and others of the run
};

// An object kind a rule applies to. `group` "*" (the default) matches any API group; "" is the
// core group (Service, Secret, Pod).
struct KindMatch {
  std::string kind;
  std::string group = "*";
  bool matches(const K8sObject& object) const {
    return object.kind == kind && (group == "*" || object.api_group() == group);
  }
};

// Which containers of a pod a rule judges: a set of these bits (RuleMeta::containers).
enum class ContainerSet : std::uint8_t {
  None = 0,
  App = 1,            // spec.containers
  NativeSidecar = 2,  // spec.initContainers with restartPolicy: Always
  Init = 4,           // the other init containers (they run to completion before the app)
};
constexpr ContainerSet operator|(ContainerSet a, ContainerSet b) {
  return static_cast<ContainerSet>(static_cast<std::uint8_t>(a) | static_cast<std::uint8_t>(b));
}
constexpr bool has(ContainerSet set, ContainerSet bit) {
  return (static_cast<std::uint8_t>(set) & static_cast<std::uint8_t>(bit)) != 0;
}
inline constexpr ContainerSet kRunningContainers = ContainerSet::App | ContainerSet::NativeSidecar;
inline constexpr ContainerSet kAllContainers =
    ContainerSet::App | ContainerSet::NativeSidecar | ContainerSet::Init;

struct RuleMeta {
  std::string code;
  std::string name;
  Severity severity = Severity::Error;
  std::string summary;      // one line for `titanlint rules`
  std::string remediation;  // the default `help:` line
  RuleScope scope = RuleScope::Object;
  // The kinds whose objects the engine gives to check(); empty: every object. Rendered as the
  // doc page's "Applies to".
  std::vector<KindMatch> kinds;
  // The containers of the pod it judges, for the doc page's "Applies to"; None for rules about
  // objects rather than containers. (The rule's code walks them: containers(),
  // running_containers() or containers_and_init_containers() in rules/common.)
  ContainerSet containers = ContainerSet::None;
  // For RuleScope::Loader: the problem of the loaders (or the engine) it reports.
  LoadProblem load_problem = LoadProblem::Syntax;
  // True when the rule needs another object to exist (silent under --partial).
  bool needs_complete_set = false;
  // The findings concern secret values: the code frame masks the value (see code_frame.cpp).
  bool sensitive = false;
  // Whether the admission webhook runs the rule by default (TL301: a Secret in the cluster is
  // expected, only a Secret in a file is a leak).
  bool in_webhook = true;
  // The rule offers fixes (Reporter::report's LazyFix) for some of its findings: `titanlint fix`
  // runs it in every pass, not only the first. Its page's Fix section says what they change.
  bool offers_fix = false;
  // Rules whose fixes change what this rule's fix computes (TL203's grace period counts the
  // preStop sleep TL201 and TL202 write): in a pass where one of them fixes a file, this rule's
  // fixes in that file wait for the next pass, which sees the new text.
  std::vector<std::string> fix_after;
  std::vector<OptionSpec> options;
  RuleDoc doc;
};

// A message or remediation given to Reporter::report: text, or a function that builds it. The
// function is called at most once, during the report() call, and only when the finding will be
// printed (not when it is over limits.maxFindingsPerFile, or suppressed in a run whose formats
// do not list suppressed findings), so it may capture the rule's locals by reference:
//   out.report(*port, [&] { return fmt::format("{} has no port {}", label, port->text()); });
class LazyText {
 public:
  LazyText() = default;
  LazyText(std::string text) : text_(std::move(text)) {}
  LazyText(std::string_view text) : text_(text) {}
  LazyText(const char* text) : text_(text) {}
  template <typename Make>
  requires(std::is_invocable_r_v<std::string, Make&> &&
           !std::is_convertible_v<Make, std::string_view>) LazyText(Make&& make)
      : make_([](void* f) -> std::string {
          return (*static_cast<std::remove_reference_t<Make>*>(f))();
        }),
        function_(static_cast<void*>(&make)) {}

  // The text (builds it, once). Empty when none was given.
  std::string take() { return make_ ? make_(function_) : std::move(text_); }

 private:
  std::string text_;
  std::string (*make_)(void*) = nullptr;
  void* function_ = nullptr;
};

class FixBuilder;
class LazyFixSource;

// A fix offered with a finding: a function that says to a FixBuilder what to change. Like
// LazyText it is called at most once, during the report() call, and only when the run builds
// fixes (`titanlint fix`, the json and sarif formats) and the finding is printed and not
// suppressed, so it may capture the rule's locals by reference:
//   out.report(*grace, message, remediation, [&](FixBuilder& fix) { fix.replace(...); });
class LazyFix {
 public:
  LazyFix() = default;
  template <typename Make>
  requires std::is_invocable_v<Make&, FixBuilder&> LazyFix(Make&& make)
      : make_([](void* f, FixBuilder& builder) {
          (*static_cast<std::remove_reference_t<Make>*>(f))(builder);
        }),
        function_(static_cast<void*>(&make)) {}

  bool empty() const { return make_ == nullptr; }
  void build(FixBuilder& builder) const { make_(function_, builder); }

 private:
  void (*make_)(void*, FixBuilder&) = nullptr;
  void* function_ = nullptr;
};

class FileFindings;
class CommentSuppressions;
struct AnnotationIgnores;

// What the rules checking one object may compute once and share (the schema rules' one walk of
// the object against its schema, rules/common/schema_object.h): the first rule that asks
// computes the value, the others read it. It lives in the ObjectScope, so nothing cached can
// outlive its object or leak to another; a scope is used by one thread.
class ObjectMemo {
 public:
  template <typename T, typename Make>
  const T& get(Make&& make) {
    for (const Slot& s : slots_)
      if (s.key == &kKey<T>) return *static_cast<const T*>(s.value.get());
    auto value = std::make_shared<const T>(make());
    slots_.push_back({&kKey<T>, value});
    return *value;
  }

 private:
  template <typename T>
  static constexpr char kKey = 0;  // one address per type
  struct Slot {
    const void* key;
    std::shared_ptr<const void> value;
  };
  std::vector<Slot> slots_;  // allocated only when a rule asks
};

// What the findings about one object share while its rules run: the display file's findings,
// what silences them, and the report order.
struct ObjectScope {
  const K8sObject& object;
  FileFindings& findings;
  const CommentSuppressions& comments;
  // The object's `titanlint.io/ignore` annotations, or null when they are not honoured (the
  // webhook unless configured) or absent.
  const AnnotationIgnores* annotations;
  // Whether a suppressed finding gets its message (the json, sarif and junit formats list them).
  bool render_suppressed;
  std::uint64_t& next_sequence;
  // The file as fixes see it, or null when the run builds no fixes (or the object's file cannot
  // be fixed: helm output).
  LazyFixSource* fixes = nullptr;
  ObjectMemo memo{};
};

// Collects one rule's findings about one object. The field path and the position come from the
// node, so a rule only says which node shows the problem.
class Reporter {
 public:
  Reporter(const RuleMeta& meta, Severity severity, ObjectScope& scope)
      : meta_(meta), severity_(severity), scope_(scope) {}

  // The problem is at `node` (the offending value, or the key of an offending entry).
  void report(const Node& node, LazyText message, LazyText remediation = {}, LazyFix fix = {});
  // `field` is missing from `mapping`: points at the mapping, names the field in the path.
  void report_missing(const Node& mapping, std::string_view field, LazyText message,
                      LazyText remediation = {}, LazyFix fix = {});
  // About the whole object: points at metadata.name.
  void report_object(LazyText message, LazyText remediation = {}, LazyFix fix = {});
  // The object's memo, shared with the other rules checking it.
  ObjectMemo& memo() { return scope_.memo; }

  // Names another object of the set that the next report involves, at `at` (a node of `other`;
  // its metadata.name when null), with what it is to the finding ("the governing Service", a
  // static text). Editors show it as related information, SARIF as a related location.
  Reporter& relate(const K8sObject& other, std::string_view role, const Node* at = nullptr);

 private:
  void add(const Node& node, std::string_view missing_field, bool at_object_name, LazyText& message,
           LazyText& remediation, const LazyFix& fix);

  const RuleMeta& meta_;
  Severity severity_;
  ObjectScope& scope_;
  std::vector<RelatedLocation> related_;  // for the next report
};

class Rule {
 public:
  virtual ~Rule() = default;
  virtual void check(const K8sObject& object, const LintSet& set, Reporter& out) const = 0;
};

// How the registry knows a rule: its metadata and how to build it from configured options.
struct RuleDefinition {
  RuleMeta meta;
  std::function<std::unique_ptr<Rule>(const RuleOptions&)> make;
};

}  // namespace titanlint
