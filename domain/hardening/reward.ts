// Reward = risk reduction − breakage penalty − cost, with outcome penalties so
// the agent learns to avoid proposals that the gates refuse or that regress.
import type { CycleOutcome } from './cycle-outcome';

/**
 * The cycle's own outcome, so every penalty below is the one the cycle earned (no remapping).
 * A cancelled run is excluded on purpose: an operator withdrew it, which says nothing about
 * the action, and learning from it would let the cancel button steer the agent.
 */
export type RewardOutcome = Exclude<CycleOutcome, 'cancelled'>;

export interface RewardInput {
  riskBefore: number;
  riskAfter: number;
  breakageRisk: number;
  cost: number;
  regression: boolean;
  outcome: RewardOutcome;
}

/** Risk is in [0,1] and single actions move it by a few hundredths; scale so that matters next to cost. */
export const RISK_SCALE = 20;
export const BREAKAGE_WEIGHT = 0.3;
export const REGRESSION_PENALTY = 2;

// Masking should keep denied or failing proposals away; when one slips through
// (an operator action, a stale mask) the penalty teaches the agent anyway.
const OUTCOME_PENALTY: Record<RewardOutcome, number> = {
  applied: 0,
  recommended: 0,
  no_action: 0,
  policy_denied: 0.3,
  simulation_failed: 0.5,
  rejected: 0.3,
  approval_timed_out: 0.1,
  rolled_back: 1,
  execution_failed: 0.3,
  failed: 0.3,
  // The change (or its undo) left the environment in a state a human must check: as bad as a rollback.
  compensation_failed: 1,
};

/** Only these outcomes change (or, for recommend-only, would change) the posture. */
const REALISES_RISK: ReadonlySet<RewardOutcome> = new Set(['applied', 'recommended']);
/** Outcomes in which the change was attempted, so its operational cost was paid. */
const PAYS_COST: ReadonlySet<RewardOutcome> = new Set(['applied', 'recommended', 'rolled_back', 'execution_failed', 'compensation_failed']);

export function computeReward(x: RewardInput): { value: number; components: Record<string, number> } {
  for (const k of ['riskBefore', 'riskAfter', 'breakageRisk', 'cost'] as const)
    if (!Number.isFinite(x[k])) throw new Error(`computeReward: ${k} must be a finite number, got ${x[k]}`);
  // A recommendation is rewarded on the predicted reduction: nothing was applied,
  // but the agent must still learn which proposals are worth making.
  const components: Record<string, number> = {
    risk_reduction: REALISES_RISK.has(x.outcome) ? RISK_SCALE * (x.riskBefore - x.riskAfter) : 0,
    breakage_penalty: x.outcome === 'no_action' ? 0 : -BREAKAGE_WEIGHT * clamp01(x.breakageRisk),
    cost: PAYS_COST.has(x.outcome) ? -clamp01(x.cost) : 0,
    regression_penalty: x.regression || x.outcome === 'rolled_back' ? -REGRESSION_PENALTY : 0,
    outcome_penalty: -OUTCOME_PENALTY[x.outcome],
  };
  for (const k of Object.keys(components)) components[k] = round(components[k]);
  const value = round(Object.values(components).reduce((s, v) => s + v, 0));
  return { value, components };
}

const clamp01 = (v: number) => Math.min(1, Math.max(0, v));
const round = (v: number) => Math.round(v * 1e6) / 1e6 + 0;
