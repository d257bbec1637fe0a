import { describe, expect, it } from 'vitest';
import { defaultAnomalyModel } from './anomaly';
import { combine, createInferenceEngine, DEFAULT_THRESHOLDS } from './engine';
import { attackEvidence, benignEvidence, crawlerEvidence } from './fixtures';
import { defaultModel } from './model-io';

const engine = createInferenceEngine({ model: defaultModel(), anomaly: defaultAnomalyModel(), thresholds: { simulate: 0.75, tag: 0.5 } });

describe('inference engine', () => {
  it('calls an ordinary shopping session benign', () => {
    const a = engine.analyze(benignEvidence());
    expect(a.verdict).toBe('benign');
    expect(a.confidence).toBeLessThan(0.5);
    expect(a.payload.attackClass).toBeNull();
    expect(a.requests).toHaveLength(5);
    expect(a.requests.every((r) => r.attacks.length === 0)).toBe(true);
  });

  it('sends UNION SELECT from a rapid-fire client to simulation, naming where it was found', () => {
    const a = engine.analyze(attackEvidence());
    expect(a.verdict).toBe('simulate');
    expect(a.confidence).toBeGreaterThan(0.9);
    expect(a.payload).toMatchObject({ attackClass: 'sql_injection', request: 7, location: 'query.id' });
    expect(a.requests[7].attacks.map((f) => f.label)).toEqual(['sql_injection']);
    expect(a.anomaly.anomalous).toBe(true);
    expect(a.explanation.label).toBe('sql_injection');
    expect(a.explanation.contributing.length).toBeGreaterThan(0);
    expect(a.explanation.contradicting.length).toBeGreaterThan(0);
    expect(a.narrative).toMatch(/SIMULATE.*sql_injection.*query\.id.*anomalous/s);
  });

  it('tags but never simulates on behaviour alone', () => {
    const a = engine.analyze(crawlerEvidence());
    expect(a.payload.attackClass).toBeNull();
    expect(a.anomaly.anomalous).toBe(true);
    expect(a.verdict).toBe('tag');
    expect(combine(0, 1, DEFAULT_THRESHOLDS).verdict).toBe('tag');
  });

  it('combines the signals as documented (noisy-OR, behaviour capped below simulate)', () => {
    expect(combine(0.9, 0, DEFAULT_THRESHOLDS)).toEqual({ verdict: 'simulate', confidence: 0.9 });
    expect(combine(0.6, 0, DEFAULT_THRESHOLDS).verdict).toBe('tag');
    expect(combine(0.5, 1, DEFAULT_THRESHOLDS).verdict).toBe('simulate');
    expect(combine(0.2, 0, DEFAULT_THRESHOLDS).verdict).toBe('benign');
    expect(combine(0.4, 1, DEFAULT_THRESHOLDS).confidence).toBeCloseTo(0.82);
    expect(combine(0.4, 1, DEFAULT_THRESHOLDS).verdict).toBe('tag'); // payload below tag: no replay
  });

  it('is pure: the same evidence gives the same analysis', () => {
    expect(engine.analyze(attackEvidence())).toEqual(engine.analyze(attackEvidence()));
  });

  it('rejects inconsistent thresholds', () => {
    expect(() => createInferenceEngine({ model: defaultModel(), anomaly: defaultAnomalyModel(), thresholds: { simulate: 0.4, tag: 0.6 } })).toThrow(RangeError);
  });
});
