// Exact explanations. The model is linear in its inputs, so the log-odds of the chosen label
// against a reference class (benign for attacks; the runner-up for benign) is exactly
//   (bias[label] − bias[ref]) + Σ (w[label] − w[ref]) × value
// over the n-grams and features present. No sampling or approximation (unlike SHAP on a
// forest): the listed contributions add up to the logit to floating-point precision.
import { computeLogits, lastGrams, lastRawFeatures, scanPayload, softmaxInPlace, type Prediction } from './classifier';
import { DETECTORS } from './detectors';
import { K, LABELS, type Label, type PayloadModel } from './model';
import { squash } from './payload-features';
import { gramName, type GramKind } from './vectorize';
import { pct } from './report-parts';

export interface Contribution {
  /** `chars "' or"`, `token "union"`, `tokens "union select"`, or a payload feature name. */
  feature: string;
  kind: 'ngram' | 'feature';
  /** Input value (n-gram: occurrences ÷ the n-gram vector's L2 norm; feature: squashed value). */
  value: number;
  /** Weight difference w[label] − w[reference]. */
  weight: number;
  contribution: number;
}

export interface Explanation extends Prediction {
  /** The class the log-odds are measured against. */
  reference: Label;
  /** logit[label] − logit[reference] = bias + Σ contributions. */
  logit: number;
  bias: number;
  /** Every non-zero contribution, largest first. */
  contributions: Contribution[];
  supporting: Contribution[];
  contradicting: Contribution[];
  narrative: string;
}

const WHY = new Map<string, string>(DETECTORS.map((d) => [`detector_${d.name}`, d.why]));

export function explain(model: PayloadModel, payload: string, top = 8): Explanation {
  const logits = new Float64Array(K);
  computeLogits(model, payload, logits);
  const raw = Array.from(logits);
  const probs = Float64Array.from(logits);
  const li = softmaxInPlace(probs);
  let ri = 0;
  if (li === 0) for (let k = 1, best = -Infinity; k < K; k++) if (probs[k] > best) { best = probs[k]; ri = k; }
  const W = model.weights;
  const diff = (row: number) => W[row * K + li] - W[row * K + ri];

  // Re-scan with spans to name each bucket; several n-grams may share one bucket.
  const scan = scanPayload(model, payload, true);
  const g = lastGrams();
  const byBucket = new Map<number, { names: Set<string>; count: number }>();
  for (let i = 0; i < g.count; i++) {
    const b = g.buckets[i];
    const e = byBucket.get(b) ?? { names: new Set<string>(), count: 0 };
    e.names.add(gramName(scan.padded, g.kinds[i] as GramKind, g.start[i], g.end[i]));
    e.count++;
    byBucket.set(b, e);
  }
  const contributions: Contribution[] = [];
  for (const [b, e] of byBucket) {
    const weight = diff(b);
    if (weight === 0) continue;
    const value = e.count * scan.gramValue;
    contributions.push({ feature: [...e.names].join(' | '), kind: 'ngram', value, weight, contribution: weight * value });
  }
  const rawFeatures = lastRawFeatures();
  const base = 1 << model.hashBits;
  model.dense.forEach((d, j) => {
    const value = squash(d.kind, rawFeatures[j]);
    const weight = diff(base + j);
    if (value !== 0 && weight !== 0) contributions.push({ feature: d.name, kind: 'feature', value, weight, contribution: weight * value });
  });
  contributions.sort((a, b) => b.contribution - a.contribution);
  const label = LABELS[li];
  const reference = LABELS[ri];
  const supporting = contributions.filter((c) => c.contribution > 0).slice(0, top);
  const contradicting = contributions.filter((c) => c.contribution < 0).reverse().slice(0, top);
  const explanation: Explanation = {
    label,
    confidence: probs[li],
    scores: Object.fromEntries(LABELS.map((l, k) => [l, probs[k]])) as Record<Label, number>,
    reference,
    logit: raw[li] - raw[ri],
    bias: model.bias[li] - model.bias[ri],
    contributions,
    supporting,
    contradicting,
    narrative: '',
  };
  explanation.narrative = narrate(explanation);
  return explanation;
}

function describe(c: Contribution): string {
  const why = WHY.get(c.feature);
  return why ? `${c.feature.replace(/^detector_/, '')} (${why})` : c.feature;
}

function narrate(e: Explanation): string {
  const parts = [`Classified as ${e.label} with ${pct(e.confidence)} confidence; log-odds against ${e.reference} ${e.logit >= 0 ? '+' : ''}${e.logit.toFixed(2)}.`];
  const detectors = e.supporting.filter((c) => c.kind === 'feature' && c.feature.startsWith('detector_'));
  if (detectors.length) parts.push(`Structural signals: ${detectors.map(describe).join('; ')}.`);
  const grams = e.supporting.filter((c) => c.kind === 'ngram').slice(0, 4);
  if (grams.length) parts.push(`Strongest text evidence: ${grams.map((c) => c.feature).join(', ')}.`);
  if (e.contradicting.length) parts.push(`Pointing the other way (towards ${e.reference}): ${e.contradicting.slice(0, 3).map(describe).join(', ')}.`);
  return parts.join(' ');
}
