#include "common/schema_object.h"

namespace titanlint::rules {

std::string_view api_version_of(const K8sObject& object) {
  const std::size_t slash = object.api_version.find('/');
  return slash == std::string_view::npos ? object.api_version
                                         : object.api_version.substr(slash + 1);
}

const schema::TypeNode* schema_type(const K8sObject& object) {
  return schema::Schema::builtin().find(object.api_group(), api_version_of(object), object.kind);
}

void report_schema_problems(const K8sObject& object, schema::Problem problem, Reporter& out) {
  const schema::TypeNode* type = schema_type(object);
  if (!type) return;
  schema::validate(
      *type, *object.root, static_cast<unsigned>(problem), [&](const schema::Issue& issue) {
        if (issue.problem == schema::Problem::MissingRequired)
          out.report_missing(*issue.node, issue.field, issue.message, issue.remediation);
        else
          out.report(*issue.node, issue.message, issue.remediation);
      });
}

}  // namespace titanlint::rules
