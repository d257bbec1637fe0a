# WAF rule gatekeeper: the single entrypoint `bulwark/gatekeeper/decision`.
#
# Decides what happens to a generated, verified WAF rule: auto_apply, human_review,
# log_only, or reject. Every threshold lives in data.json (data.bulwark_config.gatekeeper),
# so tuning automation never needs a Rego change; reject.rego adds the hard refusals.
#
# Compiled to wasm for @open-policy-agent/opa-wasm like the hardening bundle, so the same
# builtin restrictions apply (no sprintf; messages use concat + json.marshal).
package bulwark.gatekeeper

config := data.bulwark_config.gatekeeper

# Any refusal wins over every threshold: an unverified or noisy rule must never reach the
# WAF, and a confident one must not hide the reason it was refused.
decision := {"action": "reject", "reasons": sort([r | some r in reject])} if count(reject) > 0

decision := {"action": action, "reasons": [threshold_reason]} if count(reject) == 0

# The rule is only as trustworthy as the weaker of its own confidence (oracle + generation)
# and the detection evidence that triggered it.
confidence := min({input.rule.confidence, input.evidence.confidence})

# Without an environment the default thresholds apply; an unknown tier is refused in
# reject.rego, so the fallback here never loosens anything for it.
tier := object.get(input, ["environment", "tier"], "default")

thresholds := object.get(config.thresholds, tier, config.thresholds["default"])

action := "auto_apply" if confidence >= thresholds.auto_apply

action := "human_review" if {
	confidence < thresholds.auto_apply
	confidence >= thresholds.human_review
}

action := "log_only" if confidence < thresholds.human_review

threshold_reason := concat("", [
	"Threshold ", action, ": confidence ", json.marshal(confidence), " (min of rule and evidence) ",
	comparison[action], " for tier ", tier, ".",
])

comparison["auto_apply"] := concat("", [">= auto_apply ", json.marshal(thresholds.auto_apply)])

comparison["human_review"] := concat("", [
	">= human_review ", json.marshal(thresholds.human_review),
	" but < auto_apply ", json.marshal(thresholds.auto_apply),
])

comparison["log_only"] := concat("", ["< human_review ", json.marshal(thresholds.human_review)])

# --- helpers --------------------------------------------------------------------------

# `_ = o[k]` succeeds for any stored value, including false and null.
has_key(o, k) if _ = o[k]

quote(s) := json.marshal(s)
