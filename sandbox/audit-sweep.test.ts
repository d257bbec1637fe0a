// The orphan sweep on the Postgres audit sink (real Postgres and PGlite): a sandbox whose
// process died mid-simulation is closed by an appended `abandoned` entry naming its evidence
// and workflow; live, recent and finished sandboxes are left alone; the chain still verifies.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TEST_BACKENDS, type TestDb } from '../test/support/db';
import { createAuditLog } from './audit';
import { SWEEP_GRACE_MS, sweepAbandoned } from './audit-sweep';
import { PgAuditSink } from './pg-audit-sink';
import { createSandboxRunner } from './runner';

const fixture = (f: string) => new URL(`./fixtures/${f}`, import.meta.url);

describe.each(TEST_BACKENDS)('sandbox audit sweep ($name)', ({ create }) => {
  let t: TestDb;
  beforeEach(async () => {
    t = await create();
  });
  afterEach(() => t?.close());

  it('closes a dead process\'s open sandbox as abandoned, and nothing else', async () => {
    let clock = Date.now() - 60 * 60_000;
    const audit = createAuditLog(new PgAuditSink(t.db), () => new Date(clock));
    // A worker an hour ago: one simulation finished, one was cut off by the process dying.
    const dead = createSandboxRunner({ audit, timeoutMs: 30_000 });
    const done = await dead.simulate('sql_injection', "1' OR '1'='1", { context: { evidenceId: 'ev-done', workflowId: 'threat-analysis:ev-done' } });
    expect(done.status).toBe('ok');
    await dead.drain(); // its `destroy` is written once its thread has exited
    const killed = dead.simulateModule(fixture('spin.mjs'), undefined, { context: { evidenceId: 'ev-lost', workflowId: 'threat-analysis:ev-lost' } });
    await expect.poll(() => dead.running().length).toBe(1);
    const lostId = dead.running()[0].sandboxId;
    // The process "dies": its sandbox is gone without a destroy (the runner never writes again).
    clock = Date.now();
    const live = createSandboxRunner({ audit: createAuditLog(new PgAuditSink(t.db)), timeoutMs: 60_000 });
    const running = live.simulateModule(fixture('spin.mjs'), undefined, { context: { evidenceId: 'ev-live', workflowId: 'threat-analysis:ev-live' } });
    await expect.poll(() => live.running().length).toBe(1);

    const sweeper = createAuditLog(new PgAuditSink(t.db));
    const closed = await sweepAbandoned(sweeper, { running: () => live.running().map((r) => r.sandboxId) });
    expect(closed).toHaveLength(1);
    expect(closed[0]).toMatchObject({ type: 'abandoned', sandboxId: lostId, detail: { evidenceId: 'ev-lost', workflowId: 'threat-analysis:ev-lost' } });
    expect(closed[0].detail.reason).toMatch(/stopped mid-simulation/);
    const creates = (await sweeper.read(100)).filter((e) => e.type === 'create');
    expect(creates.map((e) => e.detail.evidenceId)).toEqual(['ev-done', 'ev-lost', 'ev-live']);
    expect(creates.every((e) => typeof e.detail.workflowId === 'string')).toBe(true);
    expect(closed[0].detail.createdSeq).toBe(creates[1].seq);
    // Idempotent, and the live sandbox is not closed even once it is old.
    expect(await sweepAbandoned(sweeper, { running: () => live.running().map((r) => r.sandboxId) })).toEqual([]);
    expect(await sweeper.verify()).toEqual({ ok: true });

    // The live one, seen by another process that does not run it, is closed only past its limit.
    const other = { now: () => new Date(Date.now() + 60_000 + SWEEP_GRACE_MS - 5_000) };
    expect(await sweepAbandoned(sweeper, other)).toEqual([]);
    await live.panic('test over');
    await running;
    await dead.panic('test over');
    await killed;
    expect(await sweeper.verify()).toEqual({ ok: true });
  });
});
