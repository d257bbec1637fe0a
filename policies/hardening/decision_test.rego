# Entrypoint shape, fail-closed behaviour on bad input or data, and clean allows.
package bulwark.hardening_test

test_sandbox_baseline_is_allowed_without_approval if {
	d := decide({})
	d == {"allow": true, "deny_reasons": [], "requires_approval": false, "approval_reasons": []}
}

test_prod_with_ticket_is_allowed_but_needs_approval if {
	d := decide_prod({})
	d.allow
	d.deny_reasons == []
	d.requires_approval
	approval_by(d, "prod_tier")
}

test_missing_fields_fail_closed if {
	d := data.bulwark.hardening.decision with input as {"action": {"actionId": "close_port"}}
	not d.allow
	denied_by(d, "input_shape")
	some r in d.deny_reasons
	contains(r, "context.admin_cidrs")
}

test_mistyped_cidr_list_fails_closed if {
	d := decide({"action": {"params": {"allowed_cidrs": "10.0.0.0/8"}}})
	not d.allow
	denied_by(d, "input_shape")
}

test_unknown_tier_is_denied if {
	d := decide({"environment": {"tier": "qa"}})
	not d.allow
	denied_by(d, "known_tier")
}

test_missing_policy_data_denies_everything if {
	d := decide({}) with data.bulwark_config as {}
	not d.allow
	denied_by(d, "policy_config")
}

test_partial_policy_data_names_missing_keys if {
	cfg := object.remove(data.bulwark_config.hardening, ["containment_min_severity"])
	d := decide({}) with data.bulwark_config.hardening as cfg
	not d.allow
	some r in d.deny_reasons
	contains(r, "containment_min_severity")
}

test_every_reason_names_its_rule if {
	d := decide({
		"environment": {"tier": "prod"},
		"target": {"namespace": "vault", "tenant": "globex"},
		"action": {"weakens": true, "params": {"block_cidrs": ["10.20.30.128/25"]}},
	})
	count(d.deny_reasons) >= 4
	every r in d.deny_reasons { regex.match(`^Rule [a-z_]+: .+[.]$`, r) }
	every r in d.approval_reasons { regex.match(`^Approval [a-z_]+: .+[.]$`, r) }
}

test_reasons_are_sorted_and_unique if {
	d := decide({"target": {"namespace": "vault", "tenant": "globex"}})
	d.deny_reasons == sort(d.deny_reasons)
	count(d.deny_reasons) == count({r | some r in d.deny_reasons})
}

test_non_object_input_fails_closed if {
	d := data.bulwark.hardening.decision with input as "restrict_ingress"
	not d.allow
	denied_by(d, "input_shape")
}
