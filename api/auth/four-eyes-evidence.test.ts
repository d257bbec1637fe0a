// Four-eyes on the rules an analysis proposes, with real tokens, through app.request(): the
// operator who submits evidence is its rules' requester. Their approver token (same name) may
// neither review the rule waiting for an analyst nor apply it from /rules (overriding the
// gatekeeper); each refusal is in the hash-chained audit log; another approver is accepted. A
// re-analysis makes whoever asked for it a requester of the rules it proposes, too.
// Real threat worker on the shared dev server (sandbox, libmodsecurity, gatekeeper).
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect } from 'vitest';
import { evidence } from '../../db/schema';
import { activeRuleSet, getRule } from '../../repo/threat/rules';
import { TokenStore } from '../../runtime/auth/token-store';
import { createAuditLog, type AuditLog } from '../../sandbox/audit';
import { PgAuditSink } from '../../sandbox/pg-audit-sink';
import { evidenceWithPayload, REVIEW_PAYLOAD } from '../../test/support/evidence';
import { createEvidenceHarness, type EvidenceHarness } from '../../test/support/evidence-harness';
import { requires } from '../../test/support/requires';
import { connectTestEnv } from '../../test/support/temporal';
import { createApp } from '../app';
import { TEST_CONFIG, jsonReq } from '../test-support';

// The rule stage proves every rule on real libmodsecurity: without the harness this suite skips (CI: fail).
const modsec = requires('modsec');

