import { describe, expect, it } from 'vitest';
import { ServingStatsBuffer } from './stats-buffer';

describe('serving statistics buffer', () => {
  it('aggregates per model per minute and merges rows put back after a failed flush with newer answers', () => {
    const b = new ServingStatsBuffer();
    const t = Date.UTC(2026, 10, 30, 12, 0, 30);
    b.record({ modelId: 'a', atMs: t, latencyMs: 1, label: 'xss', agreed: true });
    b.record({ modelId: 'a', atMs: t + 40_000, latencyMs: 1, label: 'benign' }); // next minute
    b.record({ modelId: 'b', atMs: t, latencyMs: 1, label: 'xss', agreed: false });
    const drained = b.drain();
    expect(b.pending).toBe(0);
    expect(drained.map((r) => [r.modelId, r.bucketStartMs - Date.UTC(2026, 10, 30, 12, 0, 0), r.requests, r.compared, r.agreed])).toEqual([
      ['a', 0, 1, 1, 1],
      ['a', 60_000, 1, 0, 0],
      ['b', 0, 1, 1, 0],
    ]);
    b.record({ modelId: 'a', atMs: t, latencyMs: 1, label: 'xss' });
    b.restore(drained);
    const again = b.drain();
    const a0 = again.find((r) => r.modelId === 'a' && r.bucketStartMs === drained[0].bucketStartMs)!;
    expect(a0).toMatchObject({ requests: 2, compared: 1, agreed: 1, labels: { xss: 2 } });
    expect(a0.latencyBuckets.reduce((s, n) => s + n, 0)).toBe(2);
    expect(again).toHaveLength(3);
    // restore copied the arrays: the drained rows are unchanged.
    expect(drained[0].requests).toBe(1);
  });
});
