// TL005 invalid-object: fields the API server would reject and that other rules rely on.
//
// Each check mirrors a Kubernetes validation (pkg/apis/apps/validation, pkg/apis/core/validation)
// and fires only on what that validation rejects:
// - apps/v1 Deployment/StatefulSet/DaemonSet/ReplicaSet: spec.selector required, valid
//   (ValidateLabelSelector), non-empty ("empty selector is invalid"), and matching the pod
//   template's labels;
// - Deployment: rollingUpdate maxSurge and maxUnavailable both 0 (ValidateRollingUpdateDeployment);
// - every workload container and init container: each resources.requests/limits value a valid
//   quantity (the decoder) and not negative (ValidateResourceQuantityValue). A request above its
//   limit (ValidateResourceRequirements) is TL503's finding, for every resource, so it is not
//   reported twice;
// - any object: an unquoted `.inf` or `.nan` value. kubectl converts YAML to JSON before it sends
//   anything, and JSON has no infinity: "error converting YAML to JSON: json: unsupported value:
//   +Inf". The rules read such a value as no number at all (Node::as_number).
#include <algorithm>
#include <array>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "common/define.h"
#include "common/rollout.h"
#include "common/workload.h"
#include "field_path.h"
#include "label_selector.h"
#include "quantity.h"

namespace titanlint::rules {
namespace {

bool is_apps_v1_workload(const K8sObject& object) {
  if (object.api_version != "apps/v1") return false;
  return object.kind == "Deployment" || object.kind == "StatefulSet" ||
         object.kind == "DaemonSet" || object.kind == "ReplicaSet";
}

// `app=api,tier=web`, or `none` for a pod template without labels.
std::string describe_labels(const LabelMap& labels) {
  if (labels.empty()) return "none";
  std::string out;
  for (const auto& [key, value] : labels) {
    if (!out.empty()) out += ",";
    out += key + "=" + value;
  }
  return out;
}

// `app: api, tier: web` (for a flow mapping in a remediation).
std::string yaml_labels(const LabelMap& labels) {
  std::string out;
  for (const auto& [key, value] : labels) {
    if (!out.empty()) out += ", ";
    out += key + ": " + value;
  }
  return out;
}

// A hint for the usual ways of misspelling a quantity.
std::string quantity_hint(std::string_view text) {
  if (text.ends_with("B") || text.ends_with("b"))
    return " (no byte unit: write 512Mi or 2Gi for binary, 512M or 2G for decimal)";
  static constexpr std::array<std::string_view, 7> kLowerBinary = {"ki", "mi", "gi", "ti",
                                                                   "pi", "ei", "K"};
  for (std::string_view s : kLowerBinary)
    if (text.ends_with(s)) return " (suffixes are case-sensitive: Ki Mi Gi Ti Pi Ei, k M G T P E)";
  if (text.find(' ') != std::string_view::npos) return " (no space between number and suffix)";
  return "";
}

class InvalidObject final : public Rule {
 public:
  explicit InvalidObject(const RuleOptions&) {}

  void check(const K8sObject& object, const LintSet&, Reporter& out) const override {
    const std::string ref = fmt::format("{}/{}", object.kind, object.name);
    if (is_apps_v1_workload(object)) check_apps_v1(object, ref, out);
    if (auto pod = pod_template(object)) {
      for (std::string_view list : {"containers", "initContainers"})
        check_containers(*pod, list, ref, out);
    }
    check_non_finite(*object.root, ref, out);
  }

 private:
  // Every value of the object (keys become strings in the conversion, so they are fine), each
  // once: a node an alias reuses is visited only where it was first attached. An explicit stack:
  // the tree may be as deep as limits.maxDepth.
  static void check_non_finite(const Node& root, const std::string& ref, Reporter& out) {
    std::vector<const Node*> pending{&root};
    auto push_children_of = [&pending](const Node* node) {
      for (const MapEntry& e : node->entries())
        if (e.value->parent == node) pending.push_back(e.value);
      for (const Node* item : node->items())
        if (item->parent == node) pending.push_back(item);
    };
    std::vector<const Node*> reported;  // an alias in the same mapping reaches a node twice
    while (!pending.empty()) {
      const Node* node = pending.back();
      pending.pop_back();
      if (node->is_non_finite()) {
        if (std::find(reported.begin(), reported.end(), node) != reported.end()) continue;
        reported.push_back(node);
        out.report(
            *node,
            [&] {
              return fmt::format(
                  "{}: `{}` is YAML's {}, which JSON cannot carry: kubectl fails with \"error "
                  "converting YAML to JSON: json: unsupported value\" and applies nothing",
                  ref, node->text(),
                  node->text().ends_with("n") || node->text().ends_with("N") ? "not-a-number"
                                                                             : "infinity");
            },
            [&] {
              return fmt::format(
                  "write a finite number, or quote it (`\"{}\"`) where a string is meant",
                  node->text());
            });
        continue;
      }
      push_children_of(node);
    }
  }

