import { describe, expect, it } from 'vitest';
import { checkGates, DEFAULT_GATES, detectionMetrics, insufficientData } from './gates';

const ok = { candidate: 0, production: 0, total: 3 };

describe('retraining gates', () => {
  it('micro-averages over attack classes: the wrong attack class is a miss, benign flagged is a false positive', () => {
    const m = detectionMetrics([
      { actual: 'sql_injection', predicted: 'sql_injection' },
      { actual: 'xss', predicted: 'sql_injection' },
      { actual: 'xss', predicted: 'benign' },
      { actual: 'benign', predicted: 'benign' },
      { actual: 'benign', predicted: 'xss' },
    ]);
    // 3 attack predictions, 1 right; 3 attacks, 1 found; 2 benign, 1 flagged.
    expect(m).toEqual({ precision: 0.333333, recall: 0.333333, f1: 0.333333, fpr: 0.5, attacks: 3, benign: 2 });
  });

  it("passes the seed's thresholds at the boundary and fails each gate in turn with its reason", () => {
    const m = { precision: 0.85, recall: 0.8, f1: 0.82, fpr: 0.05, attacks: 10, benign: 10 };
    expect(checkGates(m, DEFAULT_GATES, ok, ok)).toMatchObject({ passed: true, reasons: [] });
    const fail = (mm: Partial<typeof m>, fp = ok, reg = ok) => checkGates({ ...m, ...mm }, DEFAULT_GATES, fp, reg);
    expect(fail({ precision: 0.84 }).reasons).toEqual(['precision 0.84 < 0.85']);
    expect(fail({ recall: 0.79 }).reasons).toEqual(['recall 0.79 < 0.8']);
    expect(fail({ fpr: 0.051 }).reasons).toEqual(['fpr 0.051 > 0.05']);
    expect(fail({ f1: 0.8 }).reasons).toEqual(['f1 0.8 < 0.82']);
    expect(fail({}, { candidate: 2, production: 1, total: 3 }).reasons).toEqual(['flags 2 of 3 reported false positives; production flags 1']);
    expect(fail({}, ok, { candidate: 1, production: 0, total: 18 }).reasons).toEqual(['misses 1 of 18 past misses; production misses 0']);
    expect(fail({}, ok, { candidate: 1, production: 0, total: 18 }).checks.filter((c) => !c.passed).map((c) => c.gate)).toEqual(['regression_set']);
  });

  it('insufficient_data below 20 payload samples or with a split lacking benign or attack samples', () => {
    expect(insufficientData({ payloadSamples: 19, train: { benign: 10, xss: 5 }, holdout: { benign: 2, xss: 2 } })).toMatch(/^insufficient_data: 19 payload samples, at least 20/);
    expect(insufficientData({ payloadSamples: 30, train: { benign: 20, xss: 5 }, holdout: { benign: 5 } })).toMatch(/holdout split needs benign and attack/);
    expect(insufficientData({ payloadSamples: 30, train: { benign: 20, xss: 5 }, holdout: { benign: 3, xss: 2 } })).toBeNull();
  });
});
