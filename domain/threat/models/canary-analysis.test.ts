import { describe, expect, it } from 'vitest';
import { analyzeCanary, canaryStages, decideStage, DEFAULT_CANARY_THRESHOLDS as T, verdictMixShift, type ModelWindowStats } from './canary-analysis';

const stats = (over: Partial<ModelWindowStats> = {}): ModelWindowStats => ({
  requests: 200, agreementRate: 0.99, latencyP50Ms: 4, latencyP95Ms: 10, falsePositiveReports: 1, verdictMix: { benign: 180, sql_injection: 20 }, ...over,
});

describe('analyzeCanary', () => {
  it('passes a candidate within every threshold and lists each check', () => {
    const a = analyzeCanary({ candidate: stats(), production: stats() }, T, 0, 60_000);
    expect(a.phase).toBe('passed');
    expect(a.checks.map((c) => [c.metric, c.passed])).toEqual([['requests', true], ['agreement', true], ['latency_p95', true], ['false_positive_rate', true], ['verdict_mix', true]]);
    expect(a.reasons).toEqual([]);
  });

  it('is inconclusive when either model served fewer than minRequests, and judges nothing else', () => {
    const a = analyzeCanary({ candidate: stats({ requests: 3, agreementRate: 0 }), production: stats() }, T, 0, 1);
    expect(a.phase).toBe('inconclusive');
    expect(a.checks).toHaveLength(1);
    expect(a.reasons).toEqual(['inconclusive: requests candidate 3, production 200 < 50']);
  });

  it.each([
    ['agreement', { agreementRate: 0.9 }, 'agreement 0.9 < 0.95'],
    ['latency_p95', { latencyP95Ms: 21 }, 'latency_p95 21ms > 20ms'],
    ['false_positive_rate', { falsePositiveReports: 5 }, 'false_positive_rate 0.025 > 0.015'],
    ['verdict_mix', { verdictMix: { benign: 140, sql_injection: 60 } }, 'verdict_mix shift 0.2 > 0.1'],
  ] as const)('fails on %s alone, naming the numbers', (metric, over, text) => {
    const a = analyzeCanary({ candidate: stats(over), production: stats() }, T, 0, 1);
    expect(a.phase).toBe('failed');
    expect(a.checks.filter((c) => !c.passed).map((c) => c.metric)).toEqual([metric]);
    expect(a.reasons).toEqual([text]);
  });

  it('does not fail on metrics the serving layer could not measure', () => {
    const a = analyzeCanary({ candidate: stats({ agreementRate: null, latencyP95Ms: null }), production: stats({ latencyP95Ms: null }) }, T, 0, 1);
    expect(a.phase).toBe('passed');
  });
});

describe('verdictMixShift', () => {
  it('is 0 for the same proportions and 1 for disjoint mixes', () => {
    expect(verdictMixShift({ a: 1, b: 1 }, { a: 5, b: 5 })).toBe(0);
    expect(verdictMixShift({ a: 3 }, { b: 3 })).toBe(1);
    expect(verdictMixShift({}, { b: 3 })).toBe(0);
  });
});

describe('decideStage', () => {
  const policy = { failureLimit: 2, inconclusiveLimit: 1 };
  it('rolls back when failed analyses reach the failure limit, even before the window ends', () => {
    expect(decideStage({ passed: 5, failed: 1, inconclusive: 0 }, policy, true).action).toBe('advance');
    expect(decideStage({ passed: 5, failed: 2, inconclusive: 0 }, policy, false)).toEqual({ action: 'rollback', reason: '2 failed analyses reached the failure limit 2' });
  });
  it('holds for an operator once inconclusive analyses exceed their limit', () => {
    expect(decideStage({ passed: 0, failed: 0, inconclusive: 1 }, policy, true).action).toBe('continue');
    expect(decideStage({ passed: 0, failed: 0, inconclusive: 2 }, policy, true).action).toBe('hold');
  });
  it('advances only when the window elapsed with a passed analysis', () => {
    expect(decideStage({ passed: 1, failed: 0, inconclusive: 0 }, policy, false).action).toBe('continue');
    expect(decideStage({ passed: 0, failed: 1, inconclusive: 1 }, policy, true).action).toBe('continue');
    expect(decideStage({ passed: 1, failed: 0, inconclusive: 0 }, policy, true).action).toBe('advance');
  });
});

describe('canaryStages', () => {
  it('checks the stages and starts from a requested percentage', () => {
    expect(canaryStages([1, 10, 100])).toEqual([1, 10, 100]);
    expect(canaryStages([1, 10, 100], 10)).toEqual([10, 100]);
    expect(canaryStages([1, 10, 100], 5)).toEqual([5, 10, 100]);
    expect(canaryStages([1, 10, 100], 100)).toEqual([100]);
    expect(() => canaryStages([10, 1, 100])).toThrow(/rise strictly/);
    expect(() => canaryStages([1, 10])).toThrow(/end at 100/);
  });
});
