// Training time and peak memory of gatedRetraining's training step for N samples (default
// 1000): a seeded sample of the training corpus (PayloadsAllTheThings, HttpParamsDataset's
// payload_train.csv, data/benign; never the reserved test/full files) trained through the same
// function the activity's thread runs. One size per process, so the peak RSS is that size's.
// Run: npx tsx ops/bench/retraining-bench.ts 10000 [--data ../shared/data/payloads]
import { resolve } from 'node:path';
import { canonicalJsonl, contentHash, type DatasetSample } from '../../domain/threat/datasets/canonical';
import { trainCandidate } from '../../domain/threat/datasets/train-version';
import { loadCorpus } from '../../domain/threat/detection/corpus';
import { seededRng } from '../../domain/rng';

const n = Number(process.argv[2] ?? 1000);
const di = process.argv.indexOf('--data');
const dataDir = resolve(di > 0 ? process.argv[di + 1] : resolve(import.meta.dirname, '../../../shared/data/payloads'));
const { samples } = loadCorpus(dataDir, resolve(import.meta.dirname, '../../data/benign'));
const rng = seededRng('retraining-bench');
const picked = samples.map((s) => ({ s, k: rng() })).sort((a, b) => a.k - b.k).slice(0, n).map((x) => x.s);
const dataset: DatasetSample[] = picked.map((s, i) => ({ id: i + 1, sampleType: 'payload', data: s.payload, label: s.label, source: s.source, confidence: 1, reviewer: null, split: s.split }));
const hash = contentHash(dataset);
const rssBefore = process.resourceUsage().maxRSS / 1024;
const t0 = performance.now();
const r = trainCandidate(dataset, { modelId: `bench-${n}`, datasetVersion: 1, contentHash: hash, options: { seed: 1 } });
const wall = (performance.now() - t0) / 1000;
console.log(JSON.stringify({
  samples: dataset.length,
  trainSplit: r.trainingSamples,
  datasetBytes: Buffer.byteLength(canonicalJsonl(dataset)),
  trainSeconds: r.seconds,
  wallSeconds: Math.round(wall * 100) / 100,
  peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  rssBeforeTrainingMb: Math.round(rssBefore),
  artifactKb: Math.round(JSON.stringify(r.artifact).length / 1024),
}));
