// Inference: payload → per-class scores, label, confidence. Hot path: module-level scratch
// buffers are reused across calls (JavaScript is single-threaded per isolate), so a call
// allocates only the normalised strings and the small result object.
import { normalize, type Normalized } from './normalize';
import { K, LABELS, type Label, type PayloadModel } from './model';
import { PAYLOAD_FEATURE_COUNT, payloadFeatures, squash } from './payload-features';
import { GramBuffer, gramNorm, pad, scanGrams } from './vectorize';

export interface Prediction {
  label: Label;
  /** Probability of the chosen label. */
  confidence: number;
  /** Softmax probabilities per class; they sum to 1. */
  scores: Record<Label, number>;
}

const grams = new GramBuffer();
const rawFeatures = new Float64Array(PAYLOAD_FEATURE_COUNT);
const logitScratch = new Float64Array(K);

export interface Scan {
  normalized: Normalized;
  padded: string;
  /**
   * Value of one n-gram occurrence: 1/√Σ count² over the buckets, so the n-gram vector has unit
   * length. For text whose grams are all distinct that is 1/√(total occurrences), as before
   * issue 12's retrain; a value that repeats one gram (1,000 `A`s of padding) no longer has a
   * vector 30× longer than any other, which let a handful of such samples swing SGD's weights.
   */
  gramValue: number;
}

/** Scan a payload into the shared buffers (grams, rawFeatures). Exposed for explanations. */
export function scanPayload(model: PayloadModel, payload: string, withSpans = false): Scan {
  const normalized = normalize(payload);
  const padded = pad(normalized.text);
  scanGrams(padded, model.hashBits, grams, withSpans);
  payloadFeatures(payload, normalized, rawFeatures, 0);
  return { normalized, padded, gramValue: grams.count > 0 ? 1 / gramNorm(grams, model.hashBits) : 0 };
}

export function lastGrams(): GramBuffer {
  return grams;
}

export function lastRawFeatures(): Float64Array {
  return rawFeatures;
}

/** Logits into `out` (length K). */
export function computeLogits(model: PayloadModel, payload: string, out: Float64Array): Scan {
  const scan = scanPayload(model, payload);
  const W = model.weights;
  let a0 = 0, a1 = 0, a2 = 0, a3 = 0, a4 = 0;
  const b = grams.buckets;
  for (let i = 0, n = grams.count; i < n; i++) {
    const o = b[i] * 5;
    a0 += W[o]; a1 += W[o + 1]; a2 += W[o + 2]; a3 += W[o + 3]; a4 += W[o + 4];
  }
  const s = scan.gramValue;
  a0 *= s; a1 *= s; a2 *= s; a3 *= s; a4 *= s;
  const base = 1 << model.hashBits;
  for (let j = 0; j < model.dense.length; j++) {
    const v = squash(model.dense[j].kind, rawFeatures[j]);
    if (v === 0) continue;
    const o = (base + j) * 5;
    a0 += W[o] * v; a1 += W[o + 1] * v; a2 += W[o + 2] * v; a3 += W[o + 3] * v; a4 += W[o + 4] * v;
  }
  const B = model.bias;
  out[0] = a0 + B[0]; out[1] = a1 + B[1]; out[2] = a2 + B[2]; out[3] = a3 + B[3]; out[4] = a4 + B[4];
  return scan;
}

/** In-place softmax; returns the argmax. */
export function softmaxInPlace(x: Float64Array): number {
  let max = -Infinity, arg = 0;
  for (let k = 0; k < x.length; k++) if (x[k] > max) { max = x[k]; arg = k; }
  let sum = 0;
  for (let k = 0; k < x.length; k++) { x[k] = Math.exp(x[k] - max); sum += x[k]; }
  for (let k = 0; k < x.length; k++) x[k] /= sum;
  return arg;
}

/** Class index only: the allocation-free path for evaluation and benchmarks. */
export function classifyIndex(model: PayloadModel, payload: string, probs: Float64Array = logitScratch): number {
  computeLogits(model, payload, probs);
  return softmaxInPlace(probs);
}

export function classify(model: PayloadModel, payload: string): Prediction {
  const arg = classifyIndex(model, payload);
  const p = logitScratch;
  return {
    label: LABELS[arg],
    confidence: p[arg],
    scores: { benign: p[0], sql_injection: p[1], xss: p[2], command_injection: p[3], path_traversal: p[4] },
  };
}
