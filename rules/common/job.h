// Where the Job spec of a Job or CronJob is (TL901, TL902).
#pragma once

#include "k8s_object.h"
#include "node.h"

namespace titanlint::rules {

// A Job's `spec`, a CronJob's `spec.jobTemplate.spec`; null for other kinds or when absent.
const Node* job_spec(const K8sObject& object);

}  // namespace titanlint::rules
