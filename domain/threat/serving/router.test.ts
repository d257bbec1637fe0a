import { describe, expect, it } from 'vitest';
import { routesToCandidate, routingKey, routingSlot, shadowSampled } from './router';

const payloads = Array.from({ length: 20_000 }, (_, i) => (i % 3 === 0 ? `id=${i}' OR '1'='1` : i % 3 === 1 ? `<img src=x onerror=alert(${i})>` : `user-${i}@example.com`));
const keys = payloads.map(routingKey);
const share = (percent: number, candidateId = 'pc-v7-abc') => keys.filter((k) => routesToCandidate(k, { candidateId, percent })).length / keys.length;

describe('canary router', () => {
  it('is deterministic: the same payload, and the same payload in another encoding, gets the same model', () => {
    const split = { candidateId: 'pc-v7-abc', percent: 50 };
    for (const p of payloads.slice(0, 500)) expect(routesToCandidate(routingKey(p), split)).toBe(routesToCandidate(routingKey(p), split));
    const plain = "1' OR '1'='1";
    const encoded = '1%27%20OR%20%271%27%3D%271';
    expect(routingKey(encoded)).toBe(routingKey(plain));
    expect(routingSlot(routingKey(encoded), 'c')).toBe(routingSlot(routingKey(plain), 'c'));
  });

  it('routes the configured share of many payloads to the candidate', () => {
    // Binomial sd at 20 000 payloads is ≤ 0.36 percentage points; allow ~3 sd.
    for (const p of [1, 10, 25, 50, 90, 99]) expect(Math.abs(share(p) - p / 100)).toBeLessThan(0.011);
    // Another candidate gets a different slice of the same size.
    const a = new Set(keys.filter((k) => routesToCandidate(k, { candidateId: 'a', percent: 10 })));
    const b = keys.filter((k) => routesToCandidate(k, { candidateId: 'b', percent: 10 }));
    expect(b.filter((k) => a.has(k)).length / b.length).toBeLessThan(0.2);
  });

  it('0 % routes nothing, 100 % everything, and raising the percentage keeps earlier payloads on the candidate', () => {
    expect(share(0)).toBe(0);
    expect(share(100)).toBe(1);
    const at1 = keys.filter((k) => routesToCandidate(k, { candidateId: 'c', percent: 1 }));
    expect(at1.length).toBeGreaterThan(0);
    expect(at1.every((k) => routesToCandidate(k, { candidateId: 'c', percent: 10 }))).toBe(true);
  });

  it('samples production answers for shadow scoring at the given rate, independently of routing', () => {
    const sampled = keys.filter((k) => shadowSampled(k, 'c', 0.1));
    expect(Math.abs(sampled.length / keys.length - 0.1)).toBeLessThan(0.011);
    const routed = sampled.filter((k) => routesToCandidate(k, { candidateId: 'c', percent: 10 }));
    expect(Math.abs(routed.length / sampled.length - 0.1)).toBeLessThan(0.04);
    expect(keys.some((k) => shadowSampled(k, 'c', 0))).toBe(false);
    expect(keys.every((k) => shadowSampled(k, 'c', 1))).toBe(true);
  });
});
