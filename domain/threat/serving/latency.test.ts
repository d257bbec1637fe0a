import { describe, expect, it } from 'vitest';
import { addHistogram, emptyHistogram, histogramQuantile, LATENCY_BOUNDS_MS, LATENCY_BUCKETS, latencyBucket } from './latency';

describe('latency histogram', () => {
  it('puts a latency in the first bucket whose bound holds it', () => {
    for (const ms of [0, 0.001, 0.01, 0.0101, 0.37, 1, 4, 123.4, 8000]) {
      const i = latencyBucket(ms);
      expect(LATENCY_BOUNDS_MS[i]).toBeGreaterThanOrEqual(ms);
      if (i > 0) expect(LATENCY_BOUNDS_MS[i - 1]).toBeLessThan(ms);
    }
    expect(latencyBucket(1e9)).toBe(LATENCY_BUCKETS - 1);
  });

  it('quantiles of a known distribution come out within one bucket', () => {
    const h = emptyHistogram();
    // 1..1000 ms uniformly: p50 ≈ 500, p95 ≈ 950.
    for (let ms = 1; ms <= 1000; ms++) h[latencyBucket(ms)]++;
    for (const [q, want] of [[0.5, 500], [0.95, 950], [0.01, 10]] as const) {
      expect(Math.abs(Math.log2(histogramQuantile(h, q)! / want))).toBeLessThanOrEqual(0.25);
    }
    expect(histogramQuantile(emptyHistogram(), 0.5)).toBeNull();
    expect(addHistogram(emptyHistogram(), h).reduce((s, n) => s + n, 0)).toBe(1000);
  });
});
