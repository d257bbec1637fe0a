# Tests of usecases.rego and the environment-raised containment threshold.
package bulwark.hardening_test

# --- UC2 exception list ----------------------------------------------------------------

test_exception_list_denies_changes_to_a_system_component if {
	d := decide({"context": {"exception": {"reason": "CNI agent"}}})
	denied_by(d, "system_exception")
	not d.allow
}

test_exception_list_allows_a_compensation if {
	d := decide({"action": {"params": {"compensation": true, "restore": {}}}, "context": {"exception": {"reason": "CNI agent"}}})
	not denied_by(d, "system_exception")
}

test_no_exception_no_denial if {
	d := decide({"context": {"exception": null}})
	not denied_by(d, "system_exception")
	d.allow
}

# --- UC5 containment threshold ---------------------------------------------------------

test_containment_below_the_bundle_threshold_is_denied if {
	d := decide({"action": {"actionId": "quarantine_workload", "params": {}}, "context": {"severity": 6}})
	denied_by(d, "containment_severity")
}

test_containment_at_the_threshold_is_allowed if {
	d := decide({"action": {"actionId": "block_waf_source", "params": {}}, "context": {"severity": 7}})
	not denied_by(d, "containment_severity")
}

test_environment_may_raise_the_threshold if {
	d := decide({"action": {"actionId": "isolate_segment", "params": {}}, "context": {"severity": 8, "containment_min_severity": 9}})
	denied_by(d, "containment_severity")
}

test_environment_cannot_lower_the_threshold if {
	d := decide({"action": {"actionId": "isolate_segment", "params": {}}, "context": {"severity": 5, "containment_min_severity": 2}})
	denied_by(d, "containment_severity")
}

# --- UC6 compliance must-haves ---------------------------------------------------------

test_weakening_a_must_have_control_is_denied if {
	d := decide({
		"action": {"actionId": "allow_legacy_tls", "params": {"weakened_controls": ["tls12"]}, "weakens": true},
		"context": {"compliance_baseline": ["tls12", "audit_logging"]},
	})
	denied_by(d, "compliance_must_have")
}

test_a_restore_that_weakens_a_must_have_is_denied_even_on_a_hardening_action if {
	d := decide({
		"action": {"actionId": "enforce_tls12", "params": {"restore": {"tlsMinVersion": "1.0"}, "weakened_controls": ["tls12"]}},
		"context": {"compliance_baseline": ["tls12"]},
	})
	denied_by(d, "compliance_must_have")
}

test_controls_outside_the_baseline_are_not_must_haves if {
	d := decide({"action": {"params": {"weakened_controls": ["mfa"]}}, "context": {"compliance_baseline": ["tls12"]}})
	not denied_by(d, "compliance_must_have")
}

# --- UC7 pipelines ---------------------------------------------------------------------

test_runner_permission_change_always_needs_approval if {
	d := decide({"action": {"actionId": "restrict_runner_permissions", "params": {}, "pipelinePermissions": true}, "target": {"kind": "pipeline"}})
	approval_by(d, "pipeline_permissions")
	d.allow
}

test_pipeline_permission_listed_in_data_even_without_the_flag if {
	d := decide({"action": {"actionId": "elevate_runner_permissions", "params": {"compensation": true, "restore": {}}, "weakens": true}})
	approval_by(d, "pipeline_permissions")
}

test_other_pipeline_changes_need_no_approval if {
	d := decide({"action": {"actionId": "pin_dependencies", "params": {}, "pipelinePermissions": false}})
	not approval_by(d, "pipeline_permissions")
}

test_disabling_a_scanning_step_is_denied if {
	d := decide({"action": {"actionId": "disable_secret_scanning", "params": {}, "weakens": true, "disablesScanning": true}})
	denied_by(d, "scanning_steps")
}

test_a_restore_that_turns_scanning_off_is_denied if {
	d := decide({"action": {"actionId": "enable_secret_scanning", "params": {"restore": {"secretScanning": false}, "disables_scanning": true}}})
	denied_by(d, "scanning_steps")
}

