#include "common/schema_object.h"

namespace titanlint::rules {

std::string_view api_version_of(const K8sObject& object) {
  const std::size_t slash = object.api_version.find('/');
  return slash == std::string_view::npos ? object.api_version
                                         : object.api_version.substr(slash + 1);
}

CrdMatch find_crd(const K8sObject& object, const LintSet& set) {
  for (const schema::CrdCatalog* catalog : {set.crds(), set.schema_dir_crds()})
    if (catalog)
      if (const schema::CrdKind* kind = catalog->kind(object.api_group(), object.kind))
        return {catalog, kind};
  return {};
}

const schema::TypeNode* schema_type(const K8sObject& object, const LintSet& set) {
  const schema::Schema& builtin = schema::Schema::builtin();
  const std::string_view group = object.api_group();
  if (const schema::TypeNode* type = builtin.find(group, api_version_of(object), object.kind))
    return type;
  // A built-in group's kinds are never a CRD's (TL012 reports the unknown ones); the lookup of
  // CRDs costs nothing for them.
  if (builtin.knows_group(group)) return nullptr;
  const CrdMatch crd = find_crd(object, set);
  return crd.catalog ? crd.catalog->find(group, api_version_of(object), object.kind) : nullptr;
}

const SchemaWalk& schema_walk(const K8sObject& object, const LintSet& set, Reporter& out) {
  return out.memo().get<SchemaWalk>([&] {
    SchemaWalk walk;
    if (const schema::TypeNode* type = schema_type(object, set)) {
      schema::validate(*type, *object.root, schema::kAllProblems,
                       [&](const schema::Issue& issue) { walk.issues.push_back(issue); });
    }
    return walk;
  });
}

void report_schema_problems(const K8sObject& object, const LintSet& set, schema::Problem problem,
                            Reporter& out) {
  for (const schema::Issue& issue : schema_walk(object, set, out).issues) {
    if (issue.problem != problem) continue;
    if (issue.problem == schema::Problem::MissingRequired)
      out.report_missing(*issue.node, issue.field, issue.message, issue.remediation);
    else
      out.report(*issue.node, issue.message, issue.remediation);
  }
}

}  // namespace titanlint::rules
