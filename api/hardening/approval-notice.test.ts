// The seed demo loop's cycles that wait for approval say so: the POST /cycle/run 202 body and
// the timeline (GET /timeline, GET /api/v1/timeline) name the state, why, who may approve, and
// the exact call; a decided cycle's entry names who answered.
import { describe, expect, it } from 'vitest';
import { approvals, cycles, policyDecisions, simulations } from '../../db/schema';
import { FakeTemporal, jsonReq, makeApp } from '../test-support';

const REASON = 'permission removal without owner_approved tag';

describe('cycles awaiting approval say so', () => {
  it('POST /cycle/run answers 202 with state, reasons, who may approve and the approve call', async () => {
    const fake = new FakeTemporal();
    const { app, db } = await makeApp({ temporal: fake.client(), config: { CYCLE_RUN_WAIT_SECONDS: 1 } });
    fake.onStart = (wf) => {
      Object.assign(wf.status, { stage: 'awaiting_approval', awaitingApproval: true, policy: { allow: true, requires_approval: true, approval_reasons: [REASON], deny_reasons: [], policy_version: 'v' } });
    };
    try {
      // A server on another PORT: the curl hint names the address the caller used, not the default.
      const res = await app.request('http://127.0.0.1:18480/cycle/run', jsonReq('POST', { environment: 'sandbox' }));
      expect(res.status).toBe(202);
      const body = (await res.json()) as Record<string, any>;
      const id = body.workflowId as string;
      expect(body).toMatchObject({
        state: 'awaiting_approval',
        approval: {
          state: 'awaiting_approval',
          requester: 'seed-api',
          why: [REASON],
          approve: { method: 'POST', path: `/api/v1/cycles/${id}/approve`, body: { approver: '<your name>' } },
          reject: { path: `/api/v1/cycles/${id}/reject` },
        },
        status: { awaitingApproval: true },
      });
      expect(body.approval.whoMayApprove).toMatch(/except seed-api/);
      expect(body.approval.curl).toContain(`'http://127.0.0.1:18480/api/v1/cycles/${id}/approve'`);
      expect(body.message).toContain('http://127.0.0.1:18480/api/v1/cycles/');
      expect(body.approval.preApprove).toMatch(/standing-approvals/);
      expect(body.message).toMatch(new RegExp(`^${id} awaits approval by anyone but seed-api: ${REASON}`));

      fake.onStart = () => {};
      const running = (await (await app.request('/cycle/run', jsonReq('POST', { environment: 'sandbox' }))).json()) as Record<string, unknown>;
      expect(running).toMatchObject({ state: 'running', approval: null });
    } finally {
      await db.close();
    }
  });

  it('the timeline marks waiting cycles with the notice and decided ones with who answered', async () => {
    const { app, db } = await makeApp({ temporal: new FakeTemporal().client() });
    try {
      const base = { environment: 'sandbox', trigger: 'seed-api', requester: 'seed-api', mode: 'sandbox' };
      const [waiting, decided, free] = ['hardening-cycle:sandbox:000101', 'hardening-cycle:sandbox:000102', 'hardening-cycle:sandbox:000103'];
      await db.db.insert(cycles).values([
        { ...base, workflowId: waiting, status: 'running', startedAt: new Date('2026-01-01T00:03:00Z') },
        { ...base, workflowId: decided, status: 'completed', outcome: 'applied', startedAt: new Date('2026-01-01T00:02:00Z') },
        { ...base, workflowId: free, status: 'completed', outcome: 'applied', startedAt: new Date('2026-01-01T00:01:00Z') },
      ]);
      const policy = (workflowId: string, requiresApproval: boolean) => ({ workflowId, actionId: 'remove_unused_permissions', allowed: true, reasons: [], requiresApproval, approvalReasons: requiresApproval ? [REASON] : [], policyVersion: 'v1', input: {} });
      await db.db.insert(policyDecisions).values([policy(waiting, true), policy(decided, true), policy(free, false)]);
      await db.db.insert(simulations).values([waiting, decided, free].map((workflowId) => ({ workflowId, actionId: 'remove_unused_permissions', passFail: true, predictedImpact: { breakage_risk: 0.1 }, reasons: [] })));
      await db.db.insert(approvals).values({ workflowId: decided, requester: 'seed-api', approver: 'bob', decision: 'approved', comment: 'ok', reasons: [REASON] });

      for (const path of ['/timeline?limit=10', '/api/v1/timeline?limit=10']) {
        const rows = (await (await app.request(path)).json()) as Record<string, any>[];
        const by = Object.fromEntries(rows.map((r) => [r.workflowId, r]));
        expect(by[waiting]).toMatchObject({ awaitingApproval: true, approval: { state: 'awaiting_approval', why: [REASON], approve: { path: `/api/v1/cycles/${waiting}/approve` } } });
        expect(by[decided]).toMatchObject({ awaitingApproval: false, approval: { state: 'approved', approver: 'bob', comment: 'ok' } });
        expect(by[free]).toMatchObject({ awaitingApproval: false, approval: null });
      }
    } finally {
      await db.close();
    }
  });
});
