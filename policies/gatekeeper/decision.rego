# WAF rule gatekeeper: the single entrypoint `bulwark/gatekeeper/decision`.
#
# Decides what happens to a generated, verified WAF rule: auto_apply, human_review,
# log_only, or reject. Every threshold lives in data.json (data.bulwark_config.gatekeeper),
# so tuning automation never needs a Rego change; reject.rego adds the hard refusals.
#
# Compiled to wasm for @open-policy-agent/opa-wasm like the hardening bundle, so the same
# builtin restrictions apply (no sprintf; messages use concat + quote, see below).
package bulwark.gatekeeper

config := data.bulwark_config.gatekeeper

# Any refusal wins over every threshold: an unverified or noisy rule must never reach the
# WAF, and a confident one must not hide the reason it was refused.
decision := {"action": "reject", "reasons": sort([r | some r in reject])} if count(reject) > 0

decision := {"action": action, "reasons": [threshold_reason]} if {
	count(reject) == 0
	not unconfirmed
}

# No sandbox oracle confirmed the exploit: only the classifier is confident. Such a rule is
# never applied without an analyst, whatever its confidence or tier (issue 12: no silent
# drops, and no unproven automatic WAF change either). Absent = confirmed (older callers).
unconfirmed if input.rule.confirmed == false

decision := {"action": "human_review", "reasons": [unconfirmed_reason]} if {
	count(reject) == 0
	unconfirmed
}

unconfirmed_reason := concat("", [
	"Review unconfirmed: no sandbox oracle confirmed the exploit, only the classifier (confidence ",
	quote(confidence), "); an analyst decides, whatever the thresholds (they would say ", action, " for tier ", tier, ").",
])

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
	"Threshold ", action, ": confidence ", quote(confidence), " (min of rule and evidence) ",
	comparison[action], " for tier ", tier, ".",
])

comparison["auto_apply"] := concat("", [">= auto_apply ", quote(thresholds.auto_apply)])

comparison["human_review"] := concat("", [
	">= human_review ", quote(thresholds.human_review),
	" but < auto_apply ", quote(thresholds.auto_apply),
])

comparison["log_only"] := concat("", ["< human_review ", quote(thresholds.human_review)])

# --- helpers --------------------------------------------------------------------------

# `_ = o[k]` succeeds for any stored value, including false and null.
has_key(o, k) if _ = o[k]

# json.marshal for messages, byte-identical in wasm and in OPA's Go evaluator: Go escapes
# <, > and & (as \u003c ...) and U+2028/U+2029 and sorts object keys, the wasm runtime does
# none of that. The same escapes are applied after marshalling (a no-op on Go's output),
# and a value holding an object is named by its type instead (it is malformed input,
# which input_shape reports anyway). policies/differential.test.ts checks the agreement.
quote(x) := strings.replace_n(go_json_escapes, json.marshal(x)) if not holds_object(x)

quote(x) := concat("", ["(a malformed ", type_name(x), ")"]) if holds_object(x)

go_json_escapes := {"<": `\u003c`, ">": `\u003e`, "&": `\u0026`, "\u2028": `\u2028`, "\u2029": `\u2029`}

holds_object(x) if {
	walk(x, [_, v])
	is_object(v)
}
