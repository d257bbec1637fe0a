// /api/v1/incidents through app.request(), with a real worker on the shared dev server.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CycleHarness } from '../../test/support/cycle-harness';
import { registerIncidentLab } from '../../test/support/containment-harness';
import { withCycleHarness } from '../../test/support/suites';
import { createApp } from '../app';
import { TEST_CONFIG } from '../test-support';

describe('/api/v1/incidents', () => {
  let env: TestWorkflowEnvironment;
  let h: CycleHarness;
  let worker: Worker;
  let running: Promise<void>;
  let app: ReturnType<typeof createApp>;
  withCycleHarness('pglite', (ctx) => ({ env, h } = ctx));
  beforeAll(async () => {
    await registerIncidentLab(h);
    worker = await h.newWorker(env);
    running = worker.run();
    app = createApp({ db: h.db.db, temporal: env.client, config: TEST_CONFIG, queues: { hardening: h.taskQueue } });
  });
  afterAll(async () => {
    worker?.shutdown();
    await running;
  });

  const post = (path: string, body: unknown) =>
    app.request(path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  const get = async (path: string) => {
    const res = await app.request(path);
    return { status: res.status, body: (await res.json()) as Record<string, unknown> & { live: Record<string, unknown> | null } };
  };
  const holding = (id: string) =>
    expect.poll(async () => (await get(`/api/v1/incidents/${id}`)).body.live?.stage, { timeout: 30_000, interval: 200 }).toBe('holding');

  it('raises, holds, extends, escalates and resolves an incident; the same id twice is the same workflow', async () => {
    const body = {
      incidentId: 'inc-api-1',
      environment: 'sandbox',
      severity: 8,
      signals: ['unusual_egress'],
      suspects: [{ kind: 'source', id: '203.0.113.7' }],
      requester: 'alice',
      tags: { owner_approved: 'true' },
    };
    const first = await post('/api/v1/incidents', body);
    expect(first.status).toBe(202);
    const ref = (await first.json()) as { incidentId: string; workflowId: string };
    expect(ref).toEqual({ incidentId: 'inc-api-1', workflowId: 'incident-containment:sandbox:inc-api-1' });
    const again = await post('/api/v1/incidents', body);
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual(ref);

    await holding('inc-api-1');
    const view = await get(`/api/v1/incidents/${ref.workflowId}`);
    expect(view.body).toMatchObject({ incidentId: 'inc-api-1', environment: 'sandbox', status: 'running', outcome: 'contained', liveSource: 'live' });
    expect(view.body.propagationAfter).toBe(0);

    const extended = await post('/api/v1/incidents/inc-api-1/extend', { actor: 'carol', expiresIn: '48h' });
    expect(extended.status).toBe(200);
    expect(Object.keys((await extended.json()) as object)).toEqual(['expiresAt']);
    const escalated = await post('/api/v1/incidents/inc-api-1/escalate', { actor: 'carol', suspects: [{ kind: 'identity', id: 'dev-alice' }] });
    expect(await escalated.json()).toEqual({ escalation: 1 });
    await expect.poll(async () => ((await get('/api/v1/incidents/inc-api-1')).body.live?.steps as unknown[]).length, { timeout: 30_000 }).toBe(2);
    await holding('inc-api-1');

    const resolved = await post('/api/v1/incidents/inc-api-1/resolve', { resolver: 'carol', comment: 'evicted' });
    expect(resolved.status).toBe(200);
    await expect.poll(async () => (await get('/api/v1/incidents/inc-api-1')).body.outcome, { timeout: 30_000 }).toBe('resolved');
    const closed = await get('/api/v1/incidents/inc-api-1');
    expect(closed.body).toMatchObject({ status: 'completed', liveSource: 'stored' });
    expect(closed.body.live).toMatchObject({ restored: true, resolvedBy: 'carol' });

    const late = await post('/api/v1/incidents/inc-api-1/resolve', { resolver: 'carol' });
    expect(late.status).toBe(409);
    expect(await late.json()).toMatchObject({ code: 'not_holding' });
    const list = await get('/api/v1/incidents?environment=sandbox&outcome=resolved');
    expect((list.body as unknown as { workflowId: string }[]).map((r) => r.workflowId)).toContain(ref.workflowId);
  });

  it('approval through the API refuses the requester (409) and accepts another approver', async () => {
    const res = await post('/api/v1/incidents', { environment: 'incident-lab', severity: 9, suspects: [{ kind: 'identity', id: 'analyst' }], requester: 'alice' });
    expect(res.status).toBe(202);
    const { incidentId } = (await res.json()) as { incidentId: string };
    expect(incidentId).toMatch(/^inc-\d{4}-\d{2}-\d{2}-[0-9a-f]{8}$/);
    await expect.poll(async () => (await get(`/api/v1/incidents/${incidentId}`)).body.live?.awaitingApproval, { timeout: 30_000 }).toBe(true);
    const self = await post(`/api/v1/incidents/${incidentId}/approve`, { approver: 'Alice' });
    expect(self.status).toBe(409);
    expect(await self.json()).toMatchObject({ code: 'self_approval_refused' });
    const ok = await post(`/api/v1/incidents/${incidentId}/approve`, { approver: 'bob' });
    expect(await ok.json()).toMatchObject({ approver: 'bob', decision: 'approved' });
    await holding(incidentId);
    const tooEarly = await post(`/api/v1/incidents/${incidentId}/extend`, { actor: 'bob', expiresIn: 'soon' });
    expect(tooEarly.status).toBe(400);
    expect(await tooEarly.json()).toMatchObject({ code: 'invalid_request', message: expect.stringMatching(/expiresIn/) });
    expect((await post(`/api/v1/incidents/${incidentId}/resolve`, { resolver: 'bob' })).status).toBe(200);
  });

  it('cancel: 202 cancelling, then outcome cancelled with holds released; 409 once closed, 404 unknown', async () => {
    const res = await post('/api/v1/incidents', { incidentId: 'inc-api-cancel', environment: 'sandbox', severity: 8, suspects: [{ kind: 'source', id: '203.0.113.9' }], requester: 'alice', tags: { owner_approved: 'true' } });
    expect(res.status).toBe(202);
    await holding('inc-api-cancel');
    const cancel = await post('/api/v1/incidents/inc-api-cancel/cancel', {});
    expect(cancel.status).toBe(202);
    const wf = 'incident-containment:sandbox:inc-api-cancel';
    expect(await cancel.json()).toEqual({ workflowId: wf, incidentId: 'inc-api-cancel', state: 'cancelling', status: `/api/v1/incidents/${wf}` });
    await expect.poll(async () => (await get('/api/v1/incidents/inc-api-cancel')).body.status, { timeout: 30_000, interval: 200 }).toBe('completed');
    const view = await get('/api/v1/incidents/inc-api-cancel');
    expect(view.body).toMatchObject({ outcome: 'cancelled', liveSource: 'stored' });
    expect(view.body.live).toMatchObject({ stage: 'done', restored: true, compensationFailures: [] });
    const steps = view.body.live?.steps as { step: string; status: string }[];
    expect(steps.length).toBeGreaterThan(0);
    expect(steps.map((st) => st.status)).toEqual(steps.map(() => 'released'));
    expect(view.body.live?.compensated).toEqual(steps.map((st) => st.step));
    const again = await post('/api/v1/incidents/inc-api-cancel/cancel', {});
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ code: 'not_holding', message: expect.stringMatching(/already closed \(outcome cancelled\)/) });
    const unknown = await post('/api/v1/incidents/never-raised/cancel', {});
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ code: 'incident_not_found' });
  });

  it('a prod-tier incident without a change ticket: the answer names the missing ticket', async () => {
    const res = await post('/api/v1/incidents', { incidentId: 'inc-api-prod', environment: 'prod-payments', severity: 8, suspects: [{ kind: 'source', id: '198.51.100.23' }], requester: 'alice' });
    expect(res.status).toBe(202);
    await expect.poll(async () => (await get('/api/v1/incidents/inc-api-prod')).body.status, { timeout: 30_000, interval: 200 }).toBe('completed');
    const view = await get('/api/v1/incidents/inc-api-prod');
    expect(view.body).toMatchObject({ outcome: 'failed', liveSource: 'stored' });
    expect(view.body.error).toMatch(/^no containment action could be applied: no change ticket for prod-tier asset gateway: action block_waf_source@gateway excluded/);
    expect(view.body.live?.error).toBe(view.body.error);
  });

  it('refuses what cannot be contained before starting anything', async () => {
    const bad = await post('/api/v1/incidents', { environment: 'sandbox', severity: 8, suspects: [{ kind: 'service', id: 'nope' }], requester: 'alice' });
    expect(bad.status).toBe(404);
    expect(await bad.json()).toEqual({ code: 'suspect_not_found', message: 'suspects[0]: no asset "nope" in environment sandbox' });
    const sev = await post('/api/v1/incidents', { environment: 'sandbox', severity: 11, suspects: [{ kind: 'source', id: '1.2.3.4' }], requester: 'alice' });
    expect(sev.status).toBe(400);
    const env404 = await post('/api/v1/incidents', { environment: 'nowhere', severity: 8, suspects: [{ kind: 'source', id: '1.2.3.4' }], requester: 'alice' });
    expect(env404.status).toBe(404);
    expect((await get('/api/v1/incidents/incident-containment:sandbox:never')).status).toBe(404);
    expect((await get('/api/v1/incidents/never')).body).toMatchObject({ code: 'incident_not_found' });
  });
});
