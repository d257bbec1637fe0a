// `bulwark train` end to end: corpus → seeded training → holdout evaluation → artifact with
// its metrics. The artifact carries no timestamps, so the same data and seed write the same
// bytes and the version name (a hash of data and options) is stable.
import { createHash } from 'node:crypto';
import { classifyIndex } from './classifier';
import { loadCorpus, type CorpusReport, type CorpusSample } from './corpus';
import { evaluate, type EvalReport } from './metrics';
import { LABELS, type PayloadModel } from './model';
import { saveModel } from './model-io';
import { FEATURE_SET_VERSION } from './payload-features';
import { synthesizeCommandInjection } from './augment';
import { synthesizeCanaryPaths, synthesizeNumericTautologies, synthesizeVocabularyCommands } from './augment-vocabulary';
import { DEFAULT_TRAIN_OPTIONS, trainModel, type TrainOptions, type TrainingSample } from './train';

/** Synthetic command-injection samples added to the training split only (see augment.ts). */
export const SYNTHETIC_CMDI = 800;
/** Training-only samples from the shared vocabulary (augment-vocabulary.ts): per command name, per canary file, numeric tautologies. */
export const SYNTHETIC_VOCABULARY = { perCommand: 1, perCanary: 5, numericTautologies: 300 };

/** Every synthetic training sample for `seed`, in a fixed order. */
export function syntheticSamples(seed: number): TrainingSample[] {
  return [
    ...synthesizeCommandInjection(SYNTHETIC_CMDI, seed),
    ...synthesizeVocabularyCommands(SYNTHETIC_VOCABULARY.perCommand, seed),
    ...synthesizeCanaryPaths(SYNTHETIC_VOCABULARY.perCanary, seed),
    ...synthesizeNumericTautologies(SYNTHETIC_VOCABULARY.numericTautologies, seed),
  ];
}

export interface TrainingRun {
  model: PayloadModel;
  file: string;
  holdout: EvalReport;
  train: EvalReport;
  corpus: CorpusReport;
  seconds: { load: number; train: number; evaluate: number };
}

export function evaluateSamples(model: PayloadModel, samples: readonly CorpusSample[]): EvalReport {
  return evaluate(samples.map((s) => ({ actual: s.label, predicted: LABELS[classifyIndex(model, s.payload)], group: s.group })));
}

/** Holdout misclassifications, for the training log: what the model still gets wrong. */
export function errorsOf(model: PayloadModel, samples: readonly CorpusSample[]): { payload: string; label: string; predicted: string; source: string }[] {
  return samples
    .map((s) => ({ s, p: LABELS[classifyIndex(model, s.payload)] }))
    .filter(({ s, p }) => p !== s.label)
    .map(({ s, p }) => ({ payload: s.payload.slice(0, 160), label: s.label, predicted: p, source: s.source }));
}

function countByLabel(samples: readonly TrainingSample[]): Partial<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const s of samples) out[s.label] = (out[s.label] ?? 0) + 1;
  return out;
}

export function runTraining(opts: { dataDir: string; benignDir: string; outDir: string; seed: number; train?: Partial<TrainOptions> }): TrainingRun {
  const t0 = performance.now();
  const { samples, report } = loadCorpus(opts.dataDir, opts.benignDir);
  const trainSet: TrainingSample[] = [
    ...samples.filter((s) => s.split === 'train'),
    ...syntheticSamples(opts.seed),
  ];
  const synthetic = trainSet.length - samples.filter((s) => s.split === 'train').length;
  const holdoutSet = samples.filter((s) => s.split === 'holdout');
  const options = { ...DEFAULT_TRAIN_OPTIONS, ...opts.train, seed: opts.seed };
  const digest = createHash('sha256')
    .update(JSON.stringify(options))
    .update(FEATURE_SET_VERSION)
    .update(trainSet.map((s) => `${s.label}\t${s.payload}`).join('\n'))
    .digest('hex')
    .slice(0, 10);
  const version = `pc1-s${opts.seed}-${digest}`;
  const t1 = performance.now();
  const model = trainModel(trainSet, { ...options, version });
  const t2 = performance.now();
  const holdout = evaluateSamples(model, holdoutSet);
  const train = evaluateSamples(model, samples.filter((s) => s.split === 'train'));
  const t3 = performance.now();
  model.meta = {
    ...model.meta,
    kind: 'softmax regression on hashed char 1-5-grams + token 1-2-grams + payload features',
    seed: opts.seed,
    featureSet: FEATURE_SET_VERSION,
    corpus: { ...report, syntheticTrainingSamples: countByLabel(trainSet.slice(trainSet.length - synthetic)) },
    metrics: { holdout, train: { accuracy: train.accuracy, macroF1: train.macroF1 } },
  };
  const file = saveModel(model, opts.outDir, options.quantStep);
  const secs = (a: number, b: number) => Math.round(b - a) / 1000;
  return { model, file, holdout, train, corpus: report, seconds: { load: secs(t0, t1), train: secs(t1, t2), evaluate: secs(t2, t3) } };
}
