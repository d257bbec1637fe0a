// Sandbox routes through app.request(): real worker-thread sandboxes, the audit log in
// memory or in PGlite (so a tampered row can be shown to break verification).
import { afterAll, describe, expect, it } from 'vitest';
import { Registry } from 'prom-client';
import { createAuditLog, MemoryAuditSink, type AuditLog } from '../../sandbox/audit';
import { PgAuditSink } from '../../sandbox/pg-audit-sink';
import { createSandboxRunner } from '../../sandbox/runner';
import { createTestPglite, type TestDb } from '../../test/support/db';
import { createApp } from '../app';
import { jsonReq, TEST_CONFIG, throwingTemporal } from '../test-support';

function sandboxApp(audit: AuditLog = createAuditLog(new MemoryAuditSink()), timeoutMs = 30_000) {
  const runner = createSandboxRunner({ timeoutMs, audit });
  const config = { ...TEST_CONFIG, MAX_BODY_BYTES: 1024 * 1024 };
  const app = createApp({ db: undefined as never, temporal: throwingTemporal(), config, metrics: new Registry(), detection: { sandbox: { runner, audit } } });
  return { app, runner };
}
type Json = any;
const json = (res: Response): Promise<Json> => res.json();
const base = '/api/v1/sentinel/sandbox';
const spin = new URL('../../sandbox/fixtures/spin.mjs', import.meta.url);

describe('POST /api/v1/sentinel/sandbox/simulate', () => {
  it('runs the oracle in a sandbox and returns its verdict and evidence', async () => {
    const { app } = sandboxApp();
    const res = await app.request(`${base}/simulate`, jsonReq('POST', { kind: 'command_injection', payload: '; cat /etc/passwd' }));
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body).toMatchObject({ verdict: 'exploit_possible', sandbox_id: expect.any(String) });
    expect(body.evidence.length).toBeGreaterThan(0);
  });

  it('rejects an unknown kind and a payload over 64 KB with 400', async () => {
    const { app, runner } = sandboxApp();
    const unknown = await app.request(`${base}/simulate`, jsonReq('POST', { kind: 'ldap_injection', payload: 'x' }));
    expect(unknown.status).toBe(400);
    expect((await json(unknown)).message).toContain('kind');
    const big = await app.request(`${base}/simulate`, jsonReq('POST', { kind: 'xss', payload: 'a'.repeat(64 * 1024 + 1) }));
    expect(big.status).toBe(400);
    expect((await json(big)).message).toContain('payload');
    expect(runner.running()).toEqual([]);
  });

  it('a simulation that outlives its time limit answers 504', async () => {
    const { app } = sandboxApp(undefined, 1);
    const res = await app.request(`${base}/simulate`, jsonReq('POST', { kind: 'xss', payload: '<b>' }));
    expect(res.status).toBe(504);
    expect((await json(res)).code).toBe('sandbox_timeout');
  });
});

describe('panic and the audit log', () => {
  it('panic destroys a spinning sandbox; the log lists create/panic/destroy and verifies', async () => {
    const { app, runner } = sandboxApp();
    const spinning = runner.simulateModule(spin);
    await new Promise((r) => setTimeout(r, 200));
    expect(runner.running()).toHaveLength(1);
    const res = await app.request(`${base}/panic`, { method: 'POST' });
    expect(res.status).toBe(200);
    expect((await json(res)).destroyed).toBeGreaterThanOrEqual(1);
    expect((await spinning).status).toBe('killed');

    const log = await json(await app.request(`${base}/audit-log`));
    expect(log.entries.map((e: Json) => e.type)).toEqual(['create', 'panic', 'run', 'destroy']);
    expect(log.entries[1].detail).toMatchObject({ reason: 'panic button (api)' });
    expect((await json(await app.request(`${base}/audit-log?limit=2`))).entries.map((e: Json) => e.seq)).toEqual([3, 4]);
    expect(await json(await app.request(`${base}/audit-log/verify`))).toEqual({ ok: true, entries: 4 });
  });

  it('validates limit (1..1000)', async () => {
    const { app } = sandboxApp();
    for (const bad of ['0', '1001', 'x']) expect((await app.request(`${base}/audit-log?limit=${bad}`)).status).toBe(400);
  });

  describe('with the Postgres sink (PGlite)', () => {
    let t: TestDb;
    afterAll(() => t?.close());

    it('a row tampered with in the database makes verify report where the chain breaks', async () => {
      t = await createTestPglite();
      const { app, runner } = sandboxApp(createAuditLog(new PgAuditSink(t.db)));
      const sim = await app.request(`${base}/simulate`, jsonReq('POST', { kind: 'path_traversal', payload: '../../etc/passwd' }));
      expect(sim.status).toBe(200);
      await runner.drain(); // `destroy` follows the answer once the sandbox thread has exited
      expect(await json(await app.request(`${base}/audit-log/verify`))).toEqual({ ok: true, entries: 3 });
      await t.execute(`update sandbox_audit set detail = jsonb_set(detail, '{verdict}', '"exploit_improbable"') where type = 'run'`);
      expect(await json(await app.request(`${base}/audit-log/verify`))).toEqual({
        ok: false,
        brokenAt: 2,
        reason: 'hash does not match the entry content',
        entries: 3,
      });
    });
  });
});
