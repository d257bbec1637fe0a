// The payload list the analysis hands to the sandbox: chosen from the engine's findings,
// strongest first, and bounded (per class, per payload, in total bytes).
import { describe, expect, it } from 'vitest';
import { createDefaultEngine } from './inference';
import { MAX_PAYLOAD_CHARS, MAX_PAYLOADS_PER_CLASS, MAX_SIMULATION_BYTES, simulationPayloads } from './simulation-payloads';
import { EvidenceSchema } from '../../domain/threat/evidence/schema';

const engine = createDefaultEngine();

function evidence(values: string[]) {
  return EvidenceSchema.parse({
    id: 'bounds',
    source: 'test',
    requests: values.map((q, i) => ({ method: 'GET', path: '/search', query: { q }, timestamp: 1_700_000_000_000 + i * 1000, clientIp: '198.51.100.9' })),
  });
}

describe('simulationPayloads', () => {
  it('keeps at most MAX_PAYLOADS_PER_CLASS distinct payloads of a class, strongest first', async () => {
    const values = Array.from({ length: 20 }, (_, i) => `${i}' OR '${i}'='${i}' --`);
    const ev = evidence([...values, values[0]]);
    const out = simulationPayloads(ev, await engine.analyze(ev));
    const sqli = out.filter((p) => p.kind === 'sql_injection');
    expect(sqli).toHaveLength(MAX_PAYLOADS_PER_CLASS);
    expect(new Set(sqli.map((p) => p.value)).size).toBe(sqli.length);
    for (let i = 1; i < out.length; i++) expect(out[i - 1].confidence).toBeGreaterThanOrEqual(out[i].confidence);
  });

  it('skips values longer than MAX_PAYLOAD_CHARS and stays within MAX_SIMULATION_BYTES in all', async () => {
    const long = `1' OR '1'='1' -- ${'a'.repeat(MAX_PAYLOAD_CHARS)}`;
    // Multi-byte padding: each value is ~4000 characters but ~12 KB of UTF-8.
    const wide = Array.from({ length: 8 }, (_, i) => `<script>alert(${i})</script>${'€'.repeat(3900)}`);
    const ev = evidence([long, ...wide]);
    const analysis = await engine.analyze(ev);
    const out = simulationPayloads(ev, analysis);
    // The engine flags more wide values than fit, so the byte cap is what drops some.
    const flagged = analysis.requests.filter((r) => r.index > 0 && r.attacks.length).length;
    expect(flagged * Buffer.byteLength(wide[0], 'utf8')).toBeGreaterThan(MAX_SIMULATION_BYTES);
    expect(out.filter((p) => p.kind === 'xss').length).toBeLessThan(flagged);
    expect(out.some((p) => p.value === long)).toBe(false);
    expect(out.every((p) => p.value.length <= MAX_PAYLOAD_CHARS)).toBe(true);
    expect(out.reduce((n, p) => n + Buffer.byteLength(p.value, 'utf8'), 0)).toBeLessThanOrEqual(MAX_SIMULATION_BYTES);
  });

  it("carries the evidence's declared target stack onto every payload, and nothing when it declares none", async () => {
    const declared = EvidenceSchema.parse({
      id: 'stacked',
      source: 'test',
      target: { service: 'shop', stack: { database: 'mysql', os: 'linux' } },
      requests: [{ method: 'GET', path: '/login', query: { user: "admin'# x", q: "1' OR '1'='1" }, timestamp: 1_700_000_000_000, clientIp: '198.51.100.9' }],
    });
    const out = simulationPayloads(declared, await engine.analyze(declared));
    expect(out.length).toBeGreaterThan(0);
    expect(out.every((p) => p.stack?.database === 'mysql' && p.stack.os === 'linux')).toBe(true);
    const plain = evidence(["1' OR '1'='1"]);
    expect(simulationPayloads(plain, await engine.analyze(plain)).every((p) => p.stack === undefined)).toBe(true);
  });
  it('refuses a stack the sandbox does not know (400 at the API)', () => {
    expect(() => EvidenceSchema.parse({ id: 'x', target: { service: 's', stack: { database: 'oracle' } }, requests: [{ method: 'GET', path: '/', timestamp: 1, clientIp: '1' }] })).toThrow();
  });
});
