// GET /api/v1/evaluation on real Postgres and PGlite: the seed's four metrics as JSON numbers
// (postgres.js returns numeric as text; the route must not) and posture oldest first.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cycles, decisions, rewards, simulations } from '../../db/schema';
import { TEST_BACKENDS, type TestDb } from '../../test/support/db';
import { createApp } from '../app';
import { TEST_CONFIG, throwingTemporal } from '../test-support';

const risks = [0.1, 0.3, 0.8, 0.2];
const passes = [true, true, false, true];
const base = Date.parse('2026-11-30T09:00:00.000Z');

describe.each(TEST_BACKENDS)('GET /api/v1/evaluation ($name)', ({ create }) => {
  let t: TestDb;
  const get = async () => {
    const app = createApp({ db: t.db, temporal: throwingTemporal(), config: TEST_CONFIG });
    const res = await app.request('/api/v1/evaluation');
    expect(res.status).toBe(200);
    return (await res.json()) as any;
  };
  beforeAll(async () => {
    t = await create();
  });
  afterAll(() => t?.close());

  it('answers nulls and empty series before any cycle', async () => {
    expect(await get()).toEqual({ gatePassRate: null, breakageRisk: { avg: null, p95: null }, rewardTrend: [], actionDistribution: [], posture: [] });
  });

  it('computes the metrics and the posture per cycle', async () => {
    await t.db.insert(simulations).values(
      risks.map((r, i) => ({ workflowId: `c-${i}`, actionId: 'restrict_ingress', passFail: passes[i], predictedImpact: { breakage_risk: r }, reasons: [] })),
    );
    await t.db.insert(rewards).values(
      [0.5, 1, -0.5].map((v, i) => ({ workflowId: `c-${i}`, environment: 'sandbox', ts: new Date(base + i * 40_000), actionId: 'restrict_ingress', rewardValue: v, components: {} })),
    );
    await t.db.insert(decisions).values(
      ['enforce_mfa', 'restrict_ingress', 'restrict_ingress', null].map((actionId, i) => ({ workflowId: `c-${i}`, environment: 'sandbox', actionId, source: 'agent', propensity: 0.5 })),
    );
    // Inserted newest first: the answer must still be oldest first; the cycle without risk is left out.
    await t.db.insert(cycles).values([
      { workflowId: 'c-1', environment: 'prod', trigger: 'api', requester: 'a', mode: 'sandbox', status: 'completed', summary: { riskBefore: 0.5, riskAfter: 0.4 }, startedAt: new Date(base + 60_000) },
      { workflowId: 'c-0', environment: 'sandbox', trigger: 'api', requester: 'a', mode: 'sandbox', status: 'running', summary: { riskBefore: 0.7 }, startedAt: new Date(base) },
      { workflowId: 'c-2', environment: 'sandbox', trigger: 'api', requester: 'a', mode: 'sandbox', status: 'running', summary: null, startedAt: new Date(base + 90_000) },
    ]);
    const e = await get();
    expect(e.gatePassRate).toBeCloseTo(0.75, 12);
    expect(e.breakageRisk.avg).toBeCloseTo(0.35, 12);
    // percentile_cont(0.95) over [0.1, 0.2, 0.3, 0.8]: 0.3 + 0.85 * 0.5
    expect(e.breakageRisk.p95).toBeCloseTo(0.725, 12);
    expect(e.rewardTrend).toEqual([
      { t: '2026-11-30T09:00:00.000Z', avgReward: 0.75 },
      { t: '2026-11-30T09:01:00.000Z', avgReward: -0.5 },
    ]);
    expect(e.actionDistribution[0]).toEqual({ actionId: 'restrict_ingress', count: 2 });
    expect(e.actionDistribution).toHaveLength(3);
    expect(e.posture).toEqual([
      { environment: 'sandbox', workflowId: 'c-0', ts: '2026-11-30T09:00:00.000Z', riskBefore: 0.7, riskAfter: null },
      { environment: 'prod', workflowId: 'c-1', ts: '2026-11-30T09:01:00.000Z', riskBefore: 0.5, riskAfter: 0.4 },
    ]);
  });
});
