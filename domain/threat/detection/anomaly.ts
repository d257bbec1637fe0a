// Session anomaly scoring with an isolation forest (ml-isolation-forest) over the behavioural
// feature group. Anomalies are isolated by fewer random splits than ordinary points; the
// score is 2^(−mean path length / c(n)): ≈ 0.5 or below is ordinary, towards 1 is anomalous.
//
// An isolation forest can only split on features that vary in its training data; a constant
// column still gets picked for splits that separate nothing, which lengthens every path and
// squashes all scores towards the middle. So columns constant in training (in benign traffic:
// tool user agent, missing user agent) are dropped from the forest, and static and metadata
// features (attack tags, IP reputation: constantly zero when benign) are left out entirely.
// Explanations still report every behavioural feature.
import { IsolationForest } from 'ml-isolation-forest';
import { withSeededRandom } from '../../rng';
import { ANOMALY_FEATURES, sessionVector, syntheticBenignSessions } from './sessions';

export interface AnomalyOptions {
  /** Seeds the tree splits (the library calls Math.random; see withSeededRandom). */
  seed?: number;
  /** Expected share of anomalies in the training data; sets the threshold. Default 0.02. */
  contamination?: number;
  trees?: number;
}

export interface AnomalyModel {
  forest: IsolationForest;
  features: readonly string[];
  seed: number;
  contamination: number;
  /** Scores at or above this are anomalous: the (1 − contamination) quantile of training scores. */
  threshold: number;
  /** Training scores, ascending, so the threshold can be re-derived for another contamination. */
  trainingScores: number[];
  /** Indices into `features` that vary in training and so feed the forest. */
  active: number[];
  /** Per-feature median and robust spread (1.4826 × MAD) in model space, for explanations. */
  median: number[];
  spread: number[];
}

// Counts, rates and durations span orders of magnitude; compressing them makes the uniform
// split points of the trees land where the data is instead of in the empty tail.
const LOG_SCALED = new Set(['session_request_count', 'request_rate_per_min', 'inter_arrival_mean_ms', 'inter_arrival_std_ms', 'ua_length']);

function toModelSpace(v: readonly number[]): number[] {
  return v.map((x, i) => (LOG_SCALED.has(ANOMALY_FEATURES[i]) ? Math.log1p(Math.max(0, x)) : x));
}

function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 1;
  const pos = Math.min(sorted.length - 1, Math.max(0, q * (sorted.length - 1)));
  const lo = Math.floor(pos);
  return sorted[lo] + (sorted[Math.ceil(pos)] - sorted[lo]) * (pos - lo);
}

export function thresholdFor(model: Pick<AnomalyModel, 'trainingScores'>, contamination: number): number {
  if (!(contamination > 0 && contamination < 0.5)) throw new RangeError('contamination must be in (0, 0.5)');
  return quantile(model.trainingScores, 1 - contamination);
}

/** `vectors`: raw behavioural values in ANOMALY_FEATURES order (see sessionVector). */
export function trainAnomalyModel(vectors: readonly (readonly number[])[], opts: AnomalyOptions = {}): AnomalyModel {
  if (vectors.length < 8) throw new RangeError('need at least 8 training sessions');
  const seed = opts.seed ?? 1;
  const contamination = opts.contamination ?? 0.02;
  const rows = vectors.map(toModelSpace);
  const active = ANOMALY_FEATURES.map((_, j) => j).filter((j) => rows.some((r) => r[j] !== rows[0][j]));
  const forest = new IsolationForest({ nEstimators: opts.trees ?? 100 });
  const project = (r: number[]) => active.map((j) => r[j]);
  withSeededRandom(seed, () => forest.train(rows.map(project)));
  const trainingScores = forest.predict(rows.map(project)).sort((a, b) => a - b);
  const median: number[] = [];
  const spread: number[] = [];
  for (let j = 0; j < ANOMALY_FEATURES.length; j++) {
    const col = rows.map((r) => r[j]).sort((a, b) => a - b);
    const m = quantile(col, 0.5);
    const mad = quantile(col.map((x) => Math.abs(x - m)).sort((a, b) => a - b), 0.5);
    median.push(m);
    spread.push(Math.max(1.4826 * mad, 0.1));
  }
  const model: AnomalyModel = { forest, features: ANOMALY_FEATURES, active, seed, contamination, threshold: 1, trainingScores, median, spread };
  model.threshold = thresholdFor(model, contamination);
  return model;
}

/** Isolation score in [0, 1] for one raw behavioural vector. */
export function anomalyScore(model: AnomalyModel, vector: readonly number[]): number {
  const x = toModelSpace(vector);
  const s = model.forest.predict([model.active.map((j) => x[j])])[0];
  return Math.min(1, Math.max(0, s));
}

export interface AnomalyDeviation {
  feature: string;
  value: number;
  /** Training median, back in raw units. */
  typical: number;
  /** Robust z-score in model space: how far outside ordinary sessions this value sits. */
  deviation: number;
}

/**
 * Which features make the session unusual. The forest has no exact attribution, so this is
 * the robust z-score of each feature against the benign training set: a readable proxy, not
 * a decomposition of the score.
 */
export function explainAnomaly(model: AnomalyModel, vector: readonly number[], top = 5): AnomalyDeviation[] {
  const x = toModelSpace(vector);
  return model.features
    .map((feature, j) => ({
      feature,
      value: vector[j],
      typical: LOG_SCALED.has(feature) ? Math.expm1(model.median[j]) : model.median[j],
      deviation: (x[j] - model.median[j]) / model.spread[j],
    }))
    .filter((d) => Math.abs(d.deviation) >= 1)
    .sort((a, b) => Math.abs(b.deviation) - Math.abs(a.deviation))
    .slice(0, top);
}

let cached: AnomalyModel | undefined;
/**
 * The default model: trained at first use on 256 synthetic benign sessions (seed 1), in
 * well under 200 ms, so nothing is persisted and a fresh clone needs no data.
 */
export function defaultAnomalyModel(contamination = 0.02): AnomalyModel {
  const base = (cached ??= trainAnomalyModel(syntheticBenignSessions(256, 1).map(sessionVector), { seed: 1, contamination: 0.02 }));
  // Same forest, another cut-off: only the threshold depends on the contamination.
  return contamination === 0.02 ? base : { ...base, contamination, threshold: thresholdFor(base, contamination) };
}
