# Approval: allowed actions that still need a human sign-off.
package bulwark.hardening_test

test_prod_always_needs_approval if {
	d := decide_prod({"context": {"blast_radius": 0}})
	d.allow
	d.requires_approval
	d.approval_reasons == ["Approval prod_tier: changes in the prod tier always need an approver."]
}

test_blast_radius_thresholds_are_stricter_in_higher_tiers if {
	# 3 assets: fine in sandbox (10) and stage (5), above the prod threshold (2).
	not decide({"context": {"blast_radius": 3}}).requires_approval
	not decide({"environment": {"tier": "stage"}, "context": {"blast_radius": 3}}).requires_approval
	approval_by(decide_prod({"context": {"blast_radius": 3}}), "blast_radius")
}

test_blast_radius_at_threshold_needs_no_approval if {
	not decide({"context": {"blast_radius": 10}}).requires_approval
	not approval_by(decide_prod({"context": {"blast_radius": 2}}), "blast_radius")
}

test_blast_radius_above_sandbox_threshold_needs_approval if {
	d := decide({"context": {"blast_radius": 11}})
	d.allow
	d.requires_approval
	approval_by(d, "blast_radius")
}

test_permission_removal_needs_owner_approval if {
	d := decide(perm_removal)
	d.allow
	d.requires_approval
	approval_by(d, "permission_removal")
}

test_owner_approved_tag_waives_permission_removal_approval if {
	d := decide(object.union(perm_removal, {"change": {"tags": {"owner_approved": "true"}}}))
	d.allow
	not d.requires_approval
}

test_owner_approved_must_be_exactly_true if {
	approval_by(decide(object.union(perm_removal, {"change": {"tags": {"owner_approved": "yes"}}})), "permission_removal")
}

test_owner_approval_does_not_waive_prod_approval if {
	d := decide_prod(object.union(perm_removal, {"change": {"tags": {"owner_approved": "true"}}}))
	d.allow
	approval_by(d, "prod_tier")
	not approval_by(d, "permission_removal")
}

test_disable_credentials_counts_as_permission_removal if {
	d := decide({"action": {"actionId": "disable_credentials", "params": {}}, "context": {"severity": 9}})
	d.allow
	approval_by(d, "permission_removal")
}
