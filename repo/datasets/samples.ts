// Labelled samples and immutable dataset versions in Postgres. Samples are append-only; writers
// and snapshots serialise on one advisory lock, so no sample can commit "behind" a version
// (a version is every sample with id ≤ max_sample_id, and that set never changes).
import { asc, desc, eq, lte, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client';
import { escapeNul, escapeNulDeep, unescapeNul } from '../../db/nul-escape';
import { datasetSamples, datasetVersions } from '../../db/schema';
import { contentHash, dataKey, splitFor, type DatasetSample } from '../../domain/threat/datasets/canonical';
import { datasetStats, type DatasetStats } from '../../domain/threat/datasets/quality';

export type DatasetVersion = typeof datasetVersions.$inferSelect;

export interface NewSample {
  sampleType?: 'payload' | 'behavioural';
  data: string;
  label: string;
  source: string;
  /** 0..1; 1 when omitted (an analyst's label). */
  confidence?: number;
  reviewer?: string | null;
  /** By a seeded hash of the normalised text when omitted (canonical.ts splitFor). */
  split?: 'train' | 'holdout';
  origin?: Record<string, unknown>;
}

const LOCK_SQL = sql`select pg_advisory_xact_lock(hashtext('bulwark:dataset'))`;

/** The materialised version does not hash to its recorded content hash (tampered rows). */
export class DatasetIntegrityError extends Error {
  constructor(readonly version: number, readonly expected: string, readonly actual: string) {
    super(`dataset version ${version} hashes to ${actual}, not its recorded ${expected}`);
    this.name = 'DatasetIntegrityError';
  }
}

export class DatasetVersionNotFoundError extends Error {
  constructor(readonly version: number) {
    super(`dataset version ${version} not found`);
    this.name = 'DatasetVersionNotFoundError';
  }
}

/** Inserts the samples in one transaction (all or none), in order; returns their ids. */
export async function addSamples(db: Db, samples: readonly NewSample[]): Promise<number[]> {
  if (samples.length === 0) return [];
  return db.transaction(async (tx) => {
    await tx.execute(LOCK_SQL);
    const ids: number[] = [];
    // Chunked: one statement's bind parameters are limited (65535 / 11 columns).
    for (let i = 0; i < samples.length; i += 2000) {
      const rows = await tx
        .insert(datasetSamples)
        .values(samples.slice(i, i + 2000).map((s) => ({
          sampleType: s.sampleType ?? 'payload',
          data: escapeNul(s.data),
          dataKey: dataKey(s.data),
          label: s.label,
          source: escapeNul(s.source),
          confidence: s.confidence ?? 1,
          reviewer: s.reviewer == null ? null : escapeNul(s.reviewer),
          split: s.split ?? splitFor(s.data),
          origin: s.origin ? escapeNulDeep(s.origin) : null,
        })))
        .returning({ id: datasetSamples.id });
      ids.push(...rows.map((r) => r.id));
    }
    return ids;
  });
}

const sampleColumns = {
  id: datasetSamples.id,
  sampleType: datasetSamples.sampleType,
  data: datasetSamples.data,
  label: datasetSamples.label,
  source: datasetSamples.source,
  confidence: datasetSamples.confidence,
  reviewer: datasetSamples.reviewer,
  split: datasetSamples.split,
};

async function samplesUpTo(db: DbOrTx, maxId: number): Promise<DatasetSample[]> {
  const rows = await db.select(sampleColumns).from(datasetSamples).where(lte(datasetSamples.id, maxId)).orderBy(asc(datasetSamples.id));
  return rows.map((r) => ({ ...r, data: unescapeNul(r.data), source: unescapeNul(r.source), reviewer: r.reviewer === null ? null : unescapeNul(r.reviewer) }));
}

function countsOf(samples: readonly DatasetSample[]): Record<string, Record<string, number>> {
  const counts: Record<string, Record<string, number>> = {};
  for (const s of samples) {
    const c = (counts[s.label] ??= { train: 0, holdout: 0 });
    c[s.split]++;
  }
  return counts;
}

/**
 * A version of every sample so far. When nothing was added since the latest version, that
 * version is returned (`created: false`) rather than a twin with the same hash.
 */
export async function snapshotDataset(db: Db, createdBy: string): Promise<{ version: DatasetVersion; created: boolean }> {
  return db.transaction(async (tx) => {
    await tx.execute(LOCK_SQL);
    const [{ maxId }] = await tx.select({ maxId: sql<number>`coalesce(max(${datasetSamples.id}), 0)::int` }).from(datasetSamples);
    const [latest] = await tx.select().from(datasetVersions).orderBy(desc(datasetVersions.version)).limit(1);
    if (latest && latest.maxSampleId === maxId) return { version: latest, created: false };
    const samples = await samplesUpTo(tx, maxId);
    const [version] = await tx
      .insert(datasetVersions)
      .values({ contentHash: contentHash(samples), maxSampleId: maxId, sampleCount: samples.length, counts: countsOf(samples), createdBy: escapeNul(createdBy) })
      .returning();
    return { version, created: true };
  });
}

export async function getDatasetVersion(db: Db, version: number): Promise<DatasetVersion | undefined> {
  const [row] = await db.select().from(datasetVersions).where(eq(datasetVersions.version, version)).limit(1);
  return row;
}

/** The version's samples in id order, verified against its content hash. */
export async function materializeDataset(db: Db, version: number): Promise<{ version: DatasetVersion; samples: DatasetSample[] }> {
  const v = await getDatasetVersion(db, version);
  if (!v) throw new DatasetVersionNotFoundError(version);
  const samples = await samplesUpTo(db, v.maxSampleId);
  const actual = contentHash(samples);
  if (actual !== v.contentHash) throw new DatasetIntegrityError(version, v.contentHash, actual);
  return { version: v, samples };
}

export async function listDatasetVersions(db: Db, limit = 20): Promise<DatasetVersion[]> {
  return db.select().from(datasetVersions).orderBy(desc(datasetVersions.version)).limit(limit);
}

/** Totals, per-label counts and quality metrics over every sample. */
export async function datasetStatsOf(db: Db): Promise<DatasetStats & { latest_version: DatasetVersion | null }> {
  const rows = await db
    .select({ label: datasetSamples.label, split: datasetSamples.split, dataKey: datasetSamples.dataKey, confidence: datasetSamples.confidence, source: datasetSamples.source })
    .from(datasetSamples);
  const [latest] = await listDatasetVersions(db, 1);
  return { ...datasetStats(rows), latest_version: latest ?? null };
}
