# Shared fixtures for the hardening policy tests: one realistic, allowed PolicyInput per
# tier, plus helpers that evaluate the entrypoint with an override merged in.
package bulwark.hardening_test

base_input := {
	"action": {
		"actionId": "restrict_ingress",
		"target": "api-gateway",
		"params": {"cidrs": ["10.20.0.0/16", "192.168.10.0/24"]},
		"domain": "network",
		"removesPermissions": false,
		"weakens": false,
	},
	"environment": {"name": "payments-sandbox", "tier": "sandbox", "tenant": "acme"},
	"target": {"id": "api-gateway", "kind": "service", "namespace": "edge", "tenant": "acme", "roles": []},
	"change": {"requester": "bulwark-agent", "tags": {}},
	"context": {
		"blast_radius": 1,
		"severity": 0,
		"admin_cidrs": ["10.20.30.0/24", "192.168.10.5/32"],
		"protected_namespaces": ["kube-system", "vault"],
		"break_glass_roles": ["break-glass-admin"],
	},
}

prod_input := object.union(base_input, {
	"environment": {"name": "payments-prod", "tier": "prod"},
	"change": {"tags": {"change_ticket": "CHG-4711"}},
})

# object.union merges objects recursively, so overrides only name what they change.
decide(override) := d if {
	d := data.bulwark.hardening.decision with input as object.union(base_input, override)
}

decide_prod(override) := d if {
	d := data.bulwark.hardening.decision with input as object.union(prod_input, override)
}

# True when some deny reason starts with "Rule <name>:".
denied_by(d, name) if {
	some r in d.deny_reasons
	startswith(r, concat("", ["Rule ", name, ":"]))
}

approval_by(d, name) if {
	some r in d.approval_reasons
	startswith(r, concat("", ["Approval ", name, ":"]))
}
