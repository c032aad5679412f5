// One factory per built-in rule. Add a rule here and in builtin.cpp, sorted by code.
#pragma once

#include "registry.h"
#include "rule.h"

namespace titanlint::rules {

// Document and object validity.
RuleDefinition tl001_yaml_syntax();
RuleDefinition tl002_not_a_k8s_object();
RuleDefinition tl003_duplicate_key();
RuleDefinition tl004_deprecated_api_version();
RuleDefinition tl005_invalid_object();
RuleDefinition tl009_findings_limit();

// Probes (TL1xx).
RuleDefinition tl101_liveness_probe_missing();
RuleDefinition tl102_readiness_probe_missing();
RuleDefinition tl103_startup_probe_missing();
RuleDefinition tl104_probes_identical();
RuleDefinition tl105_startup_budget_too_short();
RuleDefinition tl106_probe_port_unknown();
RuleDefinition tl107_probe_timeout_exceeds_period();
RuleDefinition tl108_probe_path_unexpected();

// Shutdown and rollout (TL2xx).
RuleDefinition tl201_prestop_missing();
RuleDefinition tl202_prestop_sleep_too_short();
RuleDefinition tl203_grace_period_too_short();
RuleDefinition tl204_rollout_max_unavailable_not_zero();
RuleDefinition tl205_rollout_max_surge();
RuleDefinition tl206_replicas_too_few();

// Secrets (TL3xx).
RuleDefinition tl301_plaintext_secret();
RuleDefinition tl302_secret_in_env_literal();
RuleDefinition tl303_credentials_in_url();
RuleDefinition tl304_secret_material_in_plain_config();

// Network policies (TL4xx).
RuleDefinition tl401_networkpolicy_missing();
RuleDefinition tl402_egress_unrestricted();
RuleDefinition tl403_dns_egress_too_broad();
RuleDefinition tl404_dns_egress_tcp_missing();
RuleDefinition tl405_ingress_unrestricted();
RuleDefinition tl406_networkpolicy_selects_nothing();

// Resources and scaling (TL5xx).
RuleDefinition tl501_resources_requests_missing();
RuleDefinition tl502_resources_limits_missing();
RuleDefinition tl503_resources_inverted();
RuleDefinition tl504_hpa_target_missing();
RuleDefinition tl505_hpa_min_replicas_too_low();
RuleDefinition tl506_hpa_target_lacks_requests();
RuleDefinition tl507_pdb_missing();
RuleDefinition tl508_pdb_blocks_eviction();
RuleDefinition tl509_pdb_selects_nothing();
RuleDefinition tl510_replicas_set_with_hpa();

// Images (TL6xx).
RuleDefinition tl601_image_tag_mutable();
RuleDefinition tl602_image_registry_not_allowed();

// Service and Ingress wiring (TL7xx).
RuleDefinition tl701_service_selects_nothing();
RuleDefinition tl702_service_target_port_unknown();
RuleDefinition tl703_ingress_tls_missing();
RuleDefinition tl704_ingress_backend_missing();

// Observability (TL8xx).
RuleDefinition tl801_metrics_annotations_missing();
RuleDefinition tl802_metrics_port_unknown();

// Jobs and state (TL9xx).
RuleDefinition tl901_job_backoff_limit();
RuleDefinition tl902_job_restart_policy();
RuleDefinition tl903_statefulset_state_volume();
RuleDefinition tl904_statefulset_service_not_headless();

}  // namespace titanlint::rules

namespace titanlint {

// Fills a registry with the built-in rules, sorted by code.
void register_builtin_rules(Registry& registry);

// The built-in registry, built on first use (thread-safe).
const Registry& builtin_registry();

}  // namespace titanlint
