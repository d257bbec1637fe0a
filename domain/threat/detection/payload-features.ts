// Payload-group features: statistics of the raw and normalised payload plus the structural
// detectors. Computed in one pass into a caller-owned Float64Array so per-request inference
// allocates nothing here.
import { DETECTOR_NAMES, runDetectors } from './detectors';
import type { Normalized } from './normalize';

/** How the classifier squashes a value into roughly [0, 1]: counts and lengths are unbounded. */
export type FeatureKind = 'bool' | 'ratio' | 'count' | 'log';

export interface FeatureDef {
  name: string;
  kind: FeatureKind;
}

const STAT_DEFS: FeatureDef[] = [
  { name: 'payload_length', kind: 'log' },
  { name: 'payload_entropy', kind: 'ratio' }, // bits per char / 8
  { name: 'encoding_rounds', kind: 'count' },
  { name: 'percent_encoded_ratio', kind: 'ratio' },
  { name: 'special_char_ratio', kind: 'ratio' },
  { name: 'digit_ratio', kind: 'ratio' },
  { name: 'uppercase_ratio', kind: 'ratio' },
  { name: 'whitespace_ratio', kind: 'ratio' },
  { name: 'non_ascii_ratio', kind: 'ratio' },
  { name: 'single_quote_count', kind: 'count' },
  { name: 'double_quote_count', kind: 'count' },
  { name: 'paren_count', kind: 'count' },
  { name: 'angle_bracket_count', kind: 'count' },
  { name: 'semicolon_count', kind: 'count' },
  { name: 'shell_operator_count', kind: 'count' }, // | & ` $
  { name: 'dotdot_count', kind: 'count' },
  { name: 'slash_count', kind: 'count' },
  { name: 'equals_count', kind: 'count' },
  { name: 'null_byte', kind: 'bool' },
];

/**
 * Names what the features compute, not only their names: bump it when a detector, the shared
 * vocabulary it reads or a statistic changes meaning, so the model's version (a hash that
 * includes it) changes too and two different artifacts never share an id. f2: detectors read
 * domain/threat/vocabulary (issue 12), sql_numeric_tautology added. f3: command names include
 * PowerShell's cmdlets and aliases (vocabulary/powershell.ts), SQL functions the capabilities
 * added since (pg_ls_dir, dblink…) and `exp`; the n-gram vector is L2-normalised (classifier.ts).
 * f4: pg_sleep_for and pg_sleep_until are time functions (the SQL oracle's list, now the vocabulary's).
 */
export const FEATURE_SET_VERSION = 'f4-pg-sleep-for';

export const PAYLOAD_FEATURE_DEFS: readonly FeatureDef[] = [
  ...STAT_DEFS,
  ...DETECTOR_NAMES.map((name) => ({ name: `detector_${name}`, kind: 'bool' as const })),
];
export const PAYLOAD_FEATURE_COUNT = PAYLOAD_FEATURE_DEFS.length;

const charCounts = new Int32Array(256);
const NULL_BYTE = /%00|\\0|\\x00|\u0000/;

function isSpecial(c: number): boolean {
  // Printable ASCII that is neither alphanumeric nor a space.
  return (c >= 33 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96) || (c >= 123 && c <= 126);
}

/** Write the payload features (raw values, not squashed) into `out[offset ..]`. */
export function payloadFeatures(raw: string, n: Normalized, out: Float64Array, offset: number): void {
  const t = n.text;
  const len = t.length;
  charCounts.fill(0);
  let special = 0, digit = 0, space = 0, nonAscii = 0, sq = 0, dq = 0, paren = 0, angle = 0;
  let semi = 0, shellOps = 0, dotdot = 0, slash = 0, eq = 0;
  for (let i = 0; i < len; i++) {
    const c = t.charCodeAt(i);
    charCounts[c & 255]++;
    if (c > 127) nonAscii++;
    else if (c >= 48 && c <= 57) digit++;
    else if (c === 32) space++;
    else if (isSpecial(c)) {
      special++;
      if (c === 39) sq++;
      else if (c === 34) dq++;
      else if (c === 40 || c === 41) paren++;
      else if (c === 60 || c === 62) angle++;
      else if (c === 59) semi++;
      else if (c === 124 || c === 38 || c === 96 || c === 36) shellOps++;
      else if (c === 47 || c === 92) {
        slash++;
        if (i >= 2 && t.charCodeAt(i - 1) === 46 && t.charCodeAt(i - 2) === 46) dotdot++;
      } else if (c === 61) eq++;
    }
  }
  let entropy = 0;
  if (len > 0) {
    for (let b = 0; b < 256; b++) {
      const k = charCounts[b];
      if (k > 0) {
        const p = k / len;
        entropy -= p * Math.log2(p);
      }
    }
  }
  let upper = 0, pct = 0;
  for (let i = 0; i < raw.length && i < 8192; i++) {
    const c = raw.charCodeAt(i);
    if (c >= 65 && c <= 90) upper++;
    else if (c === 37) pct++;
  }
  const rawLen = Math.max(1, Math.min(raw.length, 8192));
  const d = Math.max(1, len);
  let o = offset;
  out[o++] = raw.length;
  out[o++] = entropy / 8;
  out[o++] = n.rounds;
  out[o++] = pct / rawLen;
  out[o++] = special / d;
  out[o++] = digit / d;
  out[o++] = upper / rawLen;
  out[o++] = space / d;
  out[o++] = nonAscii / d;
  out[o++] = sq;
  out[o++] = dq;
  out[o++] = paren;
  out[o++] = angle;
  out[o++] = semi;
  out[o++] = shellOps;
  out[o++] = dotdot;
  out[o++] = slash;
  out[o++] = eq;
  out[o++] = NULL_BYTE.test(raw) ? 1 : 0;
  runDetectors(t, n.decoded, out, o);
}

/** The classifier's view of a feature value: bounded, so no single count can swamp the n-grams. */
export function squash(kind: FeatureKind, v: number): number {
  switch (kind) {
    case 'bool':
    case 'ratio':
      return v;
    case 'count':
      return v / (1 + v);
    case 'log':
      return Math.log2(1 + v) / 16;
  }
}
