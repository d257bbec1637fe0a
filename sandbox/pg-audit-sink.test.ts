// The Postgres audit sink on both drivers: chains, resumes, refuses a duplicate seq and
// lets verify() catch a row edited behind the log's back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isUniqueViolation } from '../db/errors';
import { TEST_BACKENDS, type TestDb } from '../test/support/db';
import { createAuditLog } from './audit';
import { PgAuditSink } from './pg-audit-sink';

describe.each(TEST_BACKENDS)('PgAuditSink ($name)', ({ create }) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await create();
  });
  afterAll(() => t?.close());

  it('appends a verifiable chain, reads newest-last and resumes from the last row', async () => {
    const sink = new PgAuditSink(t.db);
    const log = createAuditLog(sink);
    await log.record('create', 'sb-1', { task: 'xss', nested: { b: 1, a: [1, 'x', null] } });
    await log.record('run', 'sb-1', { verdict: 'exploit_possible', durationMs: 12 });
    await log.record('destroy', 'sb-1', {});
    expect((await sink.read(2)).map((e) => e.seq)).toEqual([2, 3]);
    expect((await sink.read(100)).map((e) => e.type)).toEqual(['create', 'run', 'destroy']);
    expect(await log.verify()).toEqual({ ok: true });

    const resumed = createAuditLog(new PgAuditSink(t.db));
    expect((await resumed.record('panic', 'all', { sandboxes: [] })).seq).toBe(4);
    expect(await resumed.verify()).toEqual({ ok: true });
  });

  it('a duplicate seq fails instead of overwriting', async () => {
    const sink = new PgAuditSink(t.db);
    const [first] = await sink.read(4);
    const err = await sink.append({ ...first, type: 'timeout' }).then(() => undefined, (e: unknown) => e);
    expect(isUniqueViolation(err)).toBe(true);
    expect((await sink.read(4))[0]).toEqual(first);
  });

  it('two writers on one table (API and worker processes) keep one chain', async () => {
    const api = createAuditLog(new PgAuditSink(t.db));
    const worker = createAuditLog(new PgAuditSink(t.db));
    await api.record('create', 'sb-a', {});
    await worker.record('create', 'sb-w', {}); // its cached head is stale from here on
    await api.record('destroy', 'sb-a', {});
    await Promise.all([worker.record('destroy', 'sb-w', {}), api.record('panic', 'all', {})]);
    expect(await api.verify()).toEqual({ ok: true });
    expect((await api.read(5)).map((e) => e.sandboxId).sort()).toEqual(['all', 'sb-a', 'sb-a', 'sb-w', 'sb-w']);
  });

  it('verify reports an edited row', async () => {
    await t.execute(`update sandbox_audit set detail = '{"verdict":"exploit_improbable","durationMs":12}' where seq = 2`);
    expect(await createAuditLog(new PgAuditSink(t.db)).verify()).toMatchObject({ ok: false, brokenAt: 2 });
  });
});
