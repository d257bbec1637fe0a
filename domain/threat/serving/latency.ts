// A fixed log-scale latency histogram, so per-minute buckets from any number of processes add
// up element-wise (in the database upsert) and percentiles come out of the sum.

/** Upper bounds in ms: 0.01 ms × 2^(i/4), i = 0..79 (0.01 ms … ~8.8 s); one overflow bucket after. */
export const LATENCY_BOUNDS_MS: readonly number[] = Array.from({ length: 80 }, (_, i) => 0.01 * 2 ** (i / 4));
/** Number of buckets, the overflow bucket included. */
export const LATENCY_BUCKETS = LATENCY_BOUNDS_MS.length + 1;

/** Index of the bucket holding `ms` (the first bound ≥ ms; the overflow bucket past the last). */
export function latencyBucket(ms: number): number {
  if (!(ms > LATENCY_BOUNDS_MS[0])) return 0;
  const i = Math.ceil(4 * Math.log2(ms / 0.01) - 1e-9);
  return Math.min(i, LATENCY_BOUNDS_MS.length);
}

export function emptyHistogram(): number[] {
  return new Array<number>(LATENCY_BUCKETS).fill(0);
}

/** Adds `b` into `a` (in place; a shorter array counts as zeros). */
export function addHistogram(a: number[], b: readonly number[]): number[] {
  for (let i = 0; i < b.length; i++) a[i] = (a[i] ?? 0) + (b[i] ?? 0);
  return a;
}

/**
 * The q-quantile (0..1) in ms, interpolated geometrically inside its bucket (exact to
 * one bucket: within a factor 2^¼ ≈ 1.19); null for an empty histogram. The overflow bucket
 * reports the last bound.
 */
export function histogramQuantile(counts: readonly number[], q: number): number | null {
  const total = counts.reduce((s, n) => s + n, 0);
  if (total === 0) return null;
  const rank = Math.max(1, Math.ceil(q * total));
  let seen = 0;
  for (let i = 0; i < counts.length; i++) {
    if (counts[i] === 0) continue;
    if (seen + counts[i] >= rank) {
      if (i >= LATENCY_BOUNDS_MS.length) return LATENCY_BOUNDS_MS[LATENCY_BOUNDS_MS.length - 1];
      const hi = LATENCY_BOUNDS_MS[i];
      const lo = i === 0 ? hi / 2 ** 0.25 : LATENCY_BOUNDS_MS[i - 1];
      const frac = (rank - seen) / counts[i];
      return lo * (hi / lo) ** frac;
    }
    seen += counts[i];
  }
  return LATENCY_BOUNDS_MS[LATENCY_BOUNDS_MS.length - 1];
}
