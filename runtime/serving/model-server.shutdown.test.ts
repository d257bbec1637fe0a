// Shutdown ordering of the model server's statistics: closing the database handle flushes the
// servers writing to it first (db/close-hooks.ts), so a test's afterAll or a process's shutdown
// never leaves a timer flushing into a closed client ("Failed query: insert into
// model_serving_stats" warnings in CI came from exactly that). A client closed under a running
// server (not through its handle) is still reported, once, as the ordering bug it is.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { createDb } from '../../db/client';
import { TEST_BACKENDS } from '../../test/support/db';
import { ModelServer } from './model-server';

describe.each(TEST_BACKENDS)('model server shutdown ($name)', ({ create }) => {
  it('closing the database handle flushes the server first; its timer never flushes into the closed client', async () => {
    const t = await create();
    const errors: unknown[] = [];
    const server = new ModelServer({ db: t.db, refreshMs: 0, flushMs: 50, onFlushError: (e) => errors.push(e) });
    await server.predict("1' OR '1'='1");
    await t.close();
    await sleep(300); // six timer periods: any flush into the closed client would have failed by now
    expect(errors).toEqual([]);
    // A close after the handle's is a no-op, not a flush into a closed client.
    await expect(server.close()).resolves.toBeUndefined();
  });
});

describe('model server shutdown (pglite on disk)', () => {
  it("the last minute's statistics are in the database after its handle closed", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bulwark-serving-shutdown-'));
    try {
      const handle = await createDb({ pglitePath: dir });
      // No timer flush within the test: only the close can have written the rows.
      const server = new ModelServer({ db: handle.db, refreshMs: 0, flushMs: 600_000 });
      await server.predict("1' OR '1'='1");
      await server.predict('customer 7 from Berlin');
      await handle.close();
      const again = await createDb({ pglitePath: dir });
      try {
        const rows = await again.execute('select requests from model_serving_stats');
        expect(rows.reduce((n, r) => n + Number(r.requests), 0)).toBe(2);
      } finally {
        await again.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a client closed under a running server (not through its handle): said once, then the flushes stop', async () => {
    const handle = await createDb({ pglitePath: 'memory://' });
    const errors: Error[] = [];
    const server = new ModelServer({ db: handle.db, refreshMs: 0, flushMs: 50, onFlushError: (e) => errors.push(e as Error) });
    await server.predict("1' OR '1'='1");
    await handle.pglite!.close();
    await expect.poll(() => errors.length, { timeout: 5000 }).toBe(1);
    expect(errors[0].message).toMatch(/^the database closed before the model server: 1 statistics row\(s\) dropped, flushes stopped$/);
    await server.predict('customer 7 from Berlin');
    await sleep(300);
    expect(errors).toHaveLength(1);
  });
});
