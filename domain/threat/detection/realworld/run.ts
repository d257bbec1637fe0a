// Prints the source-held-out evaluation of a model as markdown (the tables in docs/detection.md):
//   npx tsx domain/threat/detection/realworld/run.ts [--model FILE] [--data DIR] [--json]
// Needs ../shared/data/payloads for the attack side (the benign side is committed).
import { resolve } from 'node:path';
import { classifyIndex } from '../classifier';
import { loadCorpus } from '../corpus';
import { loadModel } from '../model-io';
import { normalize } from '../normalize';
import { evaluateHeldOut, formatHeldOut, loadHeldOut } from './heldout';

const repo = resolve(import.meta.dirname, '../../../..');
const arg = (name: string) => { const i = process.argv.indexOf(`--${name}`); return i > 0 ? process.argv[i + 1] : undefined; };

const model = arg('model') ? loadModel({ file: resolve(arg('model')!) }) : loadModel();
const benignDir = resolve(repo, 'data/benign');
const { samples } = loadCorpus(resolve(arg('data') ?? resolve(repo, '../shared/data/payloads')), benignDir);
const training = new Set(samples.filter((s) => s.split === 'train').map((s) => normalize(s.payload).text));
const heldOut = loadHeldOut(benignDir);
const attacks = samples.filter((s) => s.split === 'holdout' && s.label !== 'benign');
const report = evaluateHeldOut(model, heldOut, attacks, training);

// Latency of uncached classification over the held-out benign lines (real lengths, not a mix).
const lat: number[] = [];
for (const s of heldOut.slice(0, 4000)) classifyIndex(model, s.payload);
for (const s of heldOut) {
  const t = performance.now();
  classifyIndex(model, s.payload);
  lat.push((performance.now() - t) * 1000);
}
lat.sort((a, b) => a - b);
const q = (p: number) => lat[Math.min(lat.length - 1, Math.floor(p * lat.length))].toFixed(1);

if (process.argv.includes('--json')) process.stdout.write(JSON.stringify(report, null, 1) + '\n');
else {
  process.stdout.write(`model ${model.version}; ${heldOut.length} held-out benign lines (${report.leaked} dropped: also in training)\n\n`);
  process.stdout.write(formatHeldOut(report));
  process.stdout.write(`\nclassify latency over the held-out lines: p50 ${q(0.5)} µs, p99 ${q(0.99)} µs\n`);
  for (const [src, r] of Object.entries(report.benignBySource)) if (r.examples.length) process.stdout.write(`\n${src}: ${r.examples.map((e) => JSON.stringify(e)).join(' | ')}`);
  process.stdout.write('\n');
}