test_scanning_may_come_out_only_as_a_rollback if {
	d := decide({"action": {"actionId": "disable_secret_scanning", "params": {"compensation": true, "restore": {"secretScanning": false}}, "weakens": true}})
	not denied_by(d, "scanning_steps")
}

# --- UC4 WAF ---------------------------------------------------------------------------

test_environment_waf_cap_below_the_tier_cap if {
	d := decide({"action": {"actionId": "increase_waf_strictness", "params": {"strictness": 3}}, "context": {"waf_max_strictness": 2}})
	denied_by(d, "waf_strictness_cap")
	not denied_by(d, "tier_strictness")
}

test_waf_within_the_cap_is_allowed if {
	d := decide({"action": {"actionId": "increase_waf_strictness", "params": {"strictness": 2}}, "context": {"waf_max_strictness": 2}})
	not denied_by(d, "waf_strictness_cap")
	d.allow
}

test_prod_tier_cap_is_stricter if {
	d := decide_prod({"action": {"actionId": "increase_waf_strictness", "params": {"strictness": 3}}})
	denied_by(d, "tier_strictness")
	s := decide({"action": {"actionId": "increase_waf_strictness", "params": {"strictness": 3}}})
	not denied_by(s, "tier_strictness")
}

test_blocking_mode_on_a_partner_route_service_is_denied if {
	d := decide({
		"action": {"actionId": "waf_block_mode", "params": {}},
		"context": {"partner_routes": [{"id": "edi", "path": "/partner/orders", "partner": "acme-wholesale"}]},
	})
	denied_by(d, "partner_routes")
}

test_rate_limit_without_partner_routes_is_allowed if {
	d := decide({"action": {"actionId": "add_rate_limit", "params": {"rps": 100}}, "context": {"partner_routes": []}})
	not denied_by(d, "partner_routes")
}

# --- UC8 stricter prod -----------------------------------------------------------------

test_irreversible_change_needs_approval_in_stage_and_prod_not_sandbox if {
	action := {"action": {"actionId": "rotate_credentials", "params": {}, "reversible": false}}
	approval_by(decide_prod(action), "irreversible")
	stage := decide(object.union(action, {"environment": {"tier": "stage"}}))
	approval_by(stage, "irreversible")
	not approval_by(decide(action), "irreversible")
}

test_prod_blast_radius_threshold_is_lower if {
	approval_by(decide_prod({"context": {"blast_radius": 3}}), "blast_radius")
	not approval_by(decide({"context": {"blast_radius": 3}}), "blast_radius")
}

test_risk_budget_limits_the_domains if {
	d := decide_prod({"action": {"domain": "network"}, "context": {"allowed_domains": ["compliance", "supply_chain"]}})
	denied_by(d, "risk_budget_domain")
	ok := decide_prod({"action": {"domain": "compliance"}, "context": {"allowed_domains": ["compliance"]}})
	not denied_by(ok, "risk_budget_domain")
}

# --- UC9 tenants -----------------------------------------------------------------------

test_granting_another_tenants_permission_is_denied if {
	d := decide({"action": {"actionId": "grant_permissions", "params": {"permissions": ["db:globex"], "cross_tenant_permissions": ["db:globex"]}}})
	denied_by(d, "cross_tenant_access")
}

test_own_tenant_grants_pass_the_tenant_rule if {
	d := decide({"action": {"actionId": "grant_permissions", "params": {"permissions": ["db:acme"]}}})
	not denied_by(d, "cross_tenant_access")
}

# --- UC5 audit logging stays on, even for a rollback ------------------------------------

test_audit_logging_off_is_denied_even_as_compensation if {
	d := decide({"action": {"actionId": "disable_logging", "params": {"compensation": true, "audit_logging": false}, "weakens": true}})
	denied_by(d, "audit_logging")
}
