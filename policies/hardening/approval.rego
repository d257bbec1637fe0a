# Approval requirements: the action may run, but only after a human approver (other than
# the requester) signs off in the hardening workflow. Each rule adds a sentence.
package bulwark.hardening

approval contains msg if {
	tier in config.approval_tiers
	msg := concat("", ["Approval prod_tier: changes in the ", tier, " tier always need an approver."])
}

# Stricter tiers tolerate smaller blast radii (UC8). An unknown tier has no threshold,
# which known_tier already denies; approval is still requested so the decision stays safe.
approval contains msg if {
	input.context.blast_radius > blast_radius_threshold
	msg := concat("", [
		"Approval blast_radius: the change affects ", quote(input.context.blast_radius),
		" assets, above the ", tier, " tier threshold of ", quote(blast_radius_threshold), ".",
	])
}

blast_radius_threshold := object.get(config.approval_blast_radius, tier, 0)

# Permission removal needs the owner's consent (UC3): an owner_approved tag recorded on
# the change, or an approver in the workflow.
owner_approved if tags[config.owner_approval_tag] == "true"

approval contains msg if {
	removes_permissions
	not owner_approved
	msg := concat("", [
		"Approval permission_removal: ", input.action.actionId, " removes permissions from ", quote(input.target.id),
		" and has no ", quote(config.owner_approval_tag), "=\"true\" tag, so the owner must approve.",
	])
}
