# Hard refusals: each adds a sentence "Reject <name>: ..." and forces action "reject".
# Malformed input and incomplete bundle data refuse too, so a missing field can never turn
# into an automatic WAF change (fail closed).
package bulwark.gatekeeper

reject contains msg if {
	input.rule.verified != true
	msg := concat("", [
		"Reject unverified: rule ", quote(input.rule.id),
		" has not passed verification on ModSecurity, so it cannot be deployed.",
	])
}

reject contains msg if {
	input.rule.fp_rate >= config.max_fp_rate
	msg := concat("", [
		"Reject false_positive_rate: rule ", quote(input.rule.id), " blocks ", quote(input.rule.fp_rate),
		" of benign traffic, at or above the limit ", quote(config.max_fp_rate), ".",
	])
}

reject contains msg if {
	is_string(input.evidence.verdict)
	not input.evidence.verdict in config.actionable_verdicts
	msg := concat("", [
		"Reject evidence_verdict: evidence verdict ", quote(input.evidence.verdict), " is not one of ",
		concat(", ", config.actionable_verdicts), ", so it does not justify a WAF rule.",
	])
}

reject contains msg if {
	is_string(input.rule.attack_class)
	not input.rule.attack_class in config.attack_classes
	msg := concat("", [
		"Reject attack_class: ", quote(input.rule.attack_class), " is not a known attack class (",
		concat(", ", config.attack_classes), ").",
	])
}

reject contains msg if {
	is_array(input.rule.families)
	count(input.rule.families) == 0
	msg := "Reject no_families: the rule names no attack family, so its generalisation cannot be audited."
}

reject contains msg if {
	tier_given := object.get(input, ["environment", "tier"], null)
	tier_given != null
	not tier_given in config.tiers
	msg := concat("", [
		"Reject known_tier: environment tier ", quote(tier_given), " is not one of ",
		concat(", ", config.tiers), ", so no thresholds apply.",
	])
}

# --- fail closed on a broken bundle ---------------------------------------------------

required_config := {"tiers", "thresholds", "max_fp_rate", "actionable_verdicts", "attack_classes"}

missing_config contains k if {
	some k in required_config
	not has_key(config, k)
}

missing_config contains "bulwark_config.gatekeeper" if not config

# Every threshold set, default included, needs both numbers; a half-configured tier must
# not fall through to comparisons against undefined.
missing_config contains key if {
	some name, set in object.union({"default": null}, object.get(config, "thresholds", {}))
	some level in ["auto_apply", "human_review"]
	not is_number(object.get(set, level, null))
	key := concat(".", ["thresholds", name, level])
}

reject contains msg if {
	count(missing_config) > 0
	msg := concat("", [
		"Reject policy_config: the policy bundle's data is missing ",
		concat(", ", sort([k | some k in missing_config])),
		", so no rule can be judged.",
	])
}

# --- fail closed on a malformed input -------------------------------------------------

# Checked through object.get with a default: a call on an undefined ref would make the
# rule body undefined and silently never fire for a missing field.
input_fields := {
	"rule.id": "id",
	"rule.attack_class": "string",
	"rule.confidence": "probability",
	"rule.verified": "boolean",
	"rule.fp_rate": "probability",
	"rule.families": "string[]",
	"evidence.verdict": "string",
	"evidence.confidence": "probability",
}

malformed contains "input (must be an object)" if not is_object(input)

malformed contains field if {
	some field, want in input_fields
	not field_ok(object.get(input, split(field, "."), null), want)
}

# Optional: false marks a rule no oracle confirmed (decision.rego); any other value is malformed.
malformed contains "rule.confirmed" if {
	c := object.get(input, ["rule", "confirmed"], true)
	not is_boolean(c)
}

malformed contains "environment.tier" if {
	env := object.get(input, "environment", null)
	env != null
	not is_string(object.get(env, "tier", null))
}

field_ok(value, "id") if is_string(value)

field_ok(value, "id") if is_number(value)

field_ok(value, "probability") if {
	is_number(value)
	value >= 0
	value <= 1
}

field_ok(value, "string[]") if {
	is_array(value)
	every x in value { is_string(x) }
}

field_ok(value, want) if {
	not want in {"id", "probability", "string[]"}
	type_name(value) == want
}

reject contains msg if {
	count(malformed) > 0
	msg := concat("", [
		"Reject input_shape: the gatekeeper input has missing or mistyped fields (",
		concat(", ", sort([f | some f in malformed])),
		"), so the rule is refused rather than judged on partial facts.",
	])
}
