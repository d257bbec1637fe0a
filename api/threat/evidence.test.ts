// POST/GET /api/v1/evidence with PGlite, a real filesystem object store and the in-memory
// Temporal stand-in (the workflow itself runs on a real server in workflows/threat/threat-analysis.test.ts).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../db/client';
import { escapeNulDeep } from '../../db/nul-escape';
import { verdicts } from '../../db/schema';
import { createFsObjectStore } from '../../objects/fs-store';
import { sha256Hex } from '../../objects/store';
import { SA, TASK_QUEUES } from '../../temporal/ids';
import { attackEvidence } from '../../test/support/evidence';
import { createApp } from '../app';
import { FakeTemporal, TEST_CONFIG, jsonReq, openTestDb } from '../test-support';

let fake: FakeTemporal;
let db: DbHandle;
let dir: string;
let app: ReturnType<typeof createApp>;
const objects = () => createFsObjectStore(join(dir, 'objects'));

beforeAll(async () => {
  fake = new FakeTemporal();
  db = await openTestDb();
  dir = mkdtempSync(join(tmpdir(), 'bulwark-api-evidence-'));
  app = createApp({ db: db.db, temporal: fake.client(), config: TEST_CONFIG, objects: objects() });
});
afterAll(async () => {
  await db.close();
  rmSync(dir, { recursive: true, force: true });
});

const post = (body: unknown) => app.request('/api/v1/evidence', jsonReq('POST', body));
type Submitted = { evidenceId: string; workflowId: string; sha256: string; created: boolean };

