# Admin CIDRs (10.20.30.0/24, 192.168.10.5/32 in the fixture) must never be blocked.
package bulwark.hardening_test

test_allowlist_covering_every_admin_cidr_is_allowed if {
	decide({}).allow # 10.20.0.0/16 and 192.168.10.0/24 cover both admin ranges
}

test_allowlist_missing_an_admin_cidr_is_denied if {
	d := decide({"action": {"params": {"cidrs": ["10.20.0.0/16"]}}})
	not d.allow
	denied_by(d, "admin_cidr_allowlist")
	some r in d.deny_reasons
	contains(r, "192.168.10.5/32")
}

test_allowlist_only_partially_covering_an_admin_range_is_denied if {
	# 10.20.30.0/25 holds half of the admin /24: the other half would be locked out.
	d := decide({"action": {"params": {"cidrs": ["10.20.30.0/25", "192.168.10.5/32"]}}})
	denied_by(d, "admin_cidr_allowlist")
}

test_empty_allowlist_blocks_admins if {
	denied_by(decide({"action": {"params": {"cidrs": []}}}), "admin_cidr_allowlist")
}

test_unparsable_allowlist_entry_fails_closed if {
	denied_by(decide({"action": {"params": {"cidrs": ["not-a-cidr", "192.168.10.0/24"]}}}), "admin_cidr_allowlist")
}

test_any_action_with_an_allowlist_is_checked if {
	d := decide({
		"action": {"actionId": "tighten_egress", "params": {"allowed_cidrs": ["172.16.0.0/12"]}},
		"context": {"severity": 8},
	})
	denied_by(d, "admin_cidr_allowlist")
	some r in d.deny_reasons
	contains(r, "allowed_cidrs=")
}

test_mistyped_catalog_allowlist_fails_closed if {
	denied_by(decide({"action": {"params": {"cidrs": "10.0.0.0/8"}}}), "input_shape")
}

test_blocklist_overlapping_an_admin_cidr_is_denied if {
	d := decide({"action": {"actionId": "block_cidrs", "params": {"block_cidrs": ["203.0.113.0/24", "10.0.0.0/8"]}}})
	not d.allow
	denied_by(d, "admin_cidr_block")
}

test_blocklist_inside_an_admin_cidr_is_denied if {
	denied_by(decide({"action": {"params": {"block_cidrs": ["10.20.30.128/25"]}}}), "admin_cidr_block")
}

test_disjoint_blocklist_is_allowed if {
	decide({"action": {"params": {"block_cidrs": ["203.0.113.0/24", "128.0.0.0/2"]}}}).allow
}

test_unparsable_blocklist_entry_fails_closed if {
	denied_by(decide({"action": {"params": {"block_cidrs": ["10.0.0.0/33"]}}}), "admin_cidr_block")
}

test_ipv6_admin_cidr_is_protected if {
	d := decide({
		"action": {"params": {"cidrs": ["10.0.0.0/8", "192.168.0.0/16"]}},
		"context": {"admin_cidrs": ["2001:db8:ad::/48"]},
	})
	denied_by(d, "admin_cidr_allowlist")
	decide({
		"action": {"params": {"cidrs": ["2001:db8::/32"]}},
		"context": {"admin_cidrs": ["2001:db8:ad::/48"]},
	}).allow
}

test_actions_without_cidr_params_are_not_checked if {
	d := data.bulwark.hardening.decision with input as json.patch(base_input, [
		{"op": "replace", "path": "/action/actionId", "value": "close_port"},
		{"op": "replace", "path": "/action/params", "value": {"ports": [23]}},
	])
	d.allow
}