modsec.describe('four-eyes on rules from submitted evidence', () => {
  let env: TestWorkflowEnvironment;
  let h: EvidenceHarness;
  let worker: Worker;
  let running: Promise<void>;
  let app: ReturnType<typeof createApp>;
  let audit: AuditLog;
  const token = {} as Record<'olgaOperator' | 'olgaApprover' | 'april' | 'victorOperator' | 'victorApprover' | 'viewer', string>;
  let evidenceId: string;
  let ruleId: number;
  beforeAll(async () => {
    env = await connectTestEnv();
    h = await createEvidenceHarness();
    worker = await h.newWorker(env);
    running = worker.run();
    const tokens = new TokenStore(h.db.db);
    audit = createAuditLog(new PgAuditSink(h.db.db));
    app = createApp({ db: h.db.db, temporal: env.client, config: TEST_CONFIG, objects: h.objects, queues: h.queues, auth: { tokens, audit } });
    token.olgaOperator = (await tokens.create({ role: 'operator', name: 'olga' })).token;
    token.olgaApprover = (await tokens.create({ role: 'approver', name: 'Olga' })).token; // the same person, another token
    token.april = (await tokens.create({ role: 'approver', name: 'april' })).token;
    token.victorOperator = (await tokens.create({ role: 'operator', name: 'victor' })).token;
    token.victorApprover = (await tokens.create({ role: 'approver', name: 'Victor' })).token;
    token.viewer = (await tokens.create({ role: 'viewer', name: 'vera' })).token;
  });
  afterAll(async () => {
    worker?.shutdown();
    await running;
    await h?.close();
    await env?.teardown();
  });

  const post = (path: string, body: unknown, as: string) => app.request(path, jsonReq('POST', body, { authorization: `Bearer ${as}` }));
  const get = async (path: string) => (await (await app.request(path, { headers: { authorization: `Bearer ${token.viewer}` } })).json()) as Record<string, unknown>;
  const body = async (res: Response) => (await res.json()) as { code: string; message: string };

  modsec.it('the submitter may not review nor apply the rule their evidence produced; another approver may; refusals audited', async () => {
    const ev = evidenceWithPayload(REVIEW_PAYLOAD);
    const submitted = await post('/api/v1/evidence', ev, token.olgaOperator);
    expect(submitted.status).toBe(202);
    const [row] = await h.db.db.select({ by: evidence.submittedBy }).from(evidence).where(eq(evidence.id, ev.id));
    expect(row.by).toBe('olga'); // from the token
    const view = async () => (await get(`/api/v1/evidence/${ev.id}`)) as { evidence: { submittedBy: string }; workflow: { live?: { stage: string; submittedBy?: string } | null } };
    await expect.poll(async () => (await view()).workflow.live?.stage, { timeout: 60_000 }).toBe('review');
    expect((await view()).evidence.submittedBy).toBe('olga');
    expect((await view()).workflow.live?.submittedBy).toBe('olga');
    const [pending] = (await get('/api/v1/rules?status=proposed')).rules as { id: number; provenance: { submittedBy?: string; evidenceIds: string[] } }[];
    expect(pending.provenance).toMatchObject({ submittedBy: 'olga', evidenceIds: [ev.id] });

    const auditedBefore = (await audit.read(100_000)).length;
    // Her operator token lacks the role; her approver token is still her.
    expect((await post(`/api/v1/evidence/${ev.id}/review`, { decision: 'approve' }, token.olgaOperator)).status).toBe(403);
    const review = await post(`/api/v1/evidence/${ev.id}/review`, { decision: 'approve', reason: 'looks right to me' }, token.olgaApprover);
    expect(review.status).toBe(409);
    expect(await body(review)).toEqual({ code: 'self_approval_refused', message: expect.stringMatching(/submitted by "olga", who may not also review/) });
    const reject = await post(`/api/v1/evidence/${ev.id}/review`, { decision: 'reject' }, token.olgaApprover);
    expect((await body(reject)).code).toBe('self_approval_refused');
    // Overriding the gatekeeper from /rules is the same change: refused for her too.
    const apply = await post(`/api/v1/rules/${pending.id}/apply`, { reason: 'my own evidence' }, token.olgaApprover);
    expect(apply.status).toBe(409);
    expect(await body(apply)).toEqual({ code: 'self_approval_refused', message: expect.stringMatching(/proposed from evidence submitted by "olga"/) });
    expect((await getRule(h.db.db, pending.id))?.rule.status).toBe('proposed');

    const entries = (await audit.read(100_000)).slice(auditedBefore).filter((e) => e.detail.event === 'refused');
    expect(entries.map((e) => [e.type, e.detail.status, e.detail.code ?? null, e.detail.name, e.detail.path])).toEqual([
      ['auth', 403, null, 'olga', `/api/v1/evidence/${ev.id}/review`],
      ['auth', 409, 'self_approval_refused', 'Olga', `/api/v1/evidence/${ev.id}/review`],
      ['auth', 409, 'self_approval_refused', 'Olga', `/api/v1/evidence/${ev.id}/review`],
      ['auth', 409, 'self_approval_refused', 'Olga', `/api/v1/rules/${pending.id}/apply`],
    ]);
    expect(await audit.verify()).toEqual({ ok: true });

    const ok = await post(`/api/v1/evidence/${ev.id}/review`, { decision: 'approve', reason: 'seen in the incident' }, token.april);
    expect(ok.status).toBe(200);
    const [track] = (await ok.json()) as { ruleId: number; outcome: string; review: { reviewer: string } }[];
    expect(track).toMatchObject({ ruleId: pending.id, outcome: 'approved', review: { reviewer: 'april' } });
    expect((await activeRuleSet(h.db.db)).rules.map((r) => r.id)).toEqual([pending.id]);
    expect((await getRule(h.db.db, pending.id))!.events.at(-1)).toMatchObject({ type: 'applied', actor: 'april' });
    evidenceId = ev.id;
    ruleId = pending.id;
  });

  modsec.it('a re-analysis: who asked for it may not review nor apply the rule it proposes again, nor may the submitter', async () => {
    const rollback = await post(`/api/v1/rules/${ruleId}/rollback`, { reason: 'CHG-7: breaks the upload form' }, token.april);
    expect(rollback.status).toBe(200);
    await expect.poll(async () => ((await get(`/api/v1/evidence/${evidenceId}`)) as { workflow: { status: string } }).workflow.status, { timeout: 30_000 }).toBe('COMPLETED');
    const again = await post(`/api/v1/evidence/${evidenceId}/reanalyze`, {}, token.victorOperator);
    expect(again.status).toBe(202);
    const live = async () => ((await get(`/api/v1/evidence/${evidenceId}`)) as { workflow: { live?: { stage: string; submittedBy?: string; reanalyzedBy?: string } | null } }).workflow.live;
    await expect.poll(async () => (await live())?.stage, { timeout: 60_000 }).toBe('review');
    expect(await live()).toMatchObject({ submittedBy: 'olga', reanalyzedBy: 'victor' });
    expect((await getRule(h.db.db, ruleId))?.rule).toMatchObject({ status: 'proposed', provenance: { submittedBy: 'olga', reanalyzedBy: 'victor' } });

    const self = await post(`/api/v1/evidence/${evidenceId}/review`, { decision: 'approve' }, token.victorApprover);
    expect(await body(self)).toEqual({ code: 'self_approval_refused', message: expect.stringMatching(/re-run at the request of "victor"/) });
    expect((await body(await post(`/api/v1/evidence/${evidenceId}/review`, { decision: 'approve' }, token.olgaApprover))).code).toBe('self_approval_refused');
    const apply = await post(`/api/v1/rules/${ruleId}/apply`, {}, token.victorApprover);
    expect(await body(apply)).toEqual({ code: 'self_approval_refused', message: expect.stringMatching(/re-analysis "victor" asked for/) });

    const ok = await post(`/api/v1/evidence/${evidenceId}/review`, { decision: 'reject', reason: 'still breaks uploads' }, token.april);
    expect(ok.status).toBe(200);
    expect((await getRule(h.db.db, ruleId))!.events.at(-1)).toMatchObject({ type: 'rejected', actor: 'april' });
  });
});
