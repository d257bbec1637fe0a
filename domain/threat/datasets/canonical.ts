// The canonical form of a dataset version: one JSON line per sample, in id order, with a fixed
// key order. Its SHA-256 is the version's content hash, so materialising the version again
// must give the same bytes, and a model's provenance names exactly what it learnt from.
import { createHash } from 'node:crypto';
import { seededRng } from '../../rng';
import { HOLDOUT_FRACTION } from '../detection/corpus';
import { normalize } from '../detection/normalize';

export interface DatasetSample {
  id: number;
  sampleType: 'payload' | 'behavioural';
  /** The payload as received (never NUL-escaped here). */
  data: string;
  label: string;
  source: string;
  /** 0..1. */
  confidence: number;
  reviewer: string | null;
  split: 'train' | 'holdout';
}

/** One sample as its canonical JSON line (no trailing newline). */
export function canonicalLine(s: DatasetSample): string {
  return JSON.stringify([s.id, s.sampleType, s.data, s.label, s.split, s.source, s.confidence, s.reviewer]);
}

/** The bytes of a version: canonical lines joined by '\n', each ending with '\n'. */
export function canonicalJsonl(samples: readonly DatasetSample[]): string {
  return samples.map((s) => canonicalLine(s) + '\n').join('');
}

export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Hex SHA-256 of the canonical JSONL; samples must be in ascending id order. */
export function contentHash(samples: readonly DatasetSample[]): string {
  const h = createHash('sha256');
  for (const s of samples) h.update(canonicalLine(s) + '\n', 'utf8');
  return h.digest('hex');
}

/** SHA-256 of the normalised text: the same attack in another encoding is a duplicate. */
export function dataKey(data: string): string {
  return sha256(normalize(data).text);
}

/**
 * train or holdout by a seeded hash of the normalised text (the seed's 80/20), as `bulwark
 * train` splits its corpus: two encodings of one payload always land on the same side.
 */
export function splitFor(data: string, seed = 'v1'): 'train' | 'holdout' {
  return seededRng(`split:${seed}:${normalize(data).text}`)() < HOLDOUT_FRACTION ? 'holdout' : 'train';
}
