// The schema rules' shared part (TL006-TL008, TL010-TL012): an object's type in the shipped
// Kubernetes schema, and reporting one kind of schema problem.
#pragma once

#include <string_view>

#include "k8s_object.h"
#include "rule.h"
#include "schema/schema.h"
#include "schema/validate.h"

namespace titanlint::rules {

// "v1" for "apps/v1" and for "v1".
std::string_view api_version_of(const K8sObject& object);

// The object's root type in the shipped schema; null for a kind it does not know (a CRD's
// kinds, an unknown apiVersion: TL012's finding).
const schema::TypeNode* schema_type(const K8sObject& object);

// Validates the object and reports every issue of `problem` at its node.
void report_schema_problems(const K8sObject& object, schema::Problem problem, Reporter& out);

}  // namespace titanlint::rules
