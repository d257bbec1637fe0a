// Generate, then verify; only a verified rule is proposed to the gatekeeper. A failed rule is
// returned with its verification so the caller can log why nothing was proposed.
import { generateRule, RuleGenerationError, type GenerateOptions } from './generate';
import { UnsafePatternError } from './re2-safety';
import type { ConfirmedExploit, GeneratedRule } from './types';
import { verifyRule, type VerifyResult } from './verify';

export type Proposal =
  | { proposed: true; rule: GeneratedRule; verification: VerifyResult }
  | { proposed: false; reason: string; rule?: GeneratedRule; verification?: VerifyResult };

export function proposeRule(exploit: ConfirmedExploit, opts: GenerateOptions & { benign: readonly string[] }): Proposal {
  let rule: GeneratedRule;
  try {
    rule = generateRule(exploit, opts);
  } catch (err) {
    if (err instanceof RuleGenerationError || err instanceof UnsafePatternError) return { proposed: false, reason: err.message };
    throw err;
  }
  const verification = verifyRule(rule, { triggering: exploit.payloads, benign: opts.benign });
  if (!verification.ok) return { proposed: false, reason: verification.reasons.join('; '), rule, verification };
  return { proposed: true, rule, verification };
}
