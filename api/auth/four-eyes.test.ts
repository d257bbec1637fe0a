// Four-eyes with real tokens (auth on), through app.request(): containment approval on a real
// worker and Temporal, and applying a rule the gatekeeper held for a human (overriding it). The
// requester and the approver are whatever the tokens say: a body naming someone else is refused,
// and the requester's second token (an approver one, same name) cannot approve.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reproposeRule } from '../../repo/threat/rule-repropose';
import { applyRule, getRule, proposeRule, rejectRule } from '../../repo/threat/rules';
import { fixtureRule, provenanceFor } from '../../repo/threat/rules.test-support';
import { TokenStore } from '../../runtime/auth/token-store';
import { createAuditLog } from '../../sandbox/audit';
import { PgAuditSink } from '../../sandbox/pg-audit-sink';
import type { CycleHarness } from '../../test/support/cycle-harness';
import { registerIncidentLab } from '../../test/support/containment-harness';
import { withCycleHarness } from '../../test/support/suites';
import { createApp } from '../app';
import { TEST_CONFIG, jsonReq } from '../test-support';

describe('four-eyes with tokens', () => {
  let env: TestWorkflowEnvironment;
  let h: CycleHarness;
  let worker: Worker;
  let running: Promise<void>;
  let app: ReturnType<typeof createApp>;
  const token = {} as Record<'olgaOperator' | 'olgaApprover' | 'april' | 'viewer', string>;
  withCycleHarness('pglite', (ctx) => ({ env, h } = ctx));
  beforeAll(async () => {
    await registerIncidentLab(h);
    worker = await h.newWorker(env);
    running = worker.run();
    const tokens = new TokenStore(h.db.db);
    app = createApp({
      db: h.db.db,
      temporal: env.client,
      config: TEST_CONFIG,
      queues: { hardening: h.taskQueue },
      auth: { tokens, audit: createAuditLog(new PgAuditSink(h.db.db)) },
    });
    token.olgaOperator = (await tokens.create({ role: 'operator', name: 'olga' })).token;
    token.olgaApprover = (await tokens.create({ role: 'approver', name: 'Olga' })).token; // the same person, another token
    token.april = (await tokens.create({ role: 'approver', name: 'april' })).token;
    token.viewer = (await tokens.create({ role: 'viewer', name: 'vera' })).token;
  });
  afterAll(async () => {
    worker?.shutdown();
    await running;
  });

  const post = (path: string, body: unknown, as: string) => app.request(path, jsonReq('POST', body, { authorization: `Bearer ${as}` }));
  const get = async (path: string) => (await (await app.request(path, { headers: { authorization: `Bearer ${token.viewer}` } })).json()) as Record<string, unknown> & { live: Record<string, unknown> | null };
  const code = async (res: Response) => ((await res.json()) as { code: string }).code;

  it('containment approval: requester from the token, the requester under another token refused (409), another approver recorded from the token', async () => {
    const incident = { environment: 'incident-lab', severity: 9, suspects: [{ kind: 'identity', id: 'analyst' }] };
    const impersonated = await post('/api/v1/incidents', { ...incident, requester: 'bob' }, token.olgaOperator);
    expect(impersonated.status).toBe(403);
    expect(await code(impersonated)).toBe('identity_mismatch');

    const res = await post('/api/v1/incidents', incident, token.olgaOperator); // no requester in the body
    expect(res.status).toBe(202);
    const { incidentId } = (await res.json()) as { incidentId: string };
    await expect.poll(async () => (await get(`/api/v1/incidents/${incidentId}`)).live?.awaitingApproval, { timeout: 30_000 }).toBe(true);
    expect((await get(`/api/v1/incidents/${incidentId}`)).requester).toBe('olga');

    const self = await post(`/api/v1/incidents/${incidentId}/approve`, {}, token.olgaApprover);
    expect(self.status).toBe(409);
    expect(await code(self)).toBe('self_approval_refused');
    const selfReject = await post(`/api/v1/incidents/${incidentId}/reject`, { comment: 'never mind' }, token.olgaApprover);
    expect(await code(selfReject)).toBe('self_approval_refused');
    // Claiming to be someone else in the body does not get the requester past four-eyes.
    const claimed = await post(`/api/v1/incidents/${incidentId}/approve`, { approver: 'april' }, token.olgaApprover);
    expect(claimed.status).toBe(403);
    expect(await code(claimed)).toBe('identity_mismatch');
    const operator = await post(`/api/v1/incidents/${incidentId}/approve`, {}, token.olgaOperator);
    expect(operator.status).toBe(403);
    expect(await code(operator)).toBe('forbidden');

    const ok = await post(`/api/v1/incidents/${incidentId}/approve`, { comment: 'contain it' }, token.april);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ approver: 'april', comment: 'contain it', decision: 'approved' });
    await expect.poll(async () => (await get(`/api/v1/incidents/${incidentId}`)).live?.stage, { timeout: 30_000 }).toBe('holding');
    expect((await post(`/api/v1/incidents/${incidentId}/resolve`, {}, token.april)).status).toBe(200);
  });

  it('overriding the gatekeeper: the re-verification requester may not apply the rule it left for a human; another approver may, recorded from the token', async () => {
    // What POST /rules/{id}/reverify leaves when the gatekeeper wants a human: the rule proposed
    // again with the requester (from the token, "olga") as the actor of the proposal.
    const first = await proposeRule(h.db.db, fixtureRule('sql_injection'), provenanceFor('sql_injection'));
    const id = first.rule.id;
    await rejectRule(h.db.db, id, 'system', 'gatekeeper: verifier unavailable');
    const again = await reproposeRule(h.db.db, id, { ...provenanceFor('sql_injection'), workflowId: `rule-reverify:${id}:2` }, {
      status: 'proposed',
      expectStatus: 'rejected',
      actor: 'olga',
      reason: 're-verified for olga; gatekeeper human_review',
    });
    expect(again.status).toBe('proposed');

    const self = await post(`/api/v1/rules/${id}/apply`, { reason: 'my own re-verification' }, token.olgaApprover);
    expect(self.status).toBe(409);
    expect(await self.json()).toEqual({ code: 'self_approval_refused', message: expect.stringMatching(/request of "olga"/) });
    const claimed = await post(`/api/v1/rules/${id}/apply`, { actor: 'april' }, token.olgaApprover);
    expect(await code(claimed)).toBe('identity_mismatch');
    expect((await getRule(h.db.db, id))?.rule.status).toBe('proposed');

    const ok = await post(`/api/v1/rules/${id}/apply`, { reason: 'reviewed CHG-9' }, token.april);
    expect(ok.status).toBe(200);
    const events = (await getRule(h.db.db, id))!.events;
    expect(events.at(-1)).toMatchObject({ type: 'applied', actor: 'april', reason: 'reviewed CHG-9' });
  });

  it('a rule an analysis proposed (actor system) has no human requester: any approver may apply it', async () => {
    const { rule } = await proposeRule(h.db.db, fixtureRule('xss'), provenanceFor('xss'), { status: 'logged' });
    const res = await post(`/api/v1/rules/${rule.id}/apply`, {}, token.olgaApprover);
    expect(res.status).toBe(200);
    // The repo holds the same line without the API: the proposer's own name is refused.
    const { rule: mine } = await proposeRule(h.db.db, fixtureRule('path_traversal'), provenanceFor('path_traversal'), { actor: 'carol' });
    await expect(applyRule(h.db.db, mine.id, ' CAROL ')).rejects.toThrow(/may not also apply it/);
  });
});
