// The payload classifier's in-memory model: multinomial logistic regression (softmax) over
// hashed n-grams of the normalised payload plus the squashed payload features. One linear
// layer keeps inference to a few thousand multiply-adds and makes every score exactly
// decomposable into per-feature contributions.
import type { FeatureDef } from './payload-features';

export const LABELS = ['benign', 'sql_injection', 'xss', 'command_injection', 'path_traversal'] as const;
export type Label = (typeof LABELS)[number];
export const ATTACK_LABELS: readonly Label[] = LABELS.filter((l) => l !== 'benign');
export const K = LABELS.length;

export function isLabel(s: string): s is Label {
  return (LABELS as readonly string[]).includes(s);
}

export interface PayloadModel {
  version: string;
  /** Hashed n-gram space is 2^hashBits buckets; the dense features follow it. */
  hashBits: number;
  dense: readonly FeatureDef[];
  /** Row-major [(2^hashBits + dense.length) × K]: weights[row * K + classIndex]. */
  weights: Float32Array;
  bias: Float32Array;
  /** Training configuration, split and holdout metrics, as recorded in the artifact. */
  meta: Record<string, unknown>;
}

export function denseRow(model: PayloadModel, j: number): number {
  return (1 << model.hashBits) + j;
}

export function emptyModel(version: string, hashBits: number, dense: readonly FeatureDef[]): PayloadModel {
  return {
    version,
    hashBits,
    dense,
    weights: new Float32Array(((1 << hashBits) + dense.length) * K),
    bias: new Float32Array(K),
    meta: {},
  };
}
