// A generated rule is only proposed if, with the same transformations the engine applies,
// it matches every triggering payload and every known variant of it, and stays under the
// false-positive budget on benign traffic. Pure: callers load the corpora and pass strings.
import { compileRe2 } from './re2-safety';
import { applyTransforms, formDecode } from './transforms';
import type { GeneratedRule } from './types';
import { generateVariants, type Variant } from './variants';

/** Strictly below 0.1 % of benign values may match (issue 4). */
export const MAX_FP_RATE = 0.001;

export interface VerifyInput {
  /** Payloads as the application saw them (already decoded once by the request parser). */
  triggering: readonly string[];
  /** Benign parameter values; must be non-empty, an unmeasured FP rate is not a pass. */
  benign: readonly string[];
}

export interface VerifyResult {
  ok: boolean;
  matchedTriggering: number;
  missed: string[];
  variantsTested: number;
  variantsMissed: (Variant & { payload: string })[];
  falsePositives: string[];
  fpRate: number;
  reasons: string[];
}

type RuleCore = Pick<GeneratedRule, 'attackClass' | 'pattern' | 'transforms'>;

/** Does the rule fire on this ARGS value? */
export function ruleMatchesValue(rule: RuleCore, value: string): boolean {
  return compileRe2(rule.pattern).matcher(applyTransforms(value, rule.transforms)).find();
}

export function verifyRule(rule: RuleCore, input: VerifyInput): VerifyResult {
  const missed = input.triggering.filter((p) => !ruleMatchesValue(rule, p));
  const variantsMissed: VerifyResult['variantsMissed'] = [];
  let variantsTested = 0;
  for (const payload of input.triggering) {
    for (const v of generateVariants(payload, rule.attackClass)) {
      variantsTested++;
      if (!ruleMatchesValue(rule, formDecode(v.wire))) variantsMissed.push({ ...v, payload });
    }
  }
  const falsePositives = input.benign.filter((b) => ruleMatchesValue(rule, b));
  const fpRate = input.benign.length ? falsePositives.length / input.benign.length : 1;
  const reasons: string[] = [];
  if (input.triggering.length === 0) reasons.push('no triggering payloads to verify against');
  if (missed.length) reasons.push(`${missed.length} triggering payload(s) not matched`);
  if (variantsMissed.length) reasons.push(`${variantsMissed.length} variant(s) not matched`);
  if (input.benign.length === 0) reasons.push('empty benign corpus: false-positive rate unmeasured');
  else if (fpRate >= MAX_FP_RATE) reasons.push(`false-positive rate ${(fpRate * 100).toFixed(3)}% ≥ ${MAX_FP_RATE * 100}%`);
  return {
    ok: reasons.length === 0,
    matchedTriggering: input.triggering.length - missed.length,
    missed,
    variantsTested,
    variantsMissed,
    falsePositives,
    fpRate,
    reasons,
  };
}
