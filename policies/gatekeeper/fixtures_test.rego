# Shared fixtures for the gatekeeper tests: a verified SQL-injection rule with clean
# false-positive numbers, plus helpers that evaluate the entrypoint with an override.
package bulwark.gatekeeper_test

base_input := {
	"rule": {
		"id": 9100042,
		"attack_class": "sql_injection",
		"confidence": 0.93,
		"verified": true,
		"fp_rate": 0.0002,
		"families": ["sqli_tautology", "sqli_union_select"],
	},
	"evidence": {"verdict": "simulate", "confidence": 0.95},
}

# object.union merges objects recursively, so overrides only name what they change.
decide(override) := d if {
	d := data.bulwark.gatekeeper.decision with input as object.union(base_input, override)
}

# Both confidences set to c, so the effective (minimum) confidence is exactly c.
at(c) := decide({"rule": {"confidence": c}, "evidence": {"confidence": c}})

at_tier(c, tier) := decide({"rule": {"confidence": c}, "evidence": {"confidence": c}, "environment": {"tier": tier}})

# True when some reason starts with "Reject <name>:".
rejected_by(d, name) if {
	d.action == "reject"
	some r in d.reasons
	startswith(r, concat("", ["Reject ", name, ":"]))
}
