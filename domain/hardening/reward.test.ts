import { describe, expect, it } from 'vitest';
import { computeReward, type RewardInput } from './reward';

const base: RewardInput = { riskBefore: 0.5, riskAfter: 0.47, breakageRisk: 0.1, cost: 0.05, regression: false, outcome: 'applied' };
const r = (x: Partial<RewardInput>) => computeReward({ ...base, ...x });

describe('computeReward', () => {
  it('a useful, safe, applied change is positive and its components add up', () => {
    const { value, components } = r({});
    expect(value).toBeGreaterThan(0);
    expect(Object.values(components).reduce((s, v) => s + v, 0)).toBeCloseTo(value, 9);
    expect(components.risk_reduction).toBeGreaterThan(0);
    expect(components.breakage_penalty).toBeLessThan(0);
    expect(components.cost).toBe(-0.05);
  });

  it('more risk reduction, less breakage, lower cost each mean more reward', () => {
    expect(r({ riskAfter: 0.4 }).value).toBeGreaterThan(r({}).value);
    expect(r({ breakageRisk: 0.4 }).value).toBeLessThan(r({}).value);
    expect(r({ cost: 0.2 }).value).toBeLessThan(r({}).value);
  });

  it('a change that raises risk is negative', () => {
    expect(r({ riskAfter: 0.55 }).value).toBeLessThan(0);
  });

  it('regression and rollback are strongly negative, worse than any gate refusal', () => {
    const rolledBack = r({ outcome: 'rolled_back', regression: true }).value;
    expect(rolledBack).toBeLessThan(-2);
    for (const o of ['policy_denied', 'simulation_failed', 'rejected', 'execution_failed', 'no_action'] as const)
      expect(r({ outcome: o }).value).toBeGreaterThan(rolledBack);
    expect(r({ regression: true }).value).toBeLessThan(-1);
  });

  it('refused proposals earn no risk reduction and a penalty; no_action is neutral', () => {
    for (const o of ['policy_denied', 'simulation_failed', 'rejected'] as const) {
      const x = r({ outcome: o });
      expect(x.components.risk_reduction).toBe(0);
      expect(x.value).toBeLessThan(0);
    }
    expect(r({ outcome: 'no_action', breakageRisk: 0, cost: 0 }).value).toBe(0);
  });

  it('recommend-only is rewarded on the predicted reduction', () => {
    expect(r({ outcome: 'recommended' }).value).toBe(r({}).value);
  });

  it('an approval timeout earns its own (milder) penalty, not the rejection one', () => {
    // The cycle's outcome reaches the reward unchanged (activities/hardening/agent.ts used to remap it to 'rejected').
    const timedOut = r({ outcome: 'approval_timed_out' });
    const rejected = r({ outcome: 'rejected' });
    expect(timedOut.components.outcome_penalty).toBe(-0.1);
    expect(rejected.components.outcome_penalty).toBe(-0.3);
    expect(timedOut.components.risk_reduction).toBe(0);
    expect(timedOut.value).toBeGreaterThan(rejected.value);
  });

  it('a failed compensation is as bad as a rollback and pays the cost', () => {
    const failed = r({ outcome: 'compensation_failed' });
    expect(failed.components.outcome_penalty).toBe(-1);
    expect(failed.components.cost).toBe(-0.05);
    expect(failed.components.risk_reduction).toBe(0);
  });

  it('rejects non-finite inputs', () => {
    expect(() => r({ riskAfter: Number.NaN })).toThrow(/riskAfter/);
  });
});
