// Live serving statistics per model (model_serving_stats, one row per model per minute) and the
// canary analysis's read of them: the contract between the model server (writer) and the canary
// promotion workflow (reader).
import { and, gte, inArray, lt, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { datasetSamples, modelServingStats } from '../../db/schema';
import { addHistogram, emptyHistogram, histogramQuantile } from '../../domain/threat/serving/latency';
import type { ServingStatsRow } from '../../domain/threat/serving/stats-buffer';

export type { ServingStatsRow } from '../../domain/threat/serving/stats-buffer';

/** One model's live behaviour over a window. */
export interface ModelWindowStats {
  /** Answers the model gave in the window. */
  requests: number;
  /**
   * 0..1: share of its compared answers where the other model (production for the candidate,
   * the candidate for production) gave the same label; null when nothing was compared.
   */
  agreementRate: number | null;
  /** Answers that were also scored by the other model (the denominator of agreementRate). */
  compared: number;
  /** Latency percentiles in ms from the minute histograms (exact to a factor 2^¼); null when no requests. */
  latencyP50Ms: number | null;
  latencyP95Ms: number | null;
  /** False-positive reports received in the window naming this model (add-false-positive's model_id / model_version). */
  falsePositiveReports: number;
  /** Label → share of the window's answers (0..1, summing to 1); {} when no requests. */
  verdictMix: Record<string, number>;
}

const T = '"model_serving_stats"';
const sumArrays = sql.raw(
  `(select array_agg(coalesce(a, 0) + coalesce(b, 0) order by i) from unnest(${T}."latency_buckets", excluded."latency_buckets") with ordinality as u(a, b, i))`,
);
const sumLabels = sql.raw(
  `(select coalesce(jsonb_object_agg(k, n), '{}'::jsonb) from (select key as k, sum(value::int) as n from (select * from jsonb_each_text(${T}."labels") union all select * from jsonb_each_text(excluded."labels")) e group by key) s)`,
);
const add = (col: string) => sql.raw(`${T}."${col}" + excluded."${col}"`);

/**
 * Adds minute rows (ServingStatsBuffer.drain()) into model_serving_stats: counters, histogram
 * and labels are summed into an existing (model, minute) row, so any number of processes can
 * flush the same minute. One statement; an empty list is a no-op.
 */
export async function recordServingStats(db: Db, rows: readonly ServingStatsRow[]): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insert(modelServingStats)
    .values(rows.map((r) => ({ modelId: r.modelId, bucketStart: new Date(r.bucketStartMs), requests: r.requests, compared: r.compared, agreed: r.agreed, latencyBuckets: r.latencyBuckets, labels: r.labels })))
    .onConflictDoUpdate({
      target: [modelServingStats.modelId, modelServingStats.bucketStart],
      set: { requests: add('requests'), compared: add('compared'), agreed: add('agreed'), latencyBuckets: sumArrays, labels: sumLabels },
    });
}

/**
 * Live statistics of the canary candidate and of production over [fromMs, toMs) (ms since the
 * epoch). Minute resolution: a minute bucket counts when its start is in the window, so use
 * whole minutes. Model ids are registry ids; the committed model's id is its version
 * (`pc1-s1-…`), the id serving records and reports name when no registry model serves.
 * @returns `{ candidate, production }`, each a ModelWindowStats (zeros / nulls for a model
 *   with no traffic in the window).
 */
export async function readCanaryWindow(
  db: Db,
  w: { candidateModelId: string; productionModelId: string; fromMs: number; toMs: number },
): Promise<{ candidate: ModelWindowStats; production: ModelWindowStats }> {
  const from = new Date(w.fromMs);
  const to = new Date(w.toMs);
  const ids = [w.candidateModelId, w.productionModelId];
  const rows = await db
    .select()
    .from(modelServingStats)
    .where(and(inArray(modelServingStats.modelId, ids), gte(modelServingStats.bucketStart, from), lt(modelServingStats.bucketStart, to)));
  const reporter = sql`coalesce(${datasetSamples.origin}->>'modelId', ${datasetSamples.origin}->>'modelVersion')`;
  const [fp] = await db
    .select({
      candidate: sql<number>`count(*) filter (where ${reporter} = ${w.candidateModelId})`.mapWith(Number),
      production: sql<number>`count(*) filter (where ${reporter} = ${w.productionModelId})`.mapWith(Number),
    })
    .from(datasetSamples)
    .where(and(sql`${datasetSamples.source} = 'false_positive:predict'`, gte(datasetSamples.createdAt, from), lt(datasetSamples.createdAt, to)));
  const of = (id: string, reports: number): ModelWindowStats => {
    const mine = rows.filter((r) => r.modelId === id);
    const requests = mine.reduce((s, r) => s + r.requests, 0);
    const compared = mine.reduce((s, r) => s + r.compared, 0);
    const agreed = mine.reduce((s, r) => s + r.agreed, 0);
    const hist = mine.reduce((h, r) => addHistogram(h, r.latencyBuckets), emptyHistogram());
    const labels: Record<string, number> = {};
    for (const r of mine) for (const [l, n] of Object.entries(r.labels)) labels[l] = (labels[l] ?? 0) + Number(n);
    return {
      requests,
      agreementRate: compared > 0 ? agreed / compared : null,
      compared,
      latencyP50Ms: histogramQuantile(hist, 0.5),
      latencyP95Ms: histogramQuantile(hist, 0.95),
      falsePositiveReports: reports,
      verdictMix: requests > 0 ? Object.fromEntries(Object.entries(labels).map(([l, n]) => [l, n / requests])) : {},
    };
  };
  return { candidate: of(w.candidateModelId, fp?.candidate ?? 0), production: of(w.productionModelId, fp?.production ?? 0) };
}
