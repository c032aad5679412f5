// The schema rules' shared part (TL006-TL008, TL010-TL012): an object's type (the shipped
// Kubernetes schema for built-in kinds, the CRD of the run or of --schema-dir for custom
// resources), and the one walk of the object against it that every schema rule reads.
#pragma once

#include <string_view>
#include <vector>

#include "k8s_object.h"
#include "lint_set.h"
#include "rule.h"
#include "schema/crd.h"
#include "schema/schema.h"
#include "schema/validate.h"

namespace titanlint::rules {

// "v1" for "apps/v1" and for "v1".
std::string_view api_version_of(const K8sObject& object);

// The catalog whose CRD defines the object's group/kind (the run's before --schema-dir's), and
// that kind; {null, null} when none does. Only for groups the built-in schema does not know.
struct CrdMatch {
  const schema::CrdCatalog* catalog = nullptr;
  const schema::CrdKind* kind = nullptr;
};
CrdMatch find_crd(const K8sObject& object, const LintSet& set);

// The object's root type: the shipped schema's for a built-in group, a CRD's for a custom
// resource; null for a kind neither knows (TL012's finding, or a custom resource without its CRD).
const schema::TypeNode* schema_type(const K8sObject& object, const LintSet& set);

// Every schema problem of one object, found by one walk (the first schema rule that checks the
// object walks it; the others read the result from the object's memo).
struct SchemaWalk {
  std::vector<schema::Issue> issues;  // in walk order, every Problem kind
};
const SchemaWalk& schema_walk(const K8sObject& object, const LintSet& set, Reporter& out);

// Reports every issue of `problem` at its node.
void report_schema_problems(const K8sObject& object, const LintSet& set, schema::Problem problem,
                            Reporter& out);

}  // namespace titanlint::rules
