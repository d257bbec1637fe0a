// Training a candidate payload classifier on a dataset version, through the one training code
// path (detection/train.ts trainModel, quantised as `bulwark train` ships it). Deterministic:
// the same version, seed and options give the same artifact bytes, so a retried training
// activity rewrites the identical object under the same id.
import { createHash } from 'node:crypto';
import { classifyIndex } from '../detection/classifier';
import { isLabel, LABELS, type Label, type PayloadModel } from '../detection/model';
import { toArtifact, type Artifact } from '../detection/model-io';
import { DEFAULT_TRAIN_OPTIONS, trainModel } from '../detection/train';
import type { DatasetSample } from './canonical';

export interface CandidateOptions {
  seed: number;
  epochs?: number;
  hashBits?: number;
}

/** `pc-v<version>-<10 hex of the content hash, seed and options>`: one id per training input. */
export function candidateId(datasetVersion: number, contentHash: string, opts: CandidateOptions): string {
  const h = createHash('sha256').update(contentHash).update(JSON.stringify({ ...DEFAULT_TRAIN_OPTIONS, ...opts })).digest('hex');
  return `pc-v${datasetVersion}-${h.slice(0, 10)}`;
}

/** Payload samples with one of the classifier's labels (behavioural samples train the anomaly model, not this). */
export function payloadSamples(samples: readonly DatasetSample[], split?: 'train' | 'holdout'): { payload: string; label: Label; source: string }[] {
  return samples
    .filter((s) => s.sampleType === 'payload' && isLabel(s.label) && (split === undefined || s.split === split))
    .map((s) => ({ payload: s.data, label: s.label as Label, source: s.source }));
}

export interface CandidateArtifact {
  artifact: Artifact;
  trainingSamples: number;
  seconds: number;
}

/** Trains on the version's train split; the artifact's meta names the version and its hash. */
export function trainCandidate(
  samples: readonly DatasetSample[],
  input: { modelId: string; datasetVersion: number; contentHash: string; options: CandidateOptions },
): CandidateArtifact {
  const train = payloadSamples(samples, 'train');
  const t0 = performance.now();
  const model = trainModel(train, { ...input.options, version: input.modelId });
  const seconds = Math.round(performance.now() - t0) / 1000;
  model.meta = { ...model.meta, dataset: { version: input.datasetVersion, contentHash: input.contentHash } };
  return { artifact: toArtifact(model, DEFAULT_TRAIN_OPTIONS.quantStep), trainingSamples: train.length, seconds };
}

/** The model's class for each payload. */
export function predictAll(model: PayloadModel, payloads: readonly string[]): Label[] {
  return payloads.map((p) => LABELS[classifyIndex(model, p)]);
}
