# Hard guardrails (seed use cases 1-3, 5, 6, 8, 9): each adds a sentence to `deny`.
# Thresholds and lists come from data.json so operators tune them without editing Rego.
package bulwark.hardening

# --- protected namespaces (UC1, UC2 "exception list for system components") ------------

protected_namespaces := {ns | some ns in input.context.protected_namespaces} | {ns | some ns in config.baseline_protected_namespaces}

deny contains msg if {
	input.target.namespace in protected_namespaces
	msg := concat("", [
		"Rule protected_namespace: target ", quote(input.target.id), " lives in protected namespace ",
		quote(input.target.namespace), ", which automated hardening must never change.",
	])
}

# --- change ticket in prod (UC1) --------------------------------------------------------

change_ticket := object.get(tags, config.change_ticket_tag, "")

deny contains msg if {
	tier in config.change_ticket_tiers
	not valid_change_ticket
	msg := concat("", [
		"Rule change_ticket: changes in the ", tier, " tier need a ", quote(config.change_ticket_tag),
		" tag matching ", config.change_ticket_pattern, " (got ", quote(change_ticket), ").",
	])
}

valid_change_ticket if {
	is_string(change_ticket)
	regex.match(config.change_ticket_pattern, change_ticket)
}

# --- break-glass roles (UC3) ------------------------------------------------------------

# Permission removal is flagged by the catalog (removesPermissions) and, defensively, by
# the action ids listed in data, so a catalog mistake cannot bypass this rule.
removes_permissions if input.action.removesPermissions == true

removes_permissions if input.action.actionId in config.permission_removal_actions

# The break-glass role may be the target itself, one of its roles, or named in params.
touched_roles contains input.target.id

touched_roles contains r if some r in input.target.roles

touched_roles contains params.role if is_string(params.role)

touched_roles contains r if {
	is_array(params.roles)
	some r in params.roles
}

deny contains msg if {
	removes_permissions
	some role in touched_roles
	role in input.context.break_glass_roles
	msg := concat("", [
		"Rule break_glass_role: ", input.action.actionId, " on ", quote(input.target.id),
		" would remove break-glass role ", quote(role), ", which must always stay usable for emergency access.",
	])
}

# --- tenant boundary (UC9) --------------------------------------------------------------

deny contains msg if {
	input.target.tenant != input.environment.tenant
	msg := concat("", [
		"Rule tenant_boundary: target ", quote(input.target.id), " belongs to tenant ",
		quote(input.target.tenant), " but the change runs for tenant ", quote(input.environment.tenant),
		"; cross-tenant changes are forbidden.",
	])
}

deny contains msg if {
	is_string(params.tenant)
	params.tenant != input.environment.tenant
	msg := concat("", [
		"Rule tenant_boundary: params name tenant ", quote(params.tenant), " but the change runs for tenant ",
		quote(input.environment.tenant), "; cross-tenant changes are forbidden.",
	])
}

# --- compliance baseline and audit logging (UC5, UC6) -----------------------------------

# Inverse actions weaken a control by design; they may only run as the compensation
# (rollback) of a change Bulwark itself applied, never as a chosen action.
deny contains msg if {
	input.action.weakens == true
	not params.compensation == true
	msg := concat("", [
		"Rule compliance_baseline: ", input.action.actionId,
		" weakens the compliance baseline and is only allowed as the compensation of an earlier change.",
	])
}

# Audit logging must stay on even during containment and even for compensations.
deny contains msg if {
	params.audit_logging == false
	msg := concat("", [
		"Rule audit_logging: ", input.action.actionId,
		" would turn audit logging off, and audit logging must always stay on.",
	])
}

# --- containment only above a severity (UC5) --------------------------------------------

deny contains msg if {
	input.action.actionId in config.containment_actions
	input.context.severity < containment_threshold
	msg := concat("", [
		"Rule containment_severity: containment action ", input.action.actionId, " needs incident severity >= ",
		quote(containment_threshold), " (got ", quote(input.context.severity), ").",
	])
}

# --- strictness cap per tier (UC4, UC8) -------------------------------------------------

deny contains msg if {
	is_number(params.strictness)
	params.strictness > config.max_strictness[tier]
	msg := concat("", [
		"Rule tier_strictness: strictness ", quote(params.strictness), " exceeds the ", tier,
		" tier cap of ", quote(config.max_strictness[tier]), ".",
	])
}
