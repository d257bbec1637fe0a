// Seeded helpers for the structured generators: a generator is a list of templates; each value
// picks a template and fills it from one half of the vocabulary (vocab.ts).
import { seededRng } from '../../../domain/rng';
import type { Halves } from './vocab';

export type Half = 'train' | 'eval';

export interface Ctx {
  pick<T>(xs: readonly T[]): T;
  /** A word from `list`'s half for this set. */
  w(list: Halves): string;
  int(lo: number, hi: number): number;
  hex(n: number): string;
  b64(bytes: number, url?: boolean): string;
}

export type Template = (c: Ctx) => string;

export function context(seed: string, half: Half): Ctx {
  const rng = seededRng(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(rng() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)];
  const b64 = (bytes: number, url = false) => {
    const buf = Buffer.from(Array.from({ length: bytes }, () => int(0, 255)));
    return url ? buf.toString('base64url') : buf.toString('base64');
  };
  return { pick, w: (list) => pick(list[half]), int, hex: (n) => Array.from({ length: n }, () => '0123456789abcdef'[int(0, 15)]).join(''), b64 };
}

/** `n` values from `templates`, deterministic for (seed, half). */
export function generate(seed: string, half: Half, templates: readonly Template[], n: number): string[] {
  const c = context(`structured:${seed}:${half}`, half);
  return Array.from({ length: n }, () => c.pick(templates)(c));
}

/** base64url of a JSON object: the parts of a JWT. */
export const b64json = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
