// Warm spares on the real sandbox (worker threads, real oracles and engines): one evidence per
// spare, replaced after use, cold start when none is at hand, disposed at shutdown.
import { Worker } from 'node:worker_threads';
import { Registry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryAuditSink, createAuditLog, verifyChain, type AuditEntry } from '../audit';
import { createSandboxRunner, type SandboxRunner } from '../runner';
import { createSparePool, type SparePool } from './spare-pool';
import { kindsServedBy } from './warm-up';

const POLL = { timeout: 90_000, interval: 50 };
const starts = (entries: AuditEntry[]) => entries.filter((e) => e.type === 'create').map((e) => e.detail.start);
const threads = (entries: AuditEntry[]) => entries.filter((e) => e.type === 'destroy').map((e) => e.detail.threadId as number);

let cleanup: (SandboxRunner | SparePool)[] = [];
afterEach(async () => {
  await Promise.all(cleanup.map((c) => c.dispose()));
  cleanup = [];
});

type Options = NonNullable<Parameters<typeof createSandboxRunner>[0]>;
function runnerWith(spares: Options['spares'], extra: Options = {}) {
  const sink = new MemoryAuditSink();
  const runner = createSandboxRunner({ timeoutMs: 90_000, audit: createAuditLog(sink), spares, metrics: new Registry(), ...extra });
  cleanup.push(runner);
  return { runner, sink };
}

describe('warm spare sandboxes', { timeout: 240_000 }, () => {
  it('a spare serves exactly one evidence, is destroyed, and a fresh one replaces it (SQL, real engines)', async () => {
    const { runner, sink } = runnerWith({ sql_injection: 1 });
    await expect.poll(() => runner.spares().sql_injection?.ready, POLL).toBe(1);
    const first = await runner.simulateAll([{ kind: 'sql_injection', payload: "admin'#", stack: { database: 'mysql' } }], { context: { evidenceId: 'ev-1' } });
    expect(first.status).toBe('ok');
    if (first.status === 'ok') expect(first.result[0]).toMatchObject({ verdict: 'exploit_possible', confirmedOn: ['mysql'] });
    // Taken: the pool holds only its replacement, which warms up in the background.
    await expect.poll(() => runner.spares().sql_injection?.ready, POLL).toBe(1);
    const second = await runner.simulateAll([{ kind: 'sql_injection', payload: 'alice' }], { context: { evidenceId: 'ev-2' } });
    expect(second.status).toBe('ok');
    await runner.drain();
    expect(starts(sink.entries)).toEqual(['spare', 'spare']);
    const [a, b] = threads(sink.entries);
    expect(a).not.toBe(b);
    expect(verifyChain(sink.entries)).toEqual({ ok: true });
  });

  it('a spare pre-loads only the parsers its kind can be asked for, and judges every kind it can be given', async () => {
    expect(kindsServedBy('sql_injection')).toEqual(['sql_injection', 'command_injection', 'xss', 'path_traversal']);
    expect(kindsServedBy('xss')).toEqual(['xss', 'path_traversal']);
    const { runner, sink } = runnerWith({ command_injection: 1 });
    await expect.poll(() => runner.spares().command_injection?.ready, POLL).toBe(1);
    const out = await runner.simulateAll([
      { kind: 'xss', payload: '<img src=x onerror=alert(1)>' },
      { kind: 'command_injection', payload: 'report.txt & type C:\\Windows\\win.ini' },
      { kind: 'path_traversal', payload: '../../../../etc/passwd' },
    ]);
    expect(out.status).toBe('ok');
    if (out.status === 'ok') expect(out.result.map((r) => r.verdict)).toEqual(['exploit_possible', 'exploit_possible', 'exploit_possible']);
    expect(starts(sink.entries)).toEqual(['spare']);
  });

  it('more evidence than spares: each gets a sandbox of its own, none is shared', async () => {
    const { runner, sink } = runnerWith({ command_injection: 1 });
    await expect.poll(() => runner.spares().command_injection?.ready, POLL).toBe(1);
    const outs = await Promise.all(['; id', 'a & b', '$(whoami)'].map((p, i) => runner.simulate('command_injection', p, { context: { evidenceId: `ev-${i}` } })));
    expect(outs.map((o) => o.status)).toEqual(['ok', 'ok', 'ok']);
    await runner.drain();
    expect(new Set(threads(sink.entries)).size).toBe(3);
    expect(starts(sink.entries)).toContain('spare');
    expect(runner.running()).toEqual([]);
  });

  it('shutdown disposes every idle spare and starts no more; later runs start cold', async () => {
    const metrics = new Registry();
    const { runner, sink } = runnerWith({ xss: 1, path_traversal: 1 }, { metrics });
    await expect.poll(() => [runner.spares().xss?.ready, runner.spares().path_traversal?.ready], POLL).toEqual([1, 1]);
    expect(await metrics.getSingleMetricAsString('bulwark_sandbox_spares')).toMatch(/bulwark_sandbox_spares\{kind="xss",state="ready"\} 1/);
    expect(await runner.dispose()).toBe(2);
    expect(runner.spares()).toEqual({ xss: { ready: 0, warming: 0 }, path_traversal: { ready: 0, warming: 0 } });
    expect(await metrics.getSingleMetricAsString('bulwark_sandbox_spares')).toMatch(/kind="xss",state="ready"\} 0/);
    const out = await runner.simulate('xss', '<img src=x onerror=alert(1)>');
    expect(out.status).toBe('ok');
    expect(starts(sink.entries)).toEqual(['cold']);
    expect(runner.spares().xss).toEqual({ ready: 0, warming: 0 });
  });

  it('spares that never warm up in time: the run starts cold and succeeds', async () => {
    const metrics = new Registry();
    const { runner, sink } = runnerWith({ path_traversal: 1 }, { metrics, spareWarmTimeoutMs: 1 });
    const out = await runner.simulate('path_traversal', '../../../../etc/passwd');
    expect(out.status).toBe('ok');
    if (out.status === 'ok') expect(out.result.verdict).toBe('exploit_possible');
    expect(starts(sink.entries)).toEqual(['cold']);
    await expect.poll(async () => (await metrics.getSingleMetricAsString('bulwark_sandbox_spare_failures_total')).match(/ (\d+)$/m)?.[1], POLL).not.toBeUndefined();
  });
});

