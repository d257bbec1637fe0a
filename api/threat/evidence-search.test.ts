// GET /api/v1/evidence (search) and GET /api/v1/evidence/{id}/report, with PGlite, a real
// filesystem object store and the in-memory Temporal stand-in.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../db/client';
import { evidence, verdicts } from '../../db/schema';
import { createFsObjectStore } from '../../objects/fs-store';
import { attackEvidence, benignEvidence } from '../../test/support/evidence';
import { createApp } from '../app';
import { FakeTemporal, TEST_CONFIG, jsonReq, openTestDb } from '../test-support';

let db: DbHandle;
let dir: string;
let app: ReturnType<typeof createApp>;
const attack = attackEvidence();
const benign = benignEvidence();
const running = attackEvidence();

beforeAll(async () => {
  db = await openTestDb();
  dir = mkdtempSync(join(tmpdir(), 'bulwark-api-evidence-search-'));
  app = createApp({ db: db.db, temporal: new FakeTemporal().client(), config: TEST_CONFIG, objects: createFsObjectStore(join(dir, 'objects')) });
  for (const ev of [attack, benign, running]) expect((await app.request('/api/v1/evidence', jsonReq('POST', ev))).status).toBe(202);
  await db.db.insert(verdicts).values([
    { evidenceId: attack.id, verdict: 'simulate', confidence: 0.97, narrative: 'sqli in query.id', integrity: 'ok' },
    { evidenceId: benign.id, verdict: 'benign', confidence: 0.9, narrative: 'nothing', integrity: 'ok' },
  ]);
  await db.db.update(evidence).set({ status: 'analyzed', outcome: 'completed', story: { stage: 'done', ruleOutcome: 'pending_review', simulation: null, rules: [] } }).where(eq(evidence.id, attack.id));
  await db.db.update(evidence).set({ status: 'analyzed', outcome: 'completed', story: { stage: 'done', ruleOutcome: 'none', simulation: null, rules: [] } }).where(eq(evidence.id, benign.id));
});
afterAll(async () => {
  await db.close();
  rmSync(dir, { recursive: true, force: true });
});

const ids = async (query: string) => {
  const res = await app.request(`/api/v1/evidence${query}`);
  expect(res.status).toBe(200);
  return ((await res.json()) as { id: string }[]).map((e) => e.id).sort();
};

describe('GET /api/v1/evidence', () => {
  it('lists every evidence with its verdict and rule outcome, newest first', async () => {
    const res = await app.request('/api/v1/evidence');
    const rows = (await res.json()) as Record<string, unknown>[];
    expect(rows.map((r) => r.id).sort()).toEqual([attack.id, benign.id, running.id].sort());
    expect(rows.find((r) => r.id === attack.id)).toMatchObject({ verdict: 'simulate', confidence: 0.97, ruleOutcome: 'pending_review', status: 'analyzed' });
    expect(rows.find((r) => r.id === running.id)).toMatchObject({ verdict: null, ruleOutcome: null, status: 'received' });
  });

  it('filters by verdict (none = no verdict yet), by rule outcome and by status, together', async () => {
    expect(await ids('?verdict=simulate')).toEqual([attack.id]);
    expect(await ids('?verdict=none')).toEqual([running.id]);
    expect(await ids('?ruleOutcome=pending_review')).toEqual([attack.id]);
    expect(await ids('?ruleOutcome=none&verdict=benign')).toEqual([benign.id]);
    expect(await ids('?ruleOutcome=pending_review&verdict=benign')).toEqual([]);
    expect(await ids('?status=received')).toEqual([running.id]);
    expect(await ids('?limit=1')).toHaveLength(1);
  });

  it('refuses an unknown verdict or rule outcome with 400 invalid_request naming the field', async () => {
    const res = await app.request('/api/v1/evidence?ruleOutcome=maybe');
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: 'invalid_request', message: expect.stringContaining('ruleOutcome') });
  });
});

describe('GET /api/v1/evidence/{id}/report', () => {
  it('renders the stored evidence as the self-contained HTML report', async () => {
    const res = await app.request(`/api/v1/evidence/${attack.id}/report`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    const html = await res.text();
    expect(html).toContain(attack.id);
    expect(html).not.toMatch(/<script/i);
  });

  it('answers 404 evidence_not_found for an unknown id', async () => {
    const res = await app.request('/api/v1/evidence/nope-0/report');
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ code: 'evidence_not_found' });
  });

  it('answers 503 object_store_unavailable when the API has no object store', async () => {
    const bare = createApp({ db: db.db, temporal: new FakeTemporal().client(), config: TEST_CONFIG });
    const res = await bare.request(`/api/v1/evidence/${attack.id}/report`);
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ code: 'object_store_unavailable' });
  });
});
