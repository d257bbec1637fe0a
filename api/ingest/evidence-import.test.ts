// POST /api/v1/evidence/import?format=… and POST /api/v1/evidence?format=… with PGlite, a real
// filesystem object store and the Temporal stand-in: the file as the source wrote it in, the
// evidence ids created or matched out, bad entries listed, a re-import idempotent.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../db/client';
import { createFsObjectStore } from '../../objects/fs-store';
import { createApp } from '../app';
import { FakeTemporal, TEST_CONFIG, openTestDb } from '../test-support';

const FIXTURES = join(__dirname, '..', '..', 'domain', 'threat', 'evidence', 'adapters', 'fixtures');
let fake: FakeTemporal;
let db: DbHandle;
let dir: string;
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  fake = new FakeTemporal();
  db = await openTestDb();
  dir = mkdtempSync(join(tmpdir(), 'bulwark-api-import-'));
  app = createApp({ db: db.db, temporal: fake.client(), config: { ...TEST_CONFIG, MAX_BODY_BYTES: 1024 * 1024 }, objects: createFsObjectStore(join(dir, 'objects')) });
});
afterAll(async () => {
  await db.close();
  rmSync(dir, { recursive: true, force: true });
});

type Imported = { format: string; evidence: { evidenceId: string; workflowId: string; created: boolean; entries: string[] }[]; skipped: { at: string; message: string }[] };
const send = (path: string, file: string, contentType = 'text/plain') =>
  app.request(path, { method: 'POST', headers: { 'content-type': contentType }, body: readFileSync(join(FIXTURES, file)) });

describe('importing capture files over the API', () => {
  it('stores each session, starts one analysis per evidence id, lists bad lines; a re-import matches the same ids', async () => {
    const first = await send('/api/v1/evidence?format=combined', 'access-combined.log');
    expect(first.status).toBe(202);
    const a = (await first.json()) as Imported;
    expect(a.evidence.length).toBe(4);
    expect(a.evidence.every((e) => e.created && e.workflowId === `threat-analysis:${e.evidenceId}`)).toBe(true);
    expect(a.evidence.flatMap((e) => e.entries).sort()).toEqual(['line 1', 'line 2', 'line 3', 'line 4', 'line 5', 'line 9']);
    expect(a.skipped.map((s) => s.at)).toEqual(['line 6', 'line 7', 'line 8']);
    const rows = await db.execute("select id, source from evidence where id like 'combined-%'");
    expect(rows).toHaveLength(4);

    const again = await send('/api/v1/evidence/import?format=combined', 'access-combined.log');
    expect(again.status).toBe(200);
    const b = (await again.json()) as Imported;
    expect(b.evidence.map((e) => e.evidenceId)).toEqual(a.evidence.map((e) => e.evidenceId));
    expect(b.evidence.every((e) => !e.created)).toBe(true);
    expect(await db.execute("select id from evidence where id like 'combined-%'")).toHaveLength(4);
  });

  it('takes a HAR file sent as application/json and an AWS WAF log, each in its own format', async () => {
    const har = await send('/api/v1/evidence?format=har', 'browser.har', 'application/json');
    expect(har.status).toBe(202);
    expect(((await har.json()) as Imported).skipped).toEqual([{ at: 'entry 4', message: expect.stringContaining('startedDateTime') }]);
    const waf = await send('/api/v1/evidence/import?format=aws-waf', 'aws-waf.jsonl', 'application/x-ndjson');
    expect(waf.status).toBe(202);
    expect(((await waf.json()) as Imported).evidence.map((e) => e.evidenceId)).toEqual(expect.arrayContaining([expect.stringMatching(/^awswaf-/)]));
  });

  it('answers 400 for an unknown format or a file with nothing readable; plain evidence JSON still goes to the evidence route', async () => {
    const unknown = await app.request('/api/v1/evidence?format=pcap', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'x' });
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as { code: string }).code).toBe('invalid_request');
    const nothing = await app.request('/api/v1/evidence/import?format=modsec-audit', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'not json\n' });
    expect(nothing.status).toBe(400);
    expect(((await nothing.json()) as { message: string }).message).toContain('line 1: not JSON');
    const plain = await app.request('/api/v1/evidence', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"id":"x"}' });
    expect(plain.status).toBe(400); // the JSON evidence route's own validation, untouched
  });
});
