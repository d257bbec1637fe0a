# Admin CIDRs are never blocked (UC1): operators must keep a way in to undo a bad change.
#
# net.cidr_contains / net.cidr_intersects are implemented natively by the OPA wasm
# runtime, so this compiles without custom JS builtins. An unparsable CIDR makes those
# builtins undefined (in Go and in wasm alike), which the rules below turn into a denial:
# "cannot prove the admin range stays reachable" is treated like "blocks it".
package bulwark.hardening

# Which params hold CIDR lists comes from data: the catalog's restrict_ingress takes
# `cidrs` (the new ingress allowlist); `allowed_cidrs` / `block_cidrs` are the generic names.
allowlists contains [key, params[key]] if {
	some key in config.cidr_allowlist_params
	is_array(params[key])
}

blocked_cidrs contains cidr if {
	some key in config.cidr_blocklist_params
	is_array(params[key])
	some cidr in params[key]
}

# An allowlist (restrict_ingress, tighten_egress, isolate_segment, ...) replaces whatever
# was open before, so every admin CIDR must fall inside one of its entries.
deny contains msg if {
	some [key, allowed] in allowlists
	some admin in input.context.admin_cidrs
	not admin_allowed(allowed, admin)
	msg := concat("", [
		"Rule admin_cidr_allowlist: ", input.action.actionId, " would restrict ", quote(input.target.id),
		" to ", key, "=", quote(allowed), ", which does not cover admin CIDR ", quote(admin),
		"; admin access must never be blocked.",
	])
}

admin_allowed(allowed, admin) if {
	some cidr in allowed
	net.cidr_contains(cidr, admin)
}

# A blocklist must not overlap any admin range, not even partially.
deny contains msg if {
	some blocked in blocked_cidrs
	some admin in input.context.admin_cidrs
	not safely_disjoint(blocked, admin)
	msg := concat("", [
		"Rule admin_cidr_block: ", input.action.actionId, " would block ", quote(blocked),
		", which overlaps admin CIDR ", quote(admin), " (or cannot be parsed); admin access must never be blocked.",
	])
}

safely_disjoint(a, b) if net.cidr_intersects(a, b) == false