describe('POST /api/v1/evidence', () => {
  it('stores canonical bytes with their SHA-256 and starts one threat analysis', async () => {
    const ev = attackEvidence();
    const res = await post(ev);
    expect(res.status).toBe(202);
    const body = (await res.json()) as Submitted;
    expect(body).toMatchObject({ evidenceId: ev.id, workflowId: `threat-analysis:${ev.id}`, created: true });
    const [row] = await db.execute('select * from evidence where id = $1', [ev.id]);
    expect(row).toMatchObject({ sha256: body.sha256, status: 'received', source: 'test' });
    const bytes = await objects().get(String(row.object_key));
    expect(sha256Hex(bytes)).toBe(body.sha256);
    expect(fake.starts.filter((s) => s.workflowId === body.workflowId)).toHaveLength(1);
    expect(fake.starts.at(-1)).toMatchObject({
      workflowType: 'threatAnalysisWorkflow',
      taskQueue: TASK_QUEUES.threat,
      args: [{ evidenceId: ev.id, reviewTimeout: TEST_CONFIG.RULE_REVIEW_TIMEOUT }],
      workflowIdConflictPolicy: 'USE_EXISTING',
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
      typedSearchAttributes: [{ key: SA.kind, value: 'threat-analysis' }],
    });
  });

  it('answers a duplicate (any key order) with 200 and the same workflow, running or finished', async () => {
    const ev = attackEvidence();
    const first = (await (await post(ev)).json()) as Submitted;
    const reordered = Object.fromEntries(Object.entries(ev).reverse());
    const again = await post(reordered);
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ ...first, created: false });
    fake.workflows.get(first.workflowId)!.running = false;
    const afterFinish = await post(ev);
    expect(afterFinish.status).toBe(200);
    expect(((await afterFinish.json()) as Submitted).workflowId).toBe(first.workflowId);
    expect(fake.starts.filter((s) => s.workflowId === first.workflowId)).toHaveLength(1);
    expect((await db.execute('select count(*)::int as n from evidence where id = $1', [ev.id]))[0].n).toBe(1);
  });

  it('refuses different content under a known id with 409 evidence_conflict, keeping the original', async () => {
    const ev = attackEvidence();
    const first = (await (await post(ev)).json()) as Submitted;
    const starts = fake.starts.length;
    const res = await post({ ...ev, tags: ['changed'] });
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({ code: 'evidence_conflict' });
    const [row] = await db.execute('select sha256 from evidence where id = $1', [ev.id]);
    expect(row.sha256).toBe(first.sha256);
    expect(fake.starts.length).toBe(starts);
  });

  it.each([
    ['a missing request field', (e: Record<string, unknown>) => ({ ...e, requests: [{ path: '/x', timestamp: 1, clientIp: '1.2.3.4' }] }), /requests\.0\.method/],
    ['a bad id', (e: Record<string, unknown>) => ({ ...e, id: 'has:colon' }), /^id: /],
    ['an unknown field', (e: Record<string, unknown>) => ({ ...e, extra: 1 }), /extra/],
    ['no requests', (e: Record<string, unknown>) => ({ ...e, requests: [] }), /requests/],
  ])('answers 400 naming the field for %s, storing nothing', async (_name, mutate, message) => {
    const before = (await db.execute('select count(*)::int as n from evidence'))[0].n;
    const res = await post(mutate(attackEvidence() as unknown as Record<string, unknown>));
    expect(res.status).toBe(400);
    const body = (await res.json()) as { code: string; message: string };
    expect(body.code).toBe('invalid_request');
    expect(body.message).toMatch(message);
    expect((await db.execute('select count(*)::int as n from evidence'))[0].n).toBe(before);
  });

  it('refuses a body that is not valid UTF-8 with 400 invalid_utf8, storing nothing', async () => {
    const ev = attackEvidence();
    const text = JSON.stringify({ ...ev, tags: ['MARK'] });
    const [head, tail] = text.split('MARK').map((p) => Buffer.from(p, 'utf8'));
    // 0xC3 0x28: a lead byte followed by a non-continuation byte; a decoder would write U+FFFD.
    const body = Buffer.concat([head, Buffer.from([0x61, 0xc3, 0x28, 0x62]), tail]);
    const res = await app.request('/api/v1/evidence', { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: 'invalid_utf8', message: expect.stringMatching(/UTF-8/) });
    expect((await db.execute('select count(*)::int as n from evidence where id = $1', [ev.id]))[0].n).toBe(0);
  });

  it('keeps a NUL sent as \\u0000: stored bytes and hash carry it, GET gives it back', async () => {
    const ev = attackEvidence();
    ev.requests[0].query = { file: '../../etc/passwd\u0000.png' };
    const res = await post(ev);
    expect(res.status).toBe(202);
    const { sha256 } = (await res.json()) as Submitted;
    const [row] = await db.execute('select object_key from evidence where id = $1', [ev.id]);
    const bytes = await objects().get(String(row.object_key));
    expect(sha256Hex(bytes)).toBe(sha256);
    expect(new TextDecoder().decode(bytes)).toContain('passwd\\u0000.png');
    expect(JSON.parse(new TextDecoder().decode(bytes)).requests[0].query.file).toBe('../../etc/passwd\u0000.png');
    // The verdict's explanation quotes it; Postgres gets it escaped, the API gives it back as sent.
    await db.db.insert(verdicts).values({ evidenceId: ev.id, verdict: 'simulate', integrity: 'ok', explanation: escapeNulDeep({ payload: 'passwd\u0000.png' }) });
    const got = (await (await app.request(`/api/v1/evidence/${ev.id}`)).json()) as Record<string, any>;
    expect(got.verdict.explanation).toEqual({ payload: 'passwd\u0000.png' });
  });

  it('answers 503 when no object store is configured', async () => {
    const bare = createApp({ db: db.db, temporal: fake.client(), config: TEST_CONFIG });
    const res = await bare.request('/api/v1/evidence', jsonReq('POST', attackEvidence()));
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ code: 'object_store_unavailable' });
  });
});

describe('GET /api/v1/evidence/:id', () => {
  it('returns the record, the verdict and the live workflow status', async () => {
    const ev = attackEvidence();
    const { workflowId } = (await (await post(ev)).json()) as Submitted;
    await db.db.insert(verdicts).values({ evidenceId: ev.id, verdict: 'simulate', confidence: 0.99, integrity: 'ok' });
    const res = await app.request(`/api/v1/evidence/${ev.id}`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, any>;
    expect(body.evidence).toMatchObject({ id: ev.id, status: 'received' });
    expect(body.verdict).toMatchObject({ verdict: 'simulate', integrity: 'ok' });
    expect(body.workflow).toMatchObject({ workflowId, status: 'RUNNING' });
    expect(body.workflow.live).not.toBeNull();
  });

  it('answers 404 evidence_not_found for an unknown id', async () => {
    const res = await app.request('/api/v1/evidence/nope');
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ code: 'evidence_not_found' });
  });
});
