# One test group per guardrail in guardrails.rego: the deny fires, and its near miss does not.
package bulwark.hardening_test

# --- protected namespaces ---

test_protected_namespace_from_environment_is_denied if {
	d := decide({"target": {"namespace": "vault"}})
	not d.allow
	denied_by(d, "protected_namespace")
}

test_baseline_protected_namespace_applies_even_if_spec_omits_it if {
	d := decide({"target": {"namespace": "kube-system"}, "context": {"protected_namespaces": []}})
	denied_by(d, "protected_namespace")
}

test_ordinary_namespace_is_not_protected if {
	not denied_by(decide({"target": {"namespace": "payments"}}), "protected_namespace")
}

# --- change ticket ---

test_prod_without_ticket_is_denied if {
	d := decide_prod({"change": {"tags": {"change_ticket": ""}}})
	not d.allow
	denied_by(d, "change_ticket")
}

test_prod_with_malformed_ticket_is_denied if {
	denied_by(decide_prod({"change": {"tags": {"change_ticket": "CHG-12a"}}}), "change_ticket")
	denied_by(decide_prod({"change": {"tags": {"change_ticket": "chg-12"}}}), "change_ticket")
	denied_by(decide_prod({"change": {"tags": {"change_ticket": "JIRA-12"}}}), "change_ticket")
}

test_prod_with_valid_ticket_passes_the_ticket_rule if {
	not denied_by(decide_prod({}), "change_ticket")
}

test_stage_needs_no_ticket if {
	d := decide({"environment": {"tier": "stage"}})
	d.allow
}

# --- break-glass roles ---

perm_removal := {"action": {
	"actionId": "remove_unused_permissions",
	"domain": "iam",
	"removesPermissions": true,
	"params": {},
}}

test_removing_break_glass_role_via_target_roles_is_denied if {
	d := decide(object.union(perm_removal, {"target": {"id": "ops-admins", "kind": "identity", "roles": ["reader", "break-glass-admin"]}}))
	not d.allow
	denied_by(d, "break_glass_role")
}

test_removing_break_glass_role_named_in_params_is_denied if {
	d := decide(object.union(perm_removal, {"action": {"params": {"role": "break-glass-admin"}}}))
	denied_by(d, "break_glass_role")
}

test_disabling_break_glass_identity_is_denied_even_if_catalog_flag_is_missing if {
	d := decide({
		"action": {"actionId": "disable_credentials", "domain": "iam", "removesPermissions": false, "params": {}},
		"target": {"id": "break-glass-admin", "kind": "identity"},
		"context": {"severity": 9},
	})
	denied_by(d, "break_glass_role")
}

test_removing_ordinary_role_is_not_a_break_glass_violation if {
	d := decide(object.union(perm_removal, {"target": {"id": "ci-runner", "roles": ["deployer"]}}))
	not denied_by(d, "break_glass_role")
}

test_non_removing_action_on_break_glass_holder_is_allowed if {
	d := decide({
		"action": {"actionId": "enforce_mfa", "domain": "iam", "params": {}},
		"target": {"id": "ops-admins", "roles": ["break-glass-admin"]},
	})
	d.allow
}

# --- tenant boundary ---

test_cross_tenant_target_is_denied if {
	d := decide({"target": {"tenant": "globex"}})
	not d.allow
	denied_by(d, "tenant_boundary")
}

test_cross_tenant_params_are_denied if {
	denied_by(decide({"action": {"params": {"tenant": "globex"}}}), "tenant_boundary")
}

test_same_tenant_is_fine if {
	not denied_by(decide({"action": {"params": {"tenant": "acme"}}}), "tenant_boundary")
}

# --- compliance baseline and audit logging ---

weakening := {"action": {"actionId": "disable_encryption", "domain": "compliance", "weakens": true, "params": {}}}

test_weakening_action_is_denied if {
	d := decide(weakening)
	not d.allow
	denied_by(d, "compliance_baseline")
}

test_weakening_action_is_allowed_as_compensation if {
	d := decide(object.union(weakening, {"action": {"params": {"compensation": true}}}))
	d.allow
}

test_compensation_flag_must_be_boolean_true if {
	denied_by(decide(object.union(weakening, {"action": {"params": {"compensation": "true"}}})), "compliance_baseline")
}

test_turning_audit_logging_off_is_denied_even_as_compensation if {
	d := decide({"action": {"params": {"audit_logging": false, "compensation": true}}})
	denied_by(d, "audit_logging")
}

# --- containment severity ---

test_every_containment_action_below_severity_is_denied if {
	every id in ["isolate_segment", "disable_credentials", "tighten_egress"] {
		denied_by(decide({"action": {"actionId": id, "params": {}}, "context": {"severity": 6}}), "containment_severity")
	}
}

test_containment_at_threshold_is_allowed if {
	d := decide({"action": {"actionId": "isolate_segment", "params": {}}, "context": {"severity": 7}})
	d.allow
}

test_non_containment_action_ignores_severity if {
	decide({"context": {"severity": 0}}).allow
}

# --- strictness cap ---

test_strictness_above_tier_cap_is_denied if {
	d := decide_prod({"action": {"actionId": "waf_strictness", "params": {"strictness": 3}}})
	denied_by(d, "tier_strictness")
}

test_sandbox_allows_higher_strictness if {
	decide({"action": {"actionId": "waf_strictness", "params": {"strictness": 4}}}).allow
}
