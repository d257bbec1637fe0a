// Hashed n-gram vectoriser. Character 1..5-grams catch encodings and punctuation shapes
// (' or ', ../, <svg); token unigrams and bigrams catch keyword order (union select, cat /etc).
// Hashing keeps the model a fixed size with no vocabulary to ship, and the scan writes into
// reusable typed buffers, so classifying a payload allocates almost nothing.

export const CHAR_NGRAM_MIN = 1;
export const CHAR_NGRAM_MAX = 5;

export const GramKind = { Char: 0, Token: 1, TokenBigram: 2 } as const;
export type GramKind = (typeof GramKind)[keyof typeof GramKind];

const SEED_CHAR = 0x811c9dc5;
const SEED_TOKEN = 0x9747b28c;
const SEED_BIGRAM = 0x5bd1e995;
const FNV_PRIME = 16777619;

/** murmur3's fmix32 finaliser (uint32 in, uint32 out): FNV alone clusters similar short strings into nearby buckets. */
export function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function isWordChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 95 || c > 127;
}

/** Reusable scan output. `start`/`end` are filled only when `withSpans` is set (explanations). */
export class GramBuffer {
  buckets = new Int32Array(4096);
  kinds = new Uint8Array(4096);
  start = new Int32Array(4096);
  end = new Int32Array(4096);
  count = 0;

  push(bucket: number, kind: GramKind, s: number, e: number, withSpans: boolean): void {
    if (this.count === this.buckets.length) this.grow();
    const i = this.count++;
    this.buckets[i] = bucket;
    if (withSpans) {
      this.kinds[i] = kind;
      this.start[i] = s;
      this.end[i] = e;
    }
  }

  private grow(): void {
    const n = this.buckets.length * 2;
    const b = new Int32Array(n); b.set(this.buckets); this.buckets = b;
    const k = new Uint8Array(n); k.set(this.kinds); this.kinds = k;
    const s = new Int32Array(n); s.set(this.start); this.start = s;
    const e = new Int32Array(n); e.set(this.end); this.end = e;
  }
}

let bucketCounts = new Uint32Array(0);

/**
 * The Euclidean norm of the scan's bucket counts, √Σ count²: √(number of grams) when every
 * gram is distinct (ordinary text), more when grams repeat (`AAAA…` padding, `../../../…`).
 * O(count), through a scratch count per bucket that is zeroed again before returning.
 */
export function gramNorm(g: GramBuffer, bits: number): number {
  if (bucketCounts.length !== 1 << bits) bucketCounts = new Uint32Array(1 << bits);
  const b = g.buckets;
  let sumSq = 0;
  for (let i = 0; i < g.count; i++) {
    const c = bucketCounts[b[i]]++;
    sumSq += 2 * c + 1; // (c + 1)² − c²
  }
  for (let i = 0; i < g.count; i++) bucketCounts[b[i]] = 0;
  return Math.sqrt(sumSq);
}

/**
 * Hash every n-gram of `padded` (the normalised text wrapped in \x02 … \x03 so that
 * "starts with a quote" is its own n-gram) into buckets below 2^bits.
 */
export function scanGrams(padded: string, bits: number, out: GramBuffer, withSpans = false): void {
  const mask = (1 << bits) - 1;
  const len = padded.length;
  out.count = 0;
  for (let i = 0; i < len; i++) {
    let h = SEED_CHAR;
    const last = Math.min(len, i + CHAR_NGRAM_MAX);
    for (let j = i; j < last; j++) {
      h = Math.imul(h ^ padded.charCodeAt(j), FNV_PRIME);
      if (j - i + 1 >= CHAR_NGRAM_MIN) out.push(fmix(h ^ (j - i + 1)) & mask, GramKind.Char, i, j + 1, withSpans);
    }
  }
  // Tokens: runs of word characters, or single punctuation characters (spaces skipped).
  let prev = 0;
  let prevStart = -1;
  for (let i = 0; i < len; ) {
    const c = padded.charCodeAt(i);
    if (c === 32 || c === 2 || c === 3) {
      i++;
      continue;
    }
    const s = i;
    let h = SEED_TOKEN;
    if (isWordChar(c)) {
      while (i < len && isWordChar(padded.charCodeAt(i))) h = Math.imul(h ^ padded.charCodeAt(i++), FNV_PRIME);
    } else {
      h = Math.imul(h ^ c, FNV_PRIME);
      i++;
    }
    const tok = fmix(h);
    out.push(tok & mask, GramKind.Token, s, i, withSpans);
    if (prevStart >= 0) out.push(fmix(Math.imul(prev, 31) ^ tok ^ SEED_BIGRAM) & mask, GramKind.TokenBigram, prevStart, i, withSpans);
    prev = tok;
    prevStart = s;
  }
}

export function pad(text: string): string {
  return `\u0002${text}\u0003`;
}

/** Human-readable name of a scanned n-gram, for explanations. */
export function gramName(padded: string, kind: GramKind, s: number, e: number): string {
  const frag = padded.slice(s, e).replace(/\u0002/g, '^').replace(/\u0003/g, '$');
  const label = kind === GramKind.Char ? 'chars' : kind === GramKind.Token ? 'token' : 'tokens';
  return `${label} ${JSON.stringify(frag)}`;
}
