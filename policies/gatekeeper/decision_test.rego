# Threshold bands, tier overrides and the shape of the decision.
package bulwark.gatekeeper_test

test_confident_verified_rule_is_auto_applied if {
	d := decide({})
	d.action == "auto_apply"
	count(d.reasons) == 1
	startswith(d.reasons[0], "Threshold auto_apply: confidence 0.93 ")
}

test_auto_apply_boundary_is_inclusive if {
	at(0.9).action == "auto_apply"
	at(0.8999).action == "human_review"
}

test_human_review_boundary_is_inclusive if {
	at(0.7).action == "human_review"
	at(0.6999).action == "log_only"
}

test_zero_confidence_is_logged_not_rejected if {
	at(0).action == "log_only"
}

test_weaker_of_rule_and_evidence_confidence_decides if {
	decide({"rule": {"confidence": 0.99}, "evidence": {"confidence": 0.75}}).action == "human_review"
	decide({"rule": {"confidence": 0.72}, "evidence": {"confidence": 0.99}}).action == "human_review"
}

test_prod_needs_higher_confidence_to_auto_apply if {
	at_tier(0.94, "prod").action == "human_review"
	at_tier(0.95, "prod").action == "auto_apply"
	at_tier(0.94, "stage").action == "auto_apply"
	at_tier(0.9, "sandbox").action == "auto_apply"
}

test_prod_review_and_log_bands_use_its_data if {
	at_tier(0.7, "prod").action == "human_review"
	at_tier(0.6999, "prod").action == "log_only"
}

test_thresholds_come_from_data if {
	cfg := object.union(data.bulwark_config.gatekeeper, {"thresholds": {"default": {"auto_apply": 0.99}}})
	d := at(0.95) with data.bulwark_config.gatekeeper as cfg
	d.action == "human_review"
	contains(d.reasons[0], "auto_apply 0.99")
}

test_reason_names_band_confidence_and_tier if {
	d := at_tier(0.8, "prod")
	d.reasons == ["Threshold human_review: confidence 0.8 (min of rule and evidence) >= human_review 0.7 but < auto_apply 0.95 for tier prod."]
	at(0.5).reasons == ["Threshold log_only: confidence 0.5 (min of rule and evidence) < human_review 0.7 for tier default."]
}

test_string_rule_ids_are_accepted if {
	decide({"rule": {"id": "waf-9100042"}}).action == "auto_apply"
}

# Issue 12: a rule no oracle confirmed goes to an analyst, never auto-applied, on every tier.
test_unconfirmed_rule_is_never_auto_applied if {
	d := decide({"rule": {"confidence": 0.99, "confirmed": false}, "evidence": {"confidence": 0.99}})
	d.action == "human_review"
	startswith(d.reasons[0], "Review unconfirmed: no sandbox oracle confirmed the exploit")
	contains(d.reasons[0], "they would say auto_apply for tier default")
	every tier in ["sandbox", "stage", "prod"] {
		decide({"rule": {"confidence": 0.99, "confirmed": false}, "evidence": {"confidence": 0.99}, "environment": {"tier": tier}}).action == "human_review"
	}
}

test_unconfirmed_low_confidence_still_goes_to_review if {
	decide({"rule": {"confidence": 0.3, "confirmed": false}, "evidence": {"confidence": 0.3}}).action == "human_review"
}

test_unconfirmed_rule_is_still_rejected_when_a_refusal_holds if {
	d := decide({"rule": {"confirmed": false, "verified": false}})
	rejected_by(d, "unverified")
}

test_confirmed_true_or_absent_follows_thresholds if {
	decide({"rule": {"confirmed": true}}).action == "auto_apply"
	decide({}).action == "auto_apply"
}

test_confirmed_must_be_boolean if {
	rejected_by(decide({"rule": {"confirmed": "no"}}), "input_shape")
}
