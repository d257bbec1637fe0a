// Every hostile payload (sandbox/fixtures/hostile/corpus.ts: command-execution and file-access
// techniques, heavy and recursive queries, memory bombs, backtracking bombs, 10k-deep HTML,
// brace and glob bombs, 100k-character paths) comes back from runOracle with a verdict within
// the configured bound (engine boots excepted, as documented), on every modelled stack. The
// techniques must be confirmed and named; heavy queries are findings (the statement timeout).
// The seven that once hit the bound in our own parsers and decoders must finish judged.
import { afterAll, describe, expect, it } from 'vitest';
import { oracleBounds } from '../../../config/config';
import { HOSTILE } from '../../fixtures/hostile/corpus';
import { closeOracles, runOracle } from '../index';

const { SANDBOX_ORACLE_BOUND_MS: bound } = oracleBounds();
// Message passing and the watchdog's own timer granularity on a loaded 2-core machine.
const SLACK_MS = 300;

afterAll(() => closeOracles());

describe('hostile payloads are judged within the bound', () => {
  it('names every payload that must finish judged', () => {
    expect(HOSTILE.filter((h) => h.judged).map((h) => `${h.kind} ${h.name}`)).toHaveLength(7);
  });
  it.each(HOSTILE.map((h) => [h.kind, h.name, h] as const))('%s: %s', async (_k, _n, h) => {
    const r = await runOracle(h.kind, h.payload);
    expect(['exploit_possible', 'exploit_improbable']).toContain(r.verdict);
    expect(r.durationMs).toBeDefined();
    expect(r.durationMs!).toBeLessThanOrEqual(bound + SLACK_MS);
    if (h.confirms) {
      expect(r.verdict, r.evidence.join('\n')).toBe('exploit_possible');
      expect(r.evidence.join('\n')).toMatch(h.confirms);
    }
    // A call stopped outside an engine is never a confirmation, and says why.
    const stopped = r.contexts.some((c) => c.name === 'oracle bound');
    if (stopped) expect(r.evidence.join('\n')).toMatch(/not judged: the oracle did not finish within \d+ ms/);
    if (h.judged) {
      expect(stopped, `${h.name} was stopped at the bound`).toBe(false);
      expect(r.evidence.join('\n')).toMatch(h.judged);
    }
  }, 120_000);
});

describe('the oracle host', () => {
  it('runs the issue 12 examples with a verdict within the bound (they took 300 s and 161 s before)', async () => {
    const copy = await runOracle('sql_injection', "1'; COPY (SELECT 1) TO PROGRAM 'id'--", { database: 'postgres' });
    expect(copy.verdict).toBe('exploit_possible');
    expect(copy.evidence.join('\n')).toMatch(/never executed/);
    const series = await runOracle('sql_injection', "1' AND 1=(SELECT COUNT(*) FROM generate_series(1,100000000))--", { database: 'postgres' });
    expect(series.verdict).toBe('exploit_possible');
    expect(series.durationMs!).toBeLessThanOrEqual(bound + SLACK_MS);
    // The replacement host answers the next call normally.
    const benign = await runOracle('sql_injection', 'alice', { database: 'postgres' });
    expect(benign.verdict).toBe('exploit_improbable');
    expect(benign.evidence.join('\n')).not.toMatch(/not judged/);
  }, 180_000);
});