  static void check_apps_v1(const K8sObject& object, const std::string& ref, Reporter& out) {
    const Node* spec = object.root->get("spec");
    if (!spec || spec->is_null()) {
      out.report_missing(
          *object.root, "spec",
          [&] {
            return fmt::format(
                "{}: spec is missing; apps/v1 requires spec.selector and "
                "spec.template",
                ref);
          },
          "add spec.selector.matchLabels and spec.template with the same labels");
      return;
    }
    if (!spec->is_mapping()) return;
    check_selector(*spec, ref, out);
    if (object.kind == "Deployment") check_rolling_update(*spec, ref, out);
  }

  static void check_selector(const Node& spec, const std::string& ref, Reporter& out) {
    const LabelMap template_labels = label_map(spec.at({"template", "metadata", "labels"}));
    const MapEntry* entry = spec.entry("selector");
    if (!entry || entry->value->is_null()) {
      auto message = [&] {
        return fmt::format(
            "{}: spec.selector is missing; apps/v1 requires it (it is no longer defaulted from the "
            "pod template's labels)",
            ref);
      };
      auto remediation = [&] {
        return template_labels.empty()
                   ? std::string(
                         "add spec.selector.matchLabels, and the same labels under "
                         "spec.template.metadata.labels")
                   : fmt::format(
                         "add `selector: {{ matchLabels: {{ {} }} }}` (the pod template's labels)",
                         yaml_labels(template_labels));
      };
      if (entry)
        out.report(*entry->key, message, remediation);
      else
        out.report_missing(spec, "selector", message, remediation);
      return;
    }
    const LabelSelector selector = LabelSelector::parse(entry->value);
    if (!selector.valid()) {
      for (const SelectorError& e : selector.errors()) {
        out.report(
            *e.node, [&] { return fmt::format("{}: invalid spec.selector: {}", ref, e.message); },
            "fix the selector; the API server rejects the object as it is");
      }
      return;
    }
    if (selector.selects_everything()) {
      out.report(
          *entry->value,
          [&] {
            return fmt::format(
                "{}: spec.selector is empty; apps/v1 rejects an empty selector (it "
                "would adopt every pod of the namespace)",
                ref);
          },
          "select the pod template's labels with spec.selector.matchLabels");
      return;
    }
    if (!selector.matches(template_labels)) {
      out.report(
          *entry->value,
          [&] {
            return fmt::format(
                "{}: spec.selector ({}) does not match the pod template's labels "
                "({}); the API server rejects it",
                ref, selector.to_string(), describe_labels(template_labels));
          },
          "make spec.template.metadata.labels satisfy spec.selector (the selector of an "
          "existing object cannot be changed)");
    }
  }

  static void check_rolling_update(const Node& spec, const std::string& ref, Reporter& out) {
    // The checks run when the strategy is RollingUpdate (the default); absent fields default
    // to 25%, so both must be written as 0.
    const Node* type = spec.at({"strategy", "type"});
    if (type && !type->is_null() && type->str() != "RollingUpdate") return;
    RolloutField unavailable = rolling_update_field(spec, "strategy", "maxUnavailable");
    RolloutField surge = rolling_update_field(spec, "strategy", "maxSurge");
    if (!unavailable.value || !surge.value) return;
    auto u = parse_int_or_percent(*unavailable.value);
    auto s = parse_int_or_percent(*surge.value);
    if (!u || !s || !u->is_zero() || !s->is_zero()) return;
    out.report(
        *unavailable.value,
        [&] {
          return fmt::format(
              "{}: strategy.rollingUpdate.maxUnavailable and maxSurge are both 0; the "
              "API server rejects a rollout that can neither add nor remove a pod",
              ref);
        },
        "set `maxSurge: 1` and keep `maxUnavailable: 0` (the guide's zero-downtime rollout)");
  }

  static void check_containers(const PodTemplate& pod, std::string_view list_name,
                               const std::string& ref, Reporter& out) {
    const Node* list = pod.spec->get(list_name);
    if (!list || !list->is_sequence()) return;
    const bool init = list_name == "initContainers";
    for (const Node* c : list->items()) {
      if (!c->is_mapping()) continue;
      const Node* name = c->get("name");
      const std::string who = fmt::format("{}container \"{}\" of {}", init ? "init " : "",
                                          name ? name->str() : std::string_view{}, ref);
      const Node* resources = c->get("resources");
      if (!resources || !resources->is_mapping()) continue;
      check_quantities(resources->get("requests"), "requests", who, out);
      check_quantities(resources->get("limits"), "limits", who, out);
    }
  }

