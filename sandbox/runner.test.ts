import { describe, expect, it } from 'vitest';
import { MemoryAuditSink, createAuditLog, verifyChain } from './audit';
import { createSandboxRunner } from './runner';

const fixture = (f: string) => new URL(`./fixtures/${f}`, import.meta.url);

describe('sandbox runner (worker threads)', () => {
  it('runs an oracle in a worker and audits create/run/destroy', async () => {
    const sink = new MemoryAuditSink();
    const runner = createSandboxRunner({ timeoutMs: 30_000, audit: createAuditLog(sink) });
    const out = await runner.simulate('command_injection', '; cat /etc/passwd');
    expect(out.status).toBe('ok');
    if (out.status === 'ok') expect(out.result.verdict).toBe('exploit_possible');
    // The answer does not wait for the thread to be joined (seconds of V8 background work under
    // load): termination is requested, `destroy` follows once the thread has exited.
    expect(sink.entries.map((e) => e.type)).toEqual(['create', 'run']);
    expect(runner.running()).toEqual([]);
    await runner.drain();
    expect(sink.entries.map((e) => e.type)).toEqual(['create', 'run', 'destroy']);
    expect(sink.entries[2].detail).toMatchObject({ status: 'ok', threadId: expect.any(Number) });
    expect(verifyChain(sink.entries)).toEqual({ ok: true });
  });

  it('answered sandboxes interleave in the chain, each create → run → destroy, and dispose waits for their destroy', { timeout: 300_000 }, async () => {
    const sink = new MemoryAuditSink();
    // Two cold sandboxes at once: generous, the machine may be loaded.
    const runner = createSandboxRunner({ timeoutMs: 240_000, audit: createAuditLog(sink) });
    const outs = await Promise.all(['; id', 'a && b'].map((p) => runner.simulate('command_injection', p)));
    expect(outs.map((o) => o.status)).toEqual(['ok', 'ok']);
    await runner.dispose();
    for (const { sandboxId } of outs) {
      expect(sink.entries.filter((e) => e.sandboxId === sandboxId).map((e) => e.type)).toEqual(['create', 'run', 'destroy']);
    }
    expect(verifyChain(sink.entries)).toEqual({ ok: true });
  });

  it('a simulation that tries to open a socket (or spawn a process) is denied', async () => {
    const out = await createSandboxRunner({ timeoutMs: 30_000 }).simulateModule<Record<string, string>>(fixture('open-socket.mjs'));
    expect(out.status).toBe('ok');
    if (out.status !== 'ok') return;
    for (const [how, res] of Object.entries(out.result)) expect(res, how).toMatch(/SandboxNetworkDenied/);
  });

  it('a time-out terminates the worker, reports timeout and is audited', async () => {
    const sink = new MemoryAuditSink();
    const runner = createSandboxRunner({ timeoutMs: 300, audit: createAuditLog(sink) });
    const out = await runner.simulateModule(fixture('spin.mjs'));
    expect(out.status).toBe('timeout');
    expect(runner.running()).toEqual([]);
    // A payload still computing: the answer waits until its thread has exited and `destroy` is written.
    expect(sink.entries.map((e) => e.type)).toEqual(['create', 'timeout', 'destroy']);
  });

  it('panic destroys every running sandbox at once', async () => {
    const sink = new MemoryAuditSink();
    const runner = createSandboxRunner({ timeoutMs: 60_000, audit: createAuditLog(sink) });
    const runs = [1, 2, 3].map(() => runner.simulateModule(fixture('spin.mjs')));
    await new Promise((r) => setTimeout(r, 200));
    expect(runner.running()).toHaveLength(3);
    expect(await runner.panic('test')).toBe(3);
    const outs = await Promise.all(runs);
    expect(outs.map((o) => o.status)).toEqual(['killed', 'killed', 'killed']);
    expect(runner.running()).toEqual([]);
    expect(sink.entries.filter((e) => e.type === 'panic')).toHaveLength(1);
    expect(sink.entries.filter((e) => e.type === 'destroy')).toHaveLength(3);
    expect(verifyChain(sink.entries)).toEqual({ ok: true });
  });

  it('an aborted signal (a cancelled analysis) destroys the sandbox; its entries name evidence and workflow', async () => {
    const sink = new MemoryAuditSink();
    const runner = createSandboxRunner({ timeoutMs: 60_000, audit: createAuditLog(sink) });
    const abort = new AbortController();
    const context = { evidenceId: 'ev-1', workflowId: 'threat-analysis:ev-1' };
    const run = runner.simulateModule(fixture('spin.mjs'), undefined, { context, signal: abort.signal });
    await expect.poll(() => runner.running().length).toBe(1);
    expect(runner.running()[0].context).toEqual(context);
    abort.abort('analysis cancelled');
    const out = await run;
    expect(out).toMatchObject({ status: 'killed', reason: 'cancelled: analysis cancelled' });
    expect(sink.entries.map((e) => e.type)).toEqual(['create', 'run', 'destroy']);
    expect(sink.entries[0].detail).toMatchObject(context);
    expect(verifyChain(sink.entries)).toEqual({ ok: true });
  });
});