describe('spare pool: replacement failures', () => {
  const failing = () => {
    const worker = new Worker(new URL('../fixtures/spare-fails.mjs', import.meta.url), { stdout: true, stderr: true });
    return { worker, ready: new Promise<void>((_, reject) => worker.once('error', reject)) };
  };

  it('retries a failing spare with growing backoff, never hangs a taker, and stops at dispose', async () => {
    const started: number[] = [];
    const errors: string[] = [];
    const pool = createSparePool({
      sizes: { xss: 1 },
      start: () => (started.push(Date.now()), failing()),
      backoffMs: 40,
      maxBackoffMs: 320,
      onFailure: (_, e) => errors.push(e.message),
    });
    cleanup.push(pool);
    const taken = pool.take('xss');
    if (taken) await expect(taken).rejects.toThrow(/engine missing/);
    await expect.poll(() => started.length, POLL).toBeGreaterThanOrEqual(5);
    expect(errors[0]).toMatch(/engine missing/);
    const gaps = started.slice(1).map((t, i) => t - started[i]);
    // Doubling from 40 ms: the later gaps are longer than the first retry's.
    expect(Math.max(...gaps.slice(2))).toBeGreaterThanOrEqual(150);
    await pool.dispose();
    const after = started.length;
    await new Promise((r) => setTimeout(r, 800));
    expect(started.length).toBe(after);
    expect(pool.take('xss')).toBeUndefined();
  });
});
