// Promotion gates of gatedRetraining (the seed's model_trainer thresholds, configurable):
// precision ≥ 0.85, recall ≥ 0.80, FPR ≤ 0.05, F1 ≥ 0.82 on the holdout split, and the
// candidate no worse than production on the analysts' false-positive reports and on a fixed
// regression set of past misses. Pure.
import type { Label } from '../detection/model';

export interface GateThresholds {
  minPrecision: number;
  minRecall: number;
  maxFpr: number;
  minF1: number;
}

export const DEFAULT_GATES: GateThresholds = { minPrecision: 0.85, minRecall: 0.8, maxFpr: 0.05, minF1: 0.82 };
/** The seed refuses to train below 20 samples. */
export const MIN_SAMPLES = 20;

export interface DetectionMetrics {
  /** Attack predictions that named the right attack class / all attack predictions. */
  precision: number;
  /** Attack samples given their own class / all attack samples. */
  recall: number;
  f1: number;
  /** Benign samples given any attack class / all benign samples. */
  fpr: number;
  attacks: number;
  benign: number;
}

const round = (x: number) => Math.round(x * 1e6) / 1e6;

/** Micro-averaged over the attack classes: confusing SQLi with XSS is a miss, not a hit. */
export function detectionMetrics(outcomes: readonly { actual: Label; predicted: Label }[]): DetectionMetrics {
  let tp = 0, predictedAttack = 0, attacks = 0, benign = 0, fp = 0;
  for (const o of outcomes) {
    if (o.predicted !== 'benign') predictedAttack++;
    if (o.actual === 'benign') {
      benign++;
      if (o.predicted !== 'benign') fp++;
    } else {
      attacks++;
      if (o.predicted === o.actual) tp++;
    }
  }
  const precision = predictedAttack ? tp / predictedAttack : 0;
  const recall = attacks ? tp / attacks : 0;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  return { precision: round(precision), recall: round(recall), f1: round(f1), fpr: round(benign ? fp / benign : 0), attacks, benign };
}

export interface Comparison {
  /** How many of `total` the model gets wrong (flags a reported false positive; misses a past miss). */
  candidate: number;
  production: number;
  total: number;
}

export interface GateCheck {
  gate: 'precision' | 'recall' | 'fpr' | 'f1' | 'false_positive_reports' | 'regression_set';
  value: number;
  /** The threshold, or production's count for the comparisons. */
  threshold: number;
  op: '>=' | '<=';
  passed: boolean;
}

export interface GateDecision {
  passed: boolean;
  checks: GateCheck[];
  /** One line per failed gate, e.g. "recall 0.71 < 0.80". */
  reasons: string[];
}

export function checkGates(m: DetectionMetrics, t: GateThresholds, fpReports: Comparison, regression: Comparison): GateDecision {
  const checks: GateCheck[] = [
    { gate: 'precision', value: m.precision, threshold: t.minPrecision, op: '>=', passed: m.precision >= t.minPrecision },
    { gate: 'recall', value: m.recall, threshold: t.minRecall, op: '>=', passed: m.recall >= t.minRecall },
    { gate: 'fpr', value: m.fpr, threshold: t.maxFpr, op: '<=', passed: m.fpr <= t.maxFpr },
    { gate: 'f1', value: m.f1, threshold: t.minF1, op: '>=', passed: m.f1 >= t.minF1 },
    { gate: 'false_positive_reports', value: fpReports.candidate, threshold: fpReports.production, op: '<=', passed: fpReports.candidate <= fpReports.production },
    { gate: 'regression_set', value: regression.candidate, threshold: regression.production, op: '<=', passed: regression.candidate <= regression.production },
  ];
  const reasons = checks.filter((c) => !c.passed).map((c) => {
    if (c.gate === 'false_positive_reports') return `flags ${c.value} of ${fpReports.total} reported false positives; production flags ${c.threshold}`;
    if (c.gate === 'regression_set') return `misses ${c.value} of ${regression.total} past misses; production misses ${c.threshold}`;
    return `${c.gate} ${c.value} ${c.op === '>=' ? '<' : '>'} ${c.threshold}`;
  });
  return { passed: reasons.length === 0, checks, reasons };
}

/** Why a version cannot be trained on, or null: too few samples, or a split with no attack or no benign. */
export function insufficientData(counts: { payloadSamples: number; train: Record<string, number>; holdout: Record<string, number> }, minSamples = MIN_SAMPLES): string | null {
  if (counts.payloadSamples < minSamples) return `insufficient_data: ${counts.payloadSamples} payload samples, at least ${minSamples} needed`;
  for (const split of ['train', 'holdout'] as const) {
    const c = counts[split];
    const attacks = Object.entries(c).filter(([l]) => l !== 'benign').reduce((n, [, v]) => n + v, 0);
    if (!c.benign || attacks === 0) return `insufficient_data: the ${split} split needs benign and attack samples (has ${JSON.stringify(c)})`;
  }
  return null;
}
