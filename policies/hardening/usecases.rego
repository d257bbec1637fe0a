# Use-case guardrails read from the environment's spec sections (PolicyInput.context, built by
# domain/hardening/policy/use-case-facts.ts) and derived params facts. Absent sections mean
# "nothing declared": every lookup has a default, so older inputs keep their decisions.
package bulwark.hardening

ctx(key, default_value) := object.get(input, ["context", key], default_value)

is_compensation if params.compensation == true

# --- system components on the exception list (UC2) --------------------------------------

deny contains msg if {
	exc := ctx("exception", null)
	is_object(exc)
	not is_compensation
	msg := concat("", [
		"Rule system_exception: ", quote(input.target.id), " is on the environment's exception list (",
		quote(object.get(exc, "reason", "")), "), so ", input.action.actionId, " must not change it.",
	])
}

# --- containment threshold: the environment may only raise the bundle's (UC5) -------------

containment_threshold := max([config.containment_min_severity, env_threshold]) if {
	env_threshold := ctx("containment_min_severity", null)
	is_number(env_threshold)
} else := config.containment_min_severity

# --- must-have compliance controls (UC6) --------------------------------------------------

deny contains msg if {
	some control in object.get(params, "weakened_controls", [])
	control in ctx("compliance_baseline", [])
	not is_compensation
	msg := concat("", [
		"Rule compliance_must_have: ", input.action.actionId, " on ", quote(input.target.id), " would leave must-have control ",
		quote(control), " unmet; the environment's compliance baseline never weakens.",
	])
}

# --- CI/CD pipelines (UC7) ----------------------------------------------------------------

pipeline_permission_change if input.action.pipelinePermissions == true

pipeline_permission_change if input.action.actionId in config.pipeline_permission_actions

# Always, whatever the tier or tags: a runner's permissions decide what every build may do.
approval contains msg if {
	pipeline_permission_change
	msg := concat("", [
		"Approval pipeline_permissions: ", input.action.actionId, " changes the permissions of pipeline ",
		quote(input.target.id), ", which always needs an approver.",
	])
}

disables_scanning if input.action.disablesScanning == true

disables_scanning if input.action.actionId in config.scanning_disable_actions

disables_scanning if params.disables_scanning == true

# Only the rollback of Bulwark's own change may take a scanning step back out.
deny contains msg if {
	disables_scanning
	not is_compensation
	msg := concat("", [
		"Rule scanning_steps: ", input.action.actionId, " would disable a scanning step of ", quote(input.target.id),
		"; scanning steps are never disabled.",
	])
}

# --- WAF tuning (UC4) ---------------------------------------------------------------------

deny contains msg if {
	cap := ctx("waf_max_strictness", null)
	is_number(cap)
	is_number(params.strictness)
	params.strictness > cap
	msg := concat("", [
		"Rule waf_strictness_cap: strictness ", quote(params.strictness), " exceeds this environment's ", tier,
		" cap of ", quote(cap), ".",
	])
}

deny contains msg if {
	input.action.actionId in config.waf_blocking_actions
	some route in ctx("partner_routes", [])
	not is_compensation
	msg := concat("", [
		"Rule partner_routes: ", input.action.actionId, " on ", quote(input.target.id), " could block partner-allowlisted route ",
		quote(object.get(route, "path", "")), " (", quote(object.get(route, "partner", "")), "), which must never be blocked.",
	])
}

# --- stricter prod (UC8) ------------------------------------------------------------------

approval contains msg if {
	tier in config.irreversible_approval_tiers
	input.action.reversible == false
	msg := concat("", [
		"Approval irreversible: ", input.action.actionId, " cannot be undone, and the ", tier,
		" tier needs an approver for that.",
	])
}

deny contains msg if {
	allowed := ctx("allowed_domains", [])
	count(allowed) > 0
	not input.action.domain in allowed
	not is_compensation
	msg := concat("", [
		"Rule risk_budget_domain: the ", tier, " risk budget allows only ", concat(", ", sort(allowed)),
		", not ", quote(input.action.domain), ".",
	])
}

# --- tenant isolation (UC9) ---------------------------------------------------------------

deny contains msg if {
	some permission in object.get(params, "cross_tenant_permissions", [])
	not is_compensation
	msg := concat("", [
		"Rule cross_tenant_access: ", input.action.actionId, " would grant ", quote(permission), " to ",
		quote(input.target.id), ", reaching another tenant; cross-tenant access is denied.",
	])
}
