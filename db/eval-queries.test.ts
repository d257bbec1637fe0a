import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_BACKENDS, type TestDb } from '../test/support/db';
import {
  ACTION_DISTRIBUTION_SQL,
  BREAKAGE_RISK_SQL,
  GATE_PASS_RATE_SQL,
  REWARD_TREND_SQL,
} from './eval-queries';
import { decisions, rewards, simulations } from './schema';

const sims = [
  { passFail: true, breakageRisk: 0.1 },
  { passFail: true, breakageRisk: 0.25 },
  { passFail: false, breakageRisk: 0.8 },
  { passFail: true, breakageRisk: 0.05 },
  { passFail: false, breakageRisk: 0.6 },
];

const base = Date.parse('2025-03-14T09:26:00.000Z');
const rewardRows = [
  { at: base + 5_000, value: 1.0 },
  { at: base + 40_000, value: 0.5 },
  { at: base + 70_000, value: -0.2 },
  { at: base + 95_250, value: 0.4 },
  { at: base + 119_999, value: 0.3 },
];

const decisionActions = ['restrict_ingress', 'enforce_mfa', 'restrict_ingress', null, 'enforce_mfa', 'restrict_ingress'];

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/** percentile_cont: linear interpolation between the closest ranks. */
function percentileCont(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  const pos = p * (s.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return s[lo] + (s[hi] - s[lo]) * (pos - lo);
}

describe.each(TEST_BACKENDS)('evaluation queries ($name)', ({ create }) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await create();
  });
  afterAll(() => t?.close());

  it('answer sensibly on empty tables', async () => {
    expect(await t.execute(GATE_PASS_RATE_SQL)).toEqual([{ gate_pass_rate: null }]);
    expect(await t.execute(BREAKAGE_RISK_SQL)).toEqual([{ avg_breakage_risk: null, p95_breakage_risk: null }]);
    expect(await t.execute(REWARD_TREND_SQL)).toEqual([]);
    expect(await t.execute(ACTION_DISTRIBUTION_SQL)).toEqual([]);
  });

  it('run unchanged and return the right numbers', async () => {
    await t.db.insert(simulations).values(
      sims.map((s, i) => ({
        workflowId: `cycle-${i}`,
        actionId: 'restrict_ingress',
        passFail: s.passFail,
        predictedImpact: { breakage_risk: s.breakageRisk, broken_flows: [], risk_delta: -0.1 * i },
        reasons: s.passFail ? [] : ['breakage_risk above threshold'],
      })),
    );
    await t.db.insert(rewards).values(
      rewardRows.map((r, i) => ({
        workflowId: `cycle-${i}`,
        environment: 'prod-web',
        ts: new Date(r.at),
        actionId: 'restrict_ingress',
        rewardValue: r.value,
        components: { risk_reduction: r.value },
      })),
    );
    await t.db.insert(decisions).values(
      decisionActions.map((actionId, i) => ({
        workflowId: `cycle-${i}`,
        environment: 'prod-web',
        actionId,
        source: 'agent',
        propensity: 0.5,
      })),
    );

    const [gate] = await t.execute(GATE_PASS_RATE_SQL);
    expect(gate.gate_pass_rate).toBeCloseTo(sims.filter((s) => s.passFail).length / sims.length, 12);

    const risks = sims.map((s) => s.breakageRisk);
    const [risk] = await t.execute(BREAKAGE_RISK_SQL);
    expect(risk.avg_breakage_risk).toBeCloseTo(mean(risks), 12);
    expect(risk.p95_breakage_risk).toBeCloseTo(percentileCont(risks, 0.95), 12);

    const byMinute = new Map<number, number[]>();
    for (const r of rewardRows) {
      const minute = Math.floor(r.at / 60_000) * 60_000;
      byMinute.set(minute, [...(byMinute.get(minute) ?? []), r.value]);
    }
    const expectedTrend = [...byMinute.entries()].sort(([a], [b]) => a - b);
    expect(expectedTrend).toHaveLength(2);
    const trend = await t.execute(REWARD_TREND_SQL);
    expect(trend).toHaveLength(expectedTrend.length);
    trend.forEach((row, i) => {
      expect(row.t).toBeInstanceOf(Date);
      expect((row.t as Date).getTime()).toBe(expectedTrend[i][0]);
      expect(row.avg_reward).toBeCloseTo(mean(expectedTrend[i][1]), 12);
    });

    const counts = new Map<string | null, number>();
    for (const a of decisionActions) counts.set(a, (counts.get(a) ?? 0) + 1);
    const expectedDist = [...counts.entries()]
      .sort(([, a], [, b]) => b - a)
      .map(([action_id, c]) => ({ action_id, c }));
    expect(await t.execute(ACTION_DISTRIBUTION_SQL)).toEqual(expectedDist);
  });
});
