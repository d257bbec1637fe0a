// The versioned artifact: JSON with the sparse, quantised weights base64-encoded (row indices
// as delta varints, weights as int16 multiples of `quantStep`). A few hundred KB instead of
// the 5 MB dense matrix, and loading reproduces the trained weights bit for bit.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { K, LABELS, emptyModel, type PayloadModel } from './model';
import { PAYLOAD_FEATURE_DEFS } from './payload-features';

export const ARTIFACT_FORMAT = 'bulwark.payload-classifier/v1';
/** models/payload-classifier in this repository (resolved from this file, not the cwd). */
export const DEFAULT_MODEL_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../../models/payload-classifier');

/** The n-gram hash space an artifact may have (2^hashBits buckets): loading refuses anything else, so training must too. */
export const HASH_BITS = { min: 8, max: 24 } as const;

const ArtifactSchema = z.object({
  format: z.literal(ARTIFACT_FORMAT),
  version: z.string().min(1),
  labels: z.array(z.string()),
  hashBits: z.number().int().min(HASH_BITS.min).max(HASH_BITS.max),
  denseFeatures: z.array(z.string()),
  quantStep: z.number().positive(),
  bias: z.array(z.number()).length(K),
  rows: z.number().int().nonnegative(),
  indices: z.string(),
  weights: z.string(),
  meta: z.record(z.string(), z.unknown()),
});
export type Artifact = z.infer<typeof ArtifactSchema>;

export function toArtifact(model: PayloadModel, quantStep: number): Artifact {
  const W = model.weights;
  const idx: number[] = [];
  const vals: number[] = [];
  for (let r = 0; r < W.length / K; r++) {
    let nz = false;
    for (let k = 0; k < K; k++) if (W[r * K + k] !== 0) nz = true;
    if (!nz) continue;
    idx.push(r);
    for (let k = 0; k < K; k++) vals.push(Math.round(W[r * K + k] / quantStep));
  }
  const varints: number[] = [];
  let prev = 0;
  for (const r of idx) {
    let d = r - prev;
    prev = r;
    while (d >= 0x80) { varints.push((d & 0x7f) | 0x80); d >>>= 7; }
    varints.push(d);
  }
  return {
    format: ARTIFACT_FORMAT,
    version: model.version,
    labels: [...LABELS],
    hashBits: model.hashBits,
    denseFeatures: model.dense.map((d) => d.name),
    quantStep,
    bias: Array.from(model.bias, (b) => Math.round(b / quantStep) * quantStep),
    rows: idx.length,
    indices: Buffer.from(Uint8Array.from(varints)).toString('base64'),
    weights: Buffer.from(Int16Array.from(vals).buffer).toString('base64'),
    meta: model.meta,
  };
}

export class ModelLoadError extends Error {}

export function fromArtifact(json: unknown): PayloadModel {
  const parsed = ArtifactSchema.safeParse(json);
  if (!parsed.success) throw new ModelLoadError(`not a payload-classifier artifact: ${parsed.error.issues[0]?.message}`);
  const a = parsed.data;
  // The dense weights are positional: a model trained on another feature list would be silently wrong.
  const expected = PAYLOAD_FEATURE_DEFS.map((d) => d.name);
  if (a.labels.join() !== LABELS.join() || a.denseFeatures.join() !== expected.join()) {
    throw new ModelLoadError(`artifact ${a.version} was trained for different labels or features; retrain with \`bulwark train\``);
  }
  const model = emptyModel(a.version, a.hashBits, PAYLOAD_FEATURE_DEFS);
  const bytes = Buffer.from(a.indices, 'base64');
  const wb = Buffer.from(a.weights, 'base64');
  const vals = new Int16Array(wb.buffer.slice(wb.byteOffset, wb.byteOffset + wb.byteLength));
  if (vals.length !== a.rows * K) throw new ModelLoadError('artifact weights are truncated');
  let pos = 0, row = 0;
  for (let n = 0; n < a.rows; n++) {
    let d = 0, shift = 0, b;
    do { b = bytes[pos++]; d |= (b & 0x7f) << shift; shift += 7; } while (b & 0x80);
    row += d;
    for (let k = 0; k < K; k++) model.weights[row * K + k] = vals[n * K + k] * a.quantStep;
  }
  a.bias.forEach((b, k) => (model.bias[k] = b));
  model.meta = a.meta;
  return model;
}

export function saveModel(model: PayloadModel, dir: string, quantStep: number): string {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${model.version}.json`);
  writeFileSync(file, JSON.stringify(toArtifact(model, quantStep)) + '\n');
  // LATEST names the artifact that `classify`/`eval` use when none is given.
  writeFileSync(join(dir, 'LATEST'), `${model.version}\n`);
  return file;
}

/** Load `file`, or the LATEST artifact in `dir`. */
export function loadModel(opts: { file?: string; dir?: string } = {}): PayloadModel {
  let file = opts.file;
  if (!file) {
    const dir = opts.dir ?? DEFAULT_MODEL_DIR;
    const latest = join(dir, 'LATEST');
    if (!existsSync(latest)) throw new ModelLoadError(`no trained model in ${dir}; run \`bulwark train\``);
    file = join(dir, `${readFileSync(latest, 'utf8').trim()}.json`);
  }
  if (!existsSync(file)) throw new ModelLoadError(`model artifact ${file} not found`);
  return fromArtifact(JSON.parse(readFileSync(file, 'utf8')));
}

let cached: PayloadModel | undefined;
/** The committed default model, loaded once per process. */
export function defaultModel(): PayloadModel {
  return (cached ??= loadModel());
}
