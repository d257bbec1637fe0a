// Canary routing: which model answers a payload. Deterministic in the normalised payload, so a
// retry (or the same payload in another encoding) gets the same model, and monotone in the
// percentage, so the payloads served by the candidate at 1 % are still its own at 10 %.
import { normalize } from '../detection/normalize';
import { fmix } from '../detection/vectorize';

/** The routing resolution: percentages are compared in basis points (0..10 000). */
const SLOTS = 10_000;

/** 32-bit FNV-1a over UTF-16 code units, finished with murmur3's fmix32 so the low bits are uniform. */
export function hash32(s: string, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return fmix(h);
}

/** The text payloads are routed on: the classifier's normalisation (decoded, folded, lower-cased). */
export function routingKey(payload: string): string {
  return normalize(payload).text;
}

export interface Split {
  /** The canary candidate's id; the hash is salted with it, so each candidate gets its own slice. */
  candidateId: string;
  /** Share of traffic for the candidate, 0..100 (fractions allowed, to 0.01). */
  percent: number;
}

/** The payload's slot for this candidate, 0..9 999. */
export function routingSlot(key: string, candidateId: string): number {
  return hash32(`${candidateId}\u0000${key}`) % SLOTS;
}

/** True when the candidate answers `key` (a routingKey) at this split. 0 % never, 100 % always. */
export function routesToCandidate(key: string, split: Split): boolean {
  if (!(split.percent > 0)) return false;
  if (split.percent >= 100) return true;
  return routingSlot(key, split.candidateId) < Math.round(split.percent * (SLOTS / 100));
}

/**
 * Whether a production answer is also scored by the candidate (for the agreement rate), at
 * `rate` 0..1: deterministic and independent of the routing slot.
 */
export function shadowSampled(key: string, candidateId: string, rate: number): boolean {
  if (!(rate > 0)) return false;
  if (rate >= 1) return true;
  return hash32(`${candidateId}\u0000${key}`, 0x9e3779b9) % SLOTS < Math.round(rate * SLOTS);
}
