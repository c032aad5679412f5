// The explicit list of built-in rules, sorted by code. An explicit list (rather than static
// self-registration) survives static linking and makes the set of rules reviewable in one place.
#include "builtin_rules.h"

namespace titanlint {

void register_builtin_rules(Registry& registry) {
  using namespace rules;
  registry.add(tl001_yaml_syntax());
  registry.add(tl002_not_a_k8s_object());
  registry.add(tl003_duplicate_key());
  registry.add(tl004_deprecated_api_version());
  registry.add(tl005_invalid_object());
  registry.add(tl009_findings_limit());
  registry.add(tl101_liveness_probe_missing());
  registry.add(tl102_readiness_probe_missing());
  registry.add(tl103_startup_probe_missing());
  registry.add(tl104_probes_identical());
  registry.add(tl105_startup_budget_too_short());
  registry.add(tl106_probe_port_unknown());
  registry.add(tl107_probe_timeout_exceeds_period());
  registry.add(tl108_probe_path_unexpected());
  registry.add(tl201_prestop_missing());
  registry.add(tl202_prestop_sleep_too_short());
  registry.add(tl203_grace_period_too_short());
  registry.add(tl204_rollout_max_unavailable_not_zero());
  registry.add(tl205_rollout_max_surge());
  registry.add(tl206_replicas_too_few());
  registry.add(tl301_plaintext_secret());
  registry.add(tl302_secret_in_env_literal());
  registry.add(tl303_credentials_in_url());
  registry.add(tl304_secret_material_in_plain_config());
  registry.add(tl401_networkpolicy_missing());
  registry.add(tl402_egress_unrestricted());
  registry.add(tl403_dns_egress_too_broad());
  registry.add(tl404_dns_egress_tcp_missing());
  registry.add(tl405_ingress_unrestricted());
  registry.add(tl406_networkpolicy_selects_nothing());
  registry.add(tl501_resources_requests_missing());
  registry.add(tl502_resources_limits_missing());
  registry.add(tl503_resources_inverted());
  registry.add(tl504_hpa_target_missing());
  registry.add(tl505_hpa_min_replicas_too_low());
  registry.add(tl506_hpa_target_lacks_requests());
  registry.add(tl507_pdb_missing());
  registry.add(tl508_pdb_blocks_eviction());
  registry.add(tl509_pdb_selects_nothing());
  registry.add(tl510_replicas_set_with_hpa());
  registry.add(tl601_image_tag_mutable());
  registry.add(tl602_image_registry_not_allowed());
  registry.add(tl701_service_selects_nothing());
  registry.add(tl702_service_target_port_unknown());
  registry.add(tl703_ingress_tls_missing());
  registry.add(tl704_ingress_backend_missing());
  registry.add(tl801_metrics_annotations_missing());
  registry.add(tl802_metrics_port_unknown());
  registry.add(tl901_job_backoff_limit());
  registry.add(tl902_job_restart_policy());
  registry.add(tl903_statefulset_state_volume());
  registry.add(tl904_statefulset_service_not_headless());
}

const Registry& builtin_registry() {
  static const Registry registry = [] {
    Registry r;
    register_builtin_rules(r);
    r.finish();
    return r;
  }();
  return registry;
}

}  // namespace titanlint
