#include "common/job.h"

namespace titanlint::rules {

const Node* job_spec(const K8sObject& object) {
  const Node* spec = nullptr;
  if (object.kind == "Job")
    spec = object.root->get("spec");
  else if (object.kind == "CronJob")
    spec = object.root->at({"spec", "jobTemplate", "spec"});
  return spec && spec->is_mapping() ? spec : nullptr;
}

}  // namespace titanlint::rules
