# Refusals: verification, false positives, evidence, attack class, and fail-closed cases.
package bulwark.gatekeeper_test

test_unverified_rule_is_rejected_even_when_confident if {
	d := decide({"rule": {"verified": false, "confidence": 0.99}})
	rejected_by(d, "unverified")
	count(d.reasons) == 1
}

test_fp_rate_at_limit_is_rejected if {
	rejected_by(decide({"rule": {"fp_rate": 0.001}}), "false_positive_rate")
	rejected_by(decide({"rule": {"fp_rate": 0.02}}), "false_positive_rate")
}

test_fp_rate_just_below_limit_passes if {
	decide({"rule": {"fp_rate": 0.000999}}).action == "auto_apply"
	decide({"rule": {"fp_rate": 0}}).action == "auto_apply"
}

test_fp_limit_comes_from_data if {
	cfg := object.union(data.bulwark_config.gatekeeper, {"max_fp_rate": 0.0001})
	d := decide({}) with data.bulwark_config.gatekeeper as cfg
	rejected_by(d, "false_positive_rate")
}

test_non_actionable_evidence_verdict_is_rejected if {
	rejected_by(decide({"evidence": {"verdict": "tag"}}), "evidence_verdict")
	rejected_by(decide({"evidence": {"verdict": "benign"}}), "evidence_verdict")
}

test_unknown_attack_class_is_rejected if {
	rejected_by(decide({"rule": {"attack_class": "ldap_injection"}}), "attack_class")
}

test_rule_without_families_is_rejected if {
	rejected_by(decide({"rule": {"families": []}}), "no_families")
}

test_unknown_tier_is_rejected if {
	rejected_by(decide({"environment": {"tier": "qa"}}), "known_tier")
}

test_every_refusal_is_reported_sorted if {
	d := decide({"rule": {"verified": false, "fp_rate": 0.5}, "evidence": {"verdict": "benign"}})
	d.action == "reject"
	count(d.reasons) == 3
	d.reasons == sort(d.reasons)
	every r in d.reasons { regex.match(`^Reject [a-z_]+: .+[.]$`, r) }
}

test_missing_fields_fail_closed if {
	d := data.bulwark.gatekeeper.decision with input as {"rule": {"id": 1, "verified": true}}
	rejected_by(d, "input_shape")
	some r in d.reasons
	contains(r, "evidence.confidence")
	contains(r, "rule.fp_rate")
}

test_out_of_range_confidence_fails_closed if {
	rejected_by(decide({"rule": {"confidence": 1.5}}), "input_shape")
	rejected_by(decide({"evidence": {"confidence": -0.1}}), "input_shape")
}

test_mistyped_fields_fail_closed if {
	rejected_by(decide({"rule": {"verified": "true"}}), "input_shape")
	rejected_by(decide({"rule": {"families": "sqli_tautology"}}), "input_shape")
	rejected_by(decide({"environment": {"name": "payments-prod"}}), "input_shape")
}

test_non_object_input_fails_closed if {
	d := data.bulwark.gatekeeper.decision with input as "auto_apply"
	rejected_by(d, "input_shape")
}

test_missing_policy_data_rejects_everything if {
	d := decide({}) with data.bulwark_config as {}
	rejected_by(d, "policy_config")
}

test_partial_thresholds_name_the_missing_key if {
	cfg := object.union(data.bulwark_config.gatekeeper, {"thresholds": {"prod": {"auto_apply": 0.95, "human_review": null}}})
	d := at_tier(0.99, "prod") with data.bulwark_config.gatekeeper as cfg
	rejected_by(d, "policy_config")
	contains(d.reasons[0], "thresholds.prod.human_review")
}
