// GET /timeline: cycles newest first, each joined with the steps it recorded; a cycle that
// stopped early shows null steps, and a compensation row does not duplicate its cycle.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../db/client';
import { cycles, decisions, executions, policyDecisions, rewards, simulations, verifications } from '../../db/schema';
import { makeApp, throwingTemporal } from '../test-support';

let app: Awaited<ReturnType<typeof makeApp>>['app'];
let db: DbHandle;
const FULL = 'hardening-cycle:sandbox:000001';
const EARLY = 'hardening-cycle:sandbox:000002';

beforeAll(async () => {
  ({ app, db } = await makeApp({ temporal: throwingTemporal() }));
  const d = db.db;
  const t0 = new Date('2025-01-01T00:00:00Z');
  const base = { environment: 'sandbox', trigger: 'seed-api', requester: 'seed-api', mode: 'sandbox' };
  await d.insert(cycles).values([
    { ...base, workflowId: FULL, status: 'completed', outcome: 'rolled_back', startedAt: t0, summary: { riskBefore: 0.6, riskAfter: 0.6 } },
    { ...base, workflowId: EARLY, status: 'completed', outcome: 'policy_denied', startedAt: new Date(t0.getTime() + 60_000) },
  ]);
  await d.insert(decisions).values({ workflowId: FULL, environment: 'sandbox', actionId: 'close_port', target: 'web', params: {}, source: 'agent', propensity: 0.8, explanation: { summary: 'exposed' } });
  await d.insert(policyDecisions).values({ workflowId: FULL, actionId: 'close_port', allowed: true, reasons: [], requiresApproval: false, approvalReasons: [], policyVersion: 'v1', input: {} });
  await d.insert(simulations).values({ workflowId: FULL, actionId: 'close_port', passFail: true, predictedImpact: { breakage_risk: 0.1 }, reasons: [] });
  const exec = { workflowId: FULL, mode: 'sandbox', status: 'applied', actionId: 'close_port', target: 'web', params: {} };
  await d.insert(executions).values([
    { ...exec, idempotencyKey: `${FULL}:execute`, kind: 'apply' },
    { ...exec, idempotencyKey: `${FULL}:compensate`, kind: 'compensate', actionId: 'open_port' },
  ]);
  await d.insert(verifications).values({ workflowId: FULL, regression: true, brokenFlows: ['checkout'], riskAfter: 0.5, details: [] });
  await d.insert(rewards).values({ workflowId: FULL, environment: 'sandbox', actionId: 'close_port', rewardValue: -0.5, components: {} });
});
afterAll(() => db.close());

describe('GET /timeline', () => {
  it('returns cycles newest first with their joined steps', async () => {
    const res = await app.request('/timeline?limit=50');
    expect(res.status).toBe(200);
    const rows = (await res.json()) as Record<string, any>[];
    expect(rows.map((r) => r.workflowId)).toEqual([EARLY, FULL]);
    expect(rows[0]).toMatchObject({ outcome: 'policy_denied', decision: null, simulation: null, execution: null, reward: null });
    expect(rows[1]).toMatchObject({
      outcome: 'rolled_back',
      riskBefore: 0.6,
      decision: { actionId: 'close_port', propensity: 0.8, explanation: { summary: 'exposed' } },
      policy: { allowed: true, requiresApproval: false },
      simulation: { pass_fail: true, predicted_impact: { breakage_risk: 0.1 } },
      execution: { status: 'applied' },
      verification: { regression: true, brokenFlows: ['checkout'] },
      reward: { value: -0.5 },
    });
  });

  it('honours limit and defaults to 50', async () => {
    expect(((await (await app.request('/timeline?limit=1')).json()) as unknown[]).length).toBe(1);
    expect(((await (await app.request('/timeline')).json()) as unknown[]).length).toBe(2);
  });
});
