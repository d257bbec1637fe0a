// The payload list the analysis hands to the sandbox: chosen from the engine's findings,
// strongest first, and bounded (per class, per payload, in total bytes).
import { describe, expect, it } from 'vitest';
import { createDefaultEngine } from './inference';
import {
  confirmedExploits,
  MAX_PAYLOAD_CHARS,
  MAX_PAYLOADS_PER_CLASS,
  MAX_SIMULATION_BYTES,
  RUNNER_UP_MIN,
  simulationPayloads,
  unconfirmedClasses,
  type SimulationPayload,
} from './simulation-payloads';
import { summarise, type ContextResult } from '../../sandbox/oracles/types';
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

describe('runner-up and confidence marks', () => {
  it('marks confident payloads against the engine\'s simulate threshold and names a runner-up class only when it scores ≥ RUNNER_UP_MIN', async () => {
    const ev = evidence(["1' OR '1'='1' --", ';cat /etc/passwd', '<script>alert(1)</script>']);
    const analysis = await engine.analyze(ev);
    const out = simulationPayloads(ev, analysis);
    expect(out.length).toBeGreaterThan(0);
    for (const p of out) {
      expect(p.confident).toBe(p.confidence >= analysis.thresholds.simulate);
      const f = analysis.requests[p.request].attacks.find((a) => a.location === p.location)!;
      const others = Object.entries(f.scores).filter(([l]) => l !== 'benign' && l !== p.kind).sort((a, b) => b[1] - a[1]);
      if (others[0][1] >= RUNNER_UP_MIN) expect(p.runnerUp).toEqual({ kind: others[0][0], score: others[0][1] });
      else expect(p.runnerUp).toBeUndefined();
    }
  });
});

const ctx = (stack: string, exploitable: boolean, detail: string): ContextResult => ({ name: 'string literal', stack, exploitable, detail });
const payload = (over: Partial<SimulationPayload>): SimulationPayload => ({ kind: 'sql_injection', request: 0, location: 'query.q', value: "' waitfor delay '0:0:5'--", confidence: 0.97, confident: true, ...over });

describe('unconfirmedClasses / confirmedExploits', () => {
  const declined = summarise('sql', [ctx('postgres', false, 'parse error'), ctx('mysql', false, 'stays one value'), ctx('mysql', false, 'second context')]);
  const confirmed = summarise('shell', [ctx('sh', true, 'runs "cat"')]);

  it('a confident class no oracle confirmed is unconfirmed, with one reason per stack; a doubted one is not', () => {
    const [u] = unconfirmedClasses([payload({})], [{ primary: declined }], []);
    expect(u).toMatchObject({ attackClass: 'sql_injection', confidence: 0.97, payloads: ["' waitfor delay '0:0:5'--"] });
    expect(u.reasons).toEqual(['query.q [postgres] string literal: parse error', 'query.q [mysql] string literal: stays one value']);
    expect(unconfirmedClasses([payload({ confident: false, confidence: 0.6 })], [{ primary: declined }], [])).toEqual([]);
  });

  it('a payload its runner-up class confirms counts for that class, and is not unconfirmed', () => {
    const p = payload({ kind: 'path_traversal', value: ';cat /etc/passwd', runnerUp: { kind: 'command_injection', score: 0.3 } });
    const exploits = confirmedExploits('ev', 'm1', [p], [{ primary: declined, runnerUp: confirmed }]);
    expect(exploits).toHaveLength(1);
    expect(exploits[0]).toMatchObject({ attackClass: 'command_injection', confidence: 0.3, payloads: [';cat /etc/passwd'] });
    expect(exploits[0].oracleEvidence[0]).toContain('runner-up class; predicted path_traversal declined');
    expect(unconfirmedClasses([p], [{ primary: declined, runnerUp: confirmed }], exploits)).toEqual([]);
  });

  it('lists the runner-up\'s reasons beside the predicted class\'s when both decline', () => {
    const p = payload({ runnerUp: { kind: 'xss', score: 0.25 } });
    const xssDeclined = summarise('html', [ctx('element', false, 'inert markup')]);
    const [u] = unconfirmedClasses([p], [{ primary: declined, runnerUp: xssDeclined }], []);
    expect(u.reasons.at(-1)).toBe('query.q (runner-up xss 0.25) [element] string literal: inert markup');
  });
});
