// storeEvidenceOnce for many concurrent callers (the Kafka consumer's in-flight events): the
// same steps and outcomes per evidence (look the id up, write the content-addressed bytes,
// insert the row unless it exists, a lost race re-read), but the lookups and the inserts of
// the callers waiting at the same moment go to Postgres as one `SELECT … WHERE id IN (…)` and
// one multi-row `INSERT … ON CONFLICT DO NOTHING RETURNING id`, one of each at a time. Two database round trips per
// evidence were a quarter of the consumer's CPU per event (docs/ingest.md, "Measured").
import { inArray } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { evidence } from '../../db/schema';
import { canonicalEvidenceBytes, evidenceObjectKey, evidenceSha256 } from '../../domain/threat/evidence/canonical';
import type { Evidence } from '../../domain/threat/evidence/schema';
import type { ObjectStore } from '../../objects/store';
import { EvidenceConflictError, type StoredEvidence } from './evidence-intake';

type Row = typeof evidence.$inferInsert & { id: string };

/**
 * Group commit: one `run(items)` at a time; the items asked for while it runs (up to `max`)
 * go together in the next. A lone caller waits only for the end of the current event-loop
 * turn, so batches grow with the load and nothing waits on a timer. The i-th caller of a run
 * gets its i-th result; a failed run fails every caller of that run.
 */
function coalesce<I, V>(run: (items: I[]) => Promise<V[]>, max: number): (item: I) => Promise<V> {
  const waiting: { item: I; resolve: (v: V) => void; reject: (e: unknown) => void }[] = [];
  let running = false;
  const flush = () => {
    if (running || !waiting.length) return;
    running = true;
    const batch = waiting.splice(0, max);
    run(batch.map((w) => w.item))
      .then(
        (res) => batch.forEach((w, i) => w.resolve(res[i])),
        (err) => batch.forEach((w) => w.reject(err)),
      )
      .finally(() => {
        running = false;
        flush();
      });
  };
  return (item) =>
    new Promise((resolve, reject) => {
      waiting.push({ item, resolve, reject });
      if (waiting.length === 1) setImmediate(flush);
    });
}

/**
 * `store(ev)` behaves as `storeEvidenceOnce(db, objects, ev, submittedBy)`: `{sha256, created}`,
 * EvidenceConflictError for other content under a known id; database or object-store errors
 * are thrown as they come (every caller of a failed batch gets the error). `maxBatch`: rows per
 * statement (default 500).
 */
export function batchedEvidenceStore(db: Db, objects: ObjectStore, submittedBy: string | null, maxBatch = 500): (ev: Evidence) => Promise<StoredEvidence> {
  const known = coalesce<string, string | undefined>(async (ids) => {
    const rows = await db.select({ id: evidence.id, sha256: evidence.sha256 }).from(evidence).where(inArray(evidence.id, [...new Set(ids)]));
    const byId = new Map(rows.map((r) => [r.id, r.sha256]));
    return ids.map((id) => byId.get(id));
  }, maxBatch);
  // One row per id in a statement (the first caller's): any other caller with that id is told
  // "not inserted" and re-reads once the statement is done, exactly like a caller that lost the
  // race to a concurrent statement.
  const insert = coalesce<Row, boolean>(async (rows) => {
    const first = new Map<string, Row>();
    for (const r of rows) if (!first.has(r.id)) first.set(r.id, r);
    const inserted = new Set((await db.insert(evidence).values([...first.values()]).onConflictDoNothing().returning({ id: evidence.id })).map((r) => r.id));
    return rows.map((r) => first.get(r.id) === r && inserted.has(r.id));
  }, maxBatch);

  return async (ev) => {
    const bytes = canonicalEvidenceBytes(ev);
    const sha256 = evidenceSha256(bytes);
    const check = (stored: string | undefined) => {
      if (stored === undefined) throw new Error(`evidence "${ev.id}": no row after an insert that conflicted`);
      if (stored !== sha256) throw new EvidenceConflictError(ev.id, stored);
      return { sha256, created: false };
    };
    const existing = await known(ev.id);
    if (existing !== undefined) return check(existing);
    // Content-addressed key: a racing submission with other content cannot clobber these bytes.
    const objectKey = evidenceObjectKey(ev.id, sha256);
    await objects.put(objectKey, bytes, { evidenceId: ev.id, contentType: 'application/json' });
    if (await insert({ id: ev.id, sha256, objectKey, size: bytes.byteLength, source: ev.source, status: 'received', submittedBy })) return { sha256, created: true };
    return check(await known(ev.id));
  };
}
