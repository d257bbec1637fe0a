// The soak, small: two worker processes and a separate API (tokens on) on their own Temporal dev
// server and a fresh Postgres database; a dozen cycles and a dozen analyses, two workers
// SIGKILLed and Temporal restarted once; nothing may be lost or duplicated. `npm run soak` is
// the full-size run (300 + 300, a kill every few seconds).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { createTestPostgres, type TestPostgres } from '../../test/support/db';
import { runSoak } from './run';

let pg: TestPostgres;
beforeAll(async () => {
  pg = await createTestPostgres();
});
afterAll(() => pg?.close());

describe('soak (small)', () => {
  it('12 cycles + 12 analyses survive two worker SIGKILLs and a Temporal restart: all complete, nothing twice, audit chain intact', async () => {
    const lines: string[] = [];
    const result = await runSoak({
      databaseUrl: pg.url,
      temporalCliPath: inject('temporalCliPath'),
      dataDir: mkdtempSync(join(tmpdir(), 'bulwark-soak-test-')),
      cycles: 12,
      analyses: 12,
      killEveryMs: 2000,
      maxKills: 2,
      restartTemporal: true,
      settleTimeoutMs: 360_000,
      log: (l) => lines.push(l),
    });
    expect(result.problems, lines.join('\n')).toEqual([]);
    expect(result.accepted).toEqual({ cycles: 12, analyses: 12 });
    expect(result.closed).toEqual({ COMPLETED: 24 });
    expect(result.kills).toBe(2);
    expect(result.temporalRestarts).toBe(1);
    expect(result.duplicateExecutions).toBe(0);
    expect(result.duplicateRules).toBe(0);
    expect(result.auditChain).toBe('verifies');
  }, 540_000);
});
