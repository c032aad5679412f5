// Fuzz target: label selectors. The input is YAML; each document is parsed as a
// metav1.LabelSelector and as a plain map selector, and each is matched against every document
// as a labels mapping. Invariants: matching a labels node directly (what the rules do, without
// building a map) agrees with matching its LabelMap; a valid map selector selects the labels it
// is written as; every error points at a node of the input with a message; requirement keys of a
// valid selector are valid label keys.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "fuzz_support.h"
#include "label_selector.h"
#include "yaml_loader.h"

using namespace titanlint;

namespace {

constexpr std::size_t kMaxDocuments = 16;  // pairs are checked: keep it quadratic in a small n

void check_selector(const LabelSelector& selector, const SourceFile& source) {
  // (An invalid one may print empty: a matchExpressions item that is no mapping has no parts.)
  if (selector.valid())
    TITANLINT_FUZZ_CHECK(!selector.to_string().empty(), "a valid selector prints empty");
  for (const SelectorError& e : selector.errors()) {
    TITANLINT_FUZZ_CHECK(!e.message.empty(), "an error without a message");
    TITANLINT_FUZZ_CHECK(e.node != nullptr, "error '{}' without a node", e.message);
    fuzz::check_position({e.node->line, e.node->column}, source, e.message);
  }
  if (selector.valid()) {
    for (const LabelRequirement& r : selector.requirements()) {
      TITANLINT_FUZZ_CHECK(label_key_error(r.key).empty(), "valid, with key '{}': {}", r.key,
                           label_key_error(r.key));
      if (r.op == SelectorOp::In || r.op == SelectorOp::NotIn)
        TITANLINT_FUZZ_CHECK(!r.values.empty(), "valid, {} without values", to_string(r.op));
    }
  }
  TITANLINT_FUZZ_CHECK(!(selector.selects_nothing() && selector.selects_everything()),
                       "selects nothing and everything");
}

void check_matching(const LabelSelector& selector, const Node* labels) {
  const LabelMap map = label_map(labels);
  const bool direct = selector.matches(labels);
  TITANLINT_FUZZ_CHECK(direct == selector.matches(map),
                       "selector '{}': the labels node {} but its map {}", selector.to_string(),
                       direct ? "matches" : "does not match", direct ? "does not" : "does");
  for (const auto& [key, value] : map) {
    const auto single = label_value(labels, key);
    TITANLINT_FUZZ_CHECK(single && *single == value, "label '{}' is '{}' in the map, '{}' alone",
                         key, value, single ? std::string(*single) : "<absent>");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto source = std::make_shared<const SourceFile>(
      "selector.yaml", std::string(reinterpret_cast<const char*>(data), size));
  const LoadedFile file = load_yaml(source, LoadLimits{});
  std::vector<const Node*> roots;
  for (const Document& d : file.documents)
    if (roots.size() < kMaxDocuments) roots.push_back(d.root);

  for (const Node* root : roots) {
    const LabelSelector selector = LabelSelector::parse(root);
    const LabelSelector map_selector = LabelSelector::from_map(root);
    check_selector(selector, *source);
    check_selector(map_selector, *source);
    if (map_selector.valid() && root->is_mapping())
      TITANLINT_FUZZ_CHECK(map_selector.matches(root) && map_selector.matches(label_map(root)),
                           "map selector '{}' does not select its own labels",
                           map_selector.to_string());
    for (const Node* labels : roots) {
      check_matching(selector, labels);
      check_matching(map_selector, labels);
    }
  }
  return 0;
}
