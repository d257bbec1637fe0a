# Hardening policy gate: the single entrypoint `bulwark/hardening/decision`.
#
# Input is PolicyInput (domain/hardening/types.ts); the other files of this package add sentences to
# `deny` (hard guardrails) and `approval` (a human must approve first). This file folds
# them into the object policies/loader.ts validates, and fails closed when the input or
# the bundle's data is incomplete: a missing field must never make a guardrail silently
# not apply.
#
# Compiled to wasm for @open-policy-agent/opa-wasm, so only builtins listed in that SDK's
# capabilities.json may be used here (ops/build-policies.sh enforces it). Notably absent:
# time.now_ns, regex.replace, net.cidr_expand/merge, sprintf with %v (the JS sprintf shim
# does not know %v). Messages are therefore built with concat + quote (json.marshal, made evaluator-independent).
package bulwark.hardening

config := data.bulwark_config.hardening

decision := {
	"allow": count(deny) == 0,
	"deny_reasons": sort([r | some r in deny]),
	"requires_approval": count(approval) > 0,
	"approval_reasons": sort([r | some r in approval]),
}

# --- fail closed on a broken bundle ---------------------------------------------------

required_config := {
	"tiers", "approval_tiers", "change_ticket_tiers", "change_ticket_tag",
	"change_ticket_pattern", "owner_approval_tag", "approval_blast_radius",
	"max_strictness", "containment_actions", "containment_min_severity",
	"permission_removal_actions", "baseline_protected_namespaces",
	"cidr_allowlist_params", "cidr_blocklist_params",
	"pipeline_permission_actions", "scanning_disable_actions", "waf_blocking_actions",
	"irreversible_approval_tiers",
}

missing_config contains k if {
	some k in required_config
	not has_key(config, k)
}

missing_config contains "bulwark_config.hardening" if not config

deny contains msg if {
	count(missing_config) > 0
	msg := concat("", [
		"Rule policy_config: the policy bundle's data is missing ",
		concat(", ", sort([k | some k in missing_config])),
		", so guardrails cannot be evaluated and every action is denied.",
	])
}

# --- fail closed on a malformed input -------------------------------------------------

# Expected type of every field a rule reads. Checked through object.get with a default,
# not `not is_string(input.x)`: a call on an undefined ref makes the whole body undefined
# in Rego, so that form would silently never fire for a missing field.
input_fields := {
	"action.actionId": "string",
	"action.params": "object",
	"action.removesPermissions": "boolean",
	"action.weakens": "boolean",
	"environment.tier": "string",
	"environment.tenant": "string",
	"target.id": "string",
	"target.namespace": "string",
	"target.tenant": "string",
	"target.roles": "string[]",
	"change.tags": "object",
	"context.blast_radius": "number",
	"context.severity": "number",
	"context.admin_cidrs": "string[]",
	"context.protected_namespaces": "string[]",
	"context.break_glass_roles": "string[]",
}

malformed contains "input (must be an object)" if not input_is_object

input_is_object if is_object(input)

malformed contains field if {
	some field, want in input_fields
	not field_ok(object.get(input, split(field, "."), null), want)
}

# CIDR lists in params are optional, but when present they must be string lists; a
# mistyped list must not slip past the admin-CIDR rules in network.rego.
malformed contains field if {
	some key in array.concat(config.cidr_allowlist_params, config.cidr_blocklist_params)
	value := object.get(input, ["action", "params", key], null)
	value != null
	not string_array(value)
	field := concat(".", ["action.params", key])
}

field_ok(value, "string[]") if string_array(value)

field_ok(value, want) if {
	want != "string[]"
	type_name(value) == want
}

deny contains msg if {
	count(malformed) > 0
	msg := concat("", [
		"Rule input_shape: the policy input has missing or mistyped fields (",
		concat(", ", sort([f | some f in malformed])),
		"), so the action is denied rather than judged on partial facts.",
	])
}

deny contains msg if {
	is_string(input.environment.tier)
	not input.environment.tier in config.tiers
	msg := concat("", [
		"Rule known_tier: environment tier ", quote(input.environment.tier),
		" is not one of ", concat(", ", config.tiers), ", so no thresholds apply and the action is denied.",
	])
}

# --- helpers --------------------------------------------------------------------------

# `_ = o[k]` succeeds for any stored value, including false and null.
has_key(o, k) if _ = o[k]

string_array(xs) if {
	is_array(xs)
	every x in xs { is_string(x) }
}

tier := input.environment.tier

params := input.action.params

tags := input.change.tags

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
