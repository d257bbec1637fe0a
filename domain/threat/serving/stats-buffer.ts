// In-memory aggregation of serving statistics per model per minute, drained periodically into
// model_serving_stats (repo/models/serving-stats.ts recordServingStats): recording an answer is
// a few array increments, never a database write on the request path.
import { addHistogram, emptyHistogram, latencyBucket } from './latency';

export const BUCKET_MS = 60_000;

/** One model's answers in one minute: the row shape of model_serving_stats. */
export interface ServingStatsRow {
  modelId: string;
  /** Start of the minute, ms since the epoch (a multiple of 60 000). */
  bucketStartMs: number;
  requests: number;
  /** Answers also scored by the other model (candidate ↔ production). */
  compared: number;
  /** Of the compared, the ones both models labelled the same. */
  agreed: number;
  /** Counts per bucket of LATENCY_BOUNDS_MS (length LATENCY_BUCKETS). */
  latencyBuckets: number[];
  /** Label → answers with it. */
  labels: Record<string, number>;
}

/** One answer: who gave it, when, how long it took, what it said, and (when compared) whether the other model agreed. */
export interface ServedAnswer {
  modelId: string;
  atMs: number;
  latencyMs: number;
  label: string;
  /** undefined: not scored by the other model. */
  agreed?: boolean;
}

export class ServingStatsBuffer {
  private rows = new Map<string, ServingStatsRow>();
  // The row of the previous answer: nearly every answer lands in the same model's same minute,
  // so the key string and map look-up are skipped on the request path.
  private last?: ServingStatsRow;

  record(a: ServedAnswer): void {
    const bucketStartMs = a.atMs - (a.atMs % BUCKET_MS);
    let row = this.last;
    if (!row || row.bucketStartMs !== bucketStartMs || row.modelId !== a.modelId) {
      const key = `${a.modelId}\u0000${bucketStartMs}`;
      row = this.rows.get(key);
      if (!row) {
        row = { modelId: a.modelId, bucketStartMs, requests: 0, compared: 0, agreed: 0, latencyBuckets: emptyHistogram(), labels: {} };
        this.rows.set(key, row);
      }
      this.last = row;
    }
    row.requests++;
    row.latencyBuckets[latencyBucket(a.latencyMs)]++;
    row.labels[a.label] = (row.labels[a.label] ?? 0) + 1;
    if (a.agreed !== undefined) {
      row.compared++;
      if (a.agreed) row.agreed++;
    }
  }

  get pending(): number {
    return this.rows.size;
  }

  /** Takes every aggregated row, leaving the buffer empty. */
  drain(): ServingStatsRow[] {
    const out = [...this.rows.values()];
    this.rows = new Map();
    this.last = undefined;
    return out;
  }

  /** Puts rows back (a failed flush), merged with whatever was recorded since. */
  restore(rows: readonly ServingStatsRow[]): void {
    for (const r of rows) {
      const key = `${r.modelId}\u0000${r.bucketStartMs}`;
      const cur = this.rows.get(key);
      if (!cur) {
        this.rows.set(key, { ...r, latencyBuckets: [...r.latencyBuckets], labels: { ...r.labels } });
        continue;
      }
      cur.requests += r.requests;
      cur.compared += r.compared;
      cur.agreed += r.agreed;
      addHistogram(cur.latencyBuckets, r.latencyBuckets);
      for (const [l, n] of Object.entries(r.labels)) cur.labels[l] = (cur.labels[l] ?? 0) + n;
    }
  }
}
