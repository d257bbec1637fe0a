// Loads the compiled WAF rule gatekeeper (policies/dist/gatekeeper, built from
// policies/gatekeeper by ops/build-policies.sh): given a generated rule, the evidence that
// triggered it and optionally the target tier, it decides auto_apply / human_review /
// log_only / reject. Thresholds live in the bundle's data.json, so changing them changes
// the bundle version recorded with every decision.
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { loadBundle, type PolicyManifest } from './loader';

export const GATEKEEPER_BUNDLE_DIR = fileURLToPath(new URL('./dist/gatekeeper', import.meta.url));
export const GATEKEEPER_ENTRYPOINT = 'bulwark/gatekeeper/decision';

export const GATEKEEPER_ACTIONS = ['auto_apply', 'human_review', 'log_only', 'reject'] as const;
export type GatekeeperAction = (typeof GATEKEEPER_ACTIONS)[number];

export interface GatekeeperInput {
  rule: {
    /** The SecRule id (reserved range) or another stable rule identifier. */
    id: number | string;
    attack_class: string;
    /** 0..1; the decision uses min(rule.confidence, evidence.confidence). */
    confidence: number;
    /** True only when the rule loaded and blocked/allowed as predicted on real ModSecurity. */
    verified: boolean;
    /** Fraction (0..1) of the benign corpus the rule blocked. */
    fp_rate: number;
    families: string[];
  };
  /** The detection verdict and confidence of the evidence that triggered the rule. */
  evidence: { verdict: string; confidence: number };
  /** Absent: the default thresholds; prod has its own (stricter) entry in data.json. */
  environment?: { tier: string };
}

const RegoGatekeeperSchema = z.object({
  action: z.enum(GATEKEEPER_ACTIONS),
  reasons: z.array(z.string()).min(1),
});

export interface GatekeeperDecision extends z.infer<typeof RegoGatekeeperSchema> {
  /** manifest.sha256 of the bundle that decided; record it with the rule's outcome. */
  policy_version: string;
}

export interface GatekeeperEngine {
  version: string;
  manifest: PolicyManifest;
  evaluate(input: GatekeeperInput): GatekeeperDecision;
}

export async function loadGatekeeperBundle(dir: string = GATEKEEPER_BUNDLE_DIR): Promise<GatekeeperEngine> {
  const bundle = await loadBundle<GatekeeperInput, z.infer<typeof RegoGatekeeperSchema>>(
    dir,
    GATEKEEPER_ENTRYPOINT,
    RegoGatekeeperSchema,
  );
  return {
    version: bundle.version,
    manifest: bundle.manifest,
    evaluate: (input) => ({ ...bundle.evaluate(input), policy_version: bundle.version }),
  };
}
