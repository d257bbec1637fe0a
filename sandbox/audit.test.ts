import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { JsonlAuditSink, MemoryAuditSink, createAuditLog, verifyChain, type AuditEntry } from './audit';

async function sample(sink = new MemoryAuditSink()) {
  const log = createAuditLog(sink);
  await log.record('create', 'sb-1', { task: 'xss' });
  await log.record('run', 'sb-1', { verdict: 'exploit_possible' });
  await log.record('destroy', 'sb-1', {});
  await log.record('panic', 'all', { sandboxes: [] });
  return { log, sink };
}

describe('hash-chained audit log', () => {
  it('chains entries and verifies', async () => {
    const { log, sink } = await sample();
    expect(sink.entries.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
    expect(sink.entries[1].prevHash).toBe(sink.entries[0].hash);
    expect(await log.verify()).toEqual({ ok: true });
  });

  const tamper: [string, (e: AuditEntry[]) => void][] = [
    ['type', (e) => (e[1].type = 'timeout')],
    ['ts', (e) => (e[1].ts = '2000-01-01T00:00:00.000Z')],
    ['sandboxId', (e) => (e[1].sandboxId = 'sb-2')],
    ['detail', (e) => (e[1].detail.verdict = 'exploit_improbable')],
    ['seq', (e) => (e[1].seq = 7)],
    ['prevHash', (e) => (e[1].prevHash = e[0].prevHash)],
    ['hash', (e) => (e[1].hash = 'f'.repeat(64))],
    ['deletion', (e) => e.splice(1, 1)],
    ['reorder', (e) => e.reverse()],
  ];
  it.each(tamper)('detects tampering with %s', async (_, mutate) => {
    const { sink } = await sample();
    const entries = structuredClone(sink.entries);
    mutate(entries);
    const v = verifyChain(entries);
    expect(v.ok).toBe(false);
  });

  it('JSON lines sink appends, resumes the chain and detects an edited line', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'audit-')), 'audit.jsonl');
    await sample(new JsonlAuditSink(file) as unknown as MemoryAuditSink);
    const resumed = createAuditLog(new JsonlAuditSink(file));
    expect((await resumed.record('create', 'sb-9')).seq).toBe(5);
    expect(await resumed.verify()).toEqual({ ok: true });
    const text = await readFile(file, 'utf8');
    await writeFile(file, text.replace('"exploit_possible"', '"exploit_improbable"'));
    expect(await resumed.verify()).toMatchObject({ ok: false, brokenAt: 2 });
  });
});
