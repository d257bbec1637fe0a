// The batched store gives each caller what storeEvidenceOnce would, when many call at once:
// new evidence created once, a duplicate in the same batch or later recognised, other content
// under a known id a conflict; on Postgres and PGlite.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inArray } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { evidence } from '../../db/schema';
import { createFsObjectStore } from '../../objects/fs-store';
import { TEST_BACKENDS, type TestDb } from '../../test/support/db';
import { attackEvidence } from '../../test/support/evidence';
import { EvidenceConflictError } from './evidence-intake';
import { batchedEvidenceStore } from './evidence-intake-batch';

describe.each(TEST_BACKENDS)('batched evidence intake ($name)', ({ create }) => {
  let t: TestDb;
  let dir: string;
  beforeEach(async () => {
    t = await create();
    dir = mkdtempSync(join(tmpdir(), 'bulwark-intake-batch-'));
  });
  afterEach(async () => {
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('stores concurrent submissions once each; same-batch and later duplicates and conflicts are told apart', async () => {
    const objects = createFsObjectStore(dir);
    const store = batchedEvidenceStore(t.db, objects, 'ingest:batch-test', 8);
    const fresh = Array.from({ length: 30 }, (_, i) => attackEvidence(`batch-${i}`));
    const twice = attackEvidence('batch-twice');
    const clash = attackEvidence('batch-clash');
    const results = await Promise.allSettled([
      ...fresh.map((ev) => store(ev)),
      store(twice),
      store({ ...twice }),
      store(clash),
      store({ ...clash, source: 'waf' }),
    ]);
    const values = results.map((r) => (r.status === 'fulfilled' ? r.value : r.reason));
    expect(values.slice(0, 30).map((v) => v.created)).toEqual(fresh.map(() => true));
    expect(values.slice(30, 32).map((v) => v.created).sort()).toEqual([false, true]);
    // One of the two clashing submissions wins; the other is the conflict.
    const [a, b] = values.slice(32);
    expect([a, b].filter((v) => v instanceof EvidenceConflictError)).toHaveLength(1);
    expect([a, b].filter((v) => v?.created === true)).toHaveLength(1);

    const ids = [...fresh.map((e) => e.id), twice.id, clash.id];
    const rows = await t.db.select().from(evidence).where(inArray(evidence.id, ids));
    expect(rows).toHaveLength(32);
    for (const row of rows) {
      expect(row.submittedBy).toBe('ingest:batch-test');
      expect((await objects.head(row.objectKey))?.sha256).toBe(row.sha256);
    }

    // Later: a known id with the same content is a duplicate, with other content a conflict.
    expect(await store(fresh[3])).toMatchObject({ created: false, sha256: rows.find((r) => r.id === fresh[3].id)!.sha256 });
    await expect(store({ ...fresh[4], source: 'waf' })).rejects.toBeInstanceOf(EvidenceConflictError);
  });

  it('fails every caller of a batch whose statement fails, and stores them when asked again', async () => {
    const store = batchedEvidenceStore(t.db, createFsObjectStore(dir), null, 8);
    // Postgres refuses a NUL character in text: the batch's one lookup statement fails.
    const batch = [attackEvidence('batch-ok-1'), { ...attackEvidence('batch-nul'), id: 'batch-nul-\u0000' }, attackEvidence('batch-ok-2')];
    const results = await Promise.allSettled(batch.map((ev) => store(ev)));
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(await t.db.select().from(evidence).where(inArray(evidence.id, ['batch-ok-1', 'batch-ok-2']))).toHaveLength(0);
    expect(await Promise.all([store(batch[0]), store(batch[2])])).toMatchObject([{ created: true }, { created: true }]);
  });
});