  // Reports invalid and negative quantities in a requests/limits mapping.
  static void check_quantities(const Node* map, std::string_view field, const std::string& who,
                               Reporter& out) {
    if (!map || !map->is_mapping()) return;
    for (const MapEntry& e : map->entries()) {
      if (!e.key->is_scalar() || map->get(e.key->text()) != e.value) continue;  // a duplicate key
      if (e.value->is_null()) continue;                                         // treated as absent
      const std::string_view resource = e.key->text();
      std::string path = fmt::format("resources.{}", field);
      append_field(path, resource);  // resources.limits['nvidia.com/gpu']
      auto q = parse_quantity(*e.value);
      if (!q) {
        const std::string shown =
            e.value->is_scalar() ? fmt::format("\"{}\"", e.value->text()) : "a collection";
        out.report(
            *e.value,
            [&] {
              return fmt::format("{}: {} is not a valid Kubernetes quantity: {}{}", who, path,
                                 shown, quantity_hint(e.value->str()));
            },
            "write a quantity such as 500m, 0.5, 512Mi or 2Gi (suffixes are "
            "case-sensitive: m, k M G T P E, Ki Mi Gi Ti Pi Ei)");
        continue;
      }
      if (q->negative()) {
        out.report(
            *e.value,
            [&] {
              return fmt::format(
                  "{}: {} is negative ({}); the API server requires a quantity of "
                  "at least 0",
                  who, path, e.value->str());
            },
            "use a positive quantity, or remove the entry");
      }
    }
  }
};

}  // namespace

RuleDefinition tl005_invalid_object() {
  RuleMeta m;
  m.code = "TL005";
  m.name = "invalid-object";
  m.severity = Severity::Error;
  m.containers = kAllContainers;
  m.summary = "The object has a field the API server would reject";
  m.remediation = "fix the field shown; `kubectl apply` would fail on it";
  m.doc.what = R"md(
    Reports what the API server's validation rejects in the fields the other rules read, at the
    offending value: an apps/v1 Deployment, StatefulSet, DaemonSet or ReplicaSet without
    `spec.selector` (at the spec), with an invalid selector (an unknown or miscased operator,
    `In`/`NotIn` without values, `Exists`/`DoesNotExist` with values, an invalid label key or value,
    an unquoted number as a label value, a field other than `matchLabels` and `matchExpressions`),
    with an empty selector, or with a selector that does not match the pod template's labels; a
    Deployment whose `rollingUpdate.maxSurge` and `maxUnavailable` are both 0; and, in every
    container and init container of a workload, a `resources.requests` or `resources.limits` value
    that is not a valid quantity (`1GB`, `1gi`, `1K`) or is negative. Quantities are parsed exactly
    as Kubernetes does, and a null value counts as absent. In any object, an unquoted `.inf`,
    `-.inf` or `.nan` (YAML's infinity and not-a-number) is reported at the value: kubectl converts
    YAML to JSON before sending it, JSON has no such numbers, and the whole file fails with "error
    converting YAML to JSON: json: unsupported value: +Inf". The other rules read such a value as no
    number. A request above its limit, which the API server also rejects, is reported by TL503
    resources-inverted, not here.
  )md";
  m.doc.why = R"md(
    The API server rejects such an object, so the manifest cannot be applied; in CI the problem
    shows before the deploy. Other rules would also read values that never reach the cluster. A
    selector that does not match the template is a classic copy-paste error, and `apps/v1` no longer
    defaults the selector as the removed beta versions did.
  )md";
  m.doc.example = R"yaml(
apiVersion: apps/v1
kind: Deployment
metadata:
  name: webapp
spec:
  replicas: 2
  template:
    spec:
      containers:
        - name: webapp
          image: registry.example.com/platform-webapp:v1.4.2
          resources:
            requests: { memory: 2Gi }
            limits: { memory: 1GB }
)yaml";
  m.doc.use_instead = R"yaml(
apiVersion: apps/v1
kind: Deployment
metadata:
  name: webapp
spec:
  replicas: 2
  selector:
    matchLabels: { app: webapp }
  template:
    metadata:
      labels: { app: webapp }
    spec:
      containers:
        - name: webapp
          image: registry.example.com/platform-webapp:v1.4.2
          resources:
            requests: { memory: 1Gi }
            limits: { memory: 2Gi }
)yaml";
  m.doc.references = {{"Kubernetes: Objects in Kubernetes",
                       "https://kubernetes.io/docs/concepts/overview/working-with-objects/"}};
  return define<InvalidObject>(std::move(m));
}

}  // namespace titanlint::rules
