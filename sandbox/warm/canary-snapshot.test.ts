// The SQL canary database booted from a snapshot: made in a worker of its own, checked on every
// boot, and ignored (initdb and the seed instead) when it does not hold exactly the seed.
import { PGlite } from '@electric-sql/pglite';
import { afterEach, describe, expect, it } from 'vitest';
import { CANARY_SECRET, closeCanaryDb, execute, seededDataDir, useCanarySnapshot } from '../oracles/sql-canary';
import * as canary from '../oracles/sql-canary';
import { makeCanarySnapshot } from './canary-snapshot';

const LEAK = 'SELECT name, password FROM users';

afterEach(async () => {
  useCanarySnapshot(undefined);
  await closeCanaryDb();
});

describe('canary database snapshot', { timeout: 240_000 }, () => {
  it('is made in its own worker, and a database booted from it holds the canary rows', async () => {
    const made = makeCanarySnapshot(512);
    const bytes = await made.snapshot;
    await made.stop();
    expect(bytes?.byteLength).toBeGreaterThan(1 << 20);
    useCanarySnapshot(bytes);
    await closeCanaryDb();
    const out = await execute(LEAK, 0);
    expect(canary.canaryBootedFrom).toBe('snapshot');
    expect(out).toMatchObject({ ran: true, rows: 3, canaryLeaked: true, changed: false });
    // A committed change is still caught and the database rebuilt (from the snapshot again).
    const committed = await execute("COMMIT; UPDATE users SET password = 'x'", 0);
    expect(committed.changed).toBe(true);
    expect(await execute('SELECT 1', 1)).toMatchObject({ ran: true, changed: false });
    expect(canary.canaryBootedFrom).toBe('snapshot');
  });

  it('a snapshot that is not exactly the seed is not used: the database is made afresh', async () => {
    const seeded = await seededDataDir();
    const other = new PGlite({ loadDataDir: new Blob([seeded]) });
    await other.exec(`UPDATE users SET password = 'not-the-canary' WHERE name = 'canary_admin'`);
    const tampered = new Uint8Array(await (await other.dumpDataDir('none')).arrayBuffer());
    await other.close();
    for (const bad of [tampered, new TextEncoder().encode('not a tar file')]) {
      useCanarySnapshot(bad);
      await closeCanaryDb();
      const out = await execute(LEAK, 0);
      expect(canary.canaryBootedFrom).toBe('initdb');
      expect(out.canaryLeaked).toBe(true);
      expect(JSON.stringify(out)).not.toContain('not-the-canary');
    }
    expect(CANARY_SECRET).toMatch(/CANARY/);
  });
});
