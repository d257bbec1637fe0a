import { foldSlashes } from '../../domain/threat/decoding/slashes';

// The decodings an application server may apply to a path before opening it. Each returns
// the string the file API would finally see; the oracle tries every plausible pipeline.

/**
 * Non-shortest ("overlong") UTF-8 for an ASCII character, decoded the way old lenient decoders
 * did (CVE-2000-0884 style): take the payload bits of the lead byte and of each following
 * byte, ignoring the continuation tag bits (IIS also took `%c0%2f` and `%c1%1c`, whose second
 * byte is not a continuation byte). Only results below 0x80 are overlong; anything else is left
 * to the strict decoder. Returns [char, bytes consumed] or undefined.
 */
function overlongAscii(b: Uint8Array, i: number, end: number): [string, number] | undefined {
  const lead = b[i];
  const len = lead >= 0xfc ? 6 : lead >= 0xf8 ? 5 : lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 0;
  if (len < 2 || i + len > end) return undefined;
  // Beyond the 2-byte form, decoders only ran the masking on genuine continuation bytes.
  if (len > 2) for (let k = i + 1; k < i + len; k++) if ((b[k] & 0xc0) !== 0x80) return undefined;
  let code = lead & (0x7f >> len);
  for (let k = i + 1; k < i + len; k++) code = (code << 6) | (b[k] & 0x3f);
  return code < 0x80 ? [String.fromCharCode(code), len] : undefined;
}

const hexDigit = (c: number) => (c >= 0x30 && c <= 0x39 ? c - 0x30 : c >= 0x41 && c <= 0x46 ? c - 0x37 : c >= 0x61 && c <= 0x66 ? c - 0x57 : -1);

/** The UTF-8 bytes Buffer.from gives for one UTF-16 code unit (a lone surrogate becomes U+FFFD). */
function putUtf8(out: Uint8Array, at: number, u: number): number {
  if (u < 0x80) return (out[at] = u), 1;
  if (u < 0x800) return (out[at] = 0xc0 | (u >> 6)), (out[at + 1] = 0x80 | (u & 0x3f)), 2;
  if (u >= 0xd800 && u <= 0xdfff) u = 0xfffd;
  out[at] = 0xe0 | (u >> 12);
  out[at + 1] = 0x80 | ((u >> 6) & 0x3f);
  out[at + 2] = 0x80 | (u & 0x3f);
  return 3;
}

/**
 * One round of percent-decoding to bytes (`%XX`, and IIS `%uXXXX` as the code unit's UTF-8),
 * then a UTF-8 decode, lenient ones honouring overlong forms. Linear in the input (a 100k-character
 * path is one pass over a byte array, no per-escape allocation).
 */
export function percentDecodeOnce(s: string, lenientUtf8: boolean): string {
  const src = Buffer.from(s, 'utf8');
  // Without a `%` the bytes are the input's own UTF-8, which has no overlong form to honour.
  if (!src.includes(0x25)) return src.toString('utf8');
  // Decoding never lengthens: `%XX` is one byte for three, `%uXXXX` at most three for six.
  const out = Buffer.allocUnsafe(src.length);
  let n = 0;
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (c === 0x25 /* % */) {
      const h = hexDigit(src[i + 1] ?? 0);
      const l = hexDigit(src[i + 2] ?? 0);
      if (h >= 0 && l >= 0 && i + 2 < src.length) {
        out[n++] = h * 16 + l;
        i += 2;
        continue;
      }
      // IIS-style %uXXXX
      if ((src[i + 1] === 0x75 || src[i + 1] === 0x55) && i + 5 < src.length) {
        const d = [2, 3, 4, 5].map((k) => hexDigit(src[i + k]));
        if (d.every((x) => x >= 0)) {
          n += putUtf8(out, n, (d[0] << 12) | (d[1] << 8) | (d[2] << 4) | d[3]);
          i += 5;
          continue;
        }
      }
    }
    out[n++] = c;
  }
  const bytes = out.subarray(0, n);
  return lenientUtf8 ? decodeLenient(bytes) : bytes.toString('utf8');
}

function decodeLenient(b: Buffer): string {
  let res = '';
  let runFrom = 0;
  for (let i = 0; i < b.length; ) {
    const hit = b[i] >= 0xc0 ? overlongAscii(b, i, b.length) : undefined;
    if (hit) {
      res += b.subarray(runFrom, i).toString('utf8') + hit[0];
      i += hit[1];
      runFrom = i;
    } else i++;
  }
  return res + b.subarray(runFrom).toString('utf8');
}

export interface Pipeline {
  name: string;
  run: (p: string) => string;
  /** The servers that decode this way ('any' = every platform judged). */
  platforms: readonly ('any' | 'linux' | 'windows' | 'tomcat')[];
}

// Several pipelines start from the same repeated decoding of the same value: kept for the last input.
const lastFixpoint = new Map<boolean, { input: string; output: string }>();
const untilFixpoint = (input: string, lenient: boolean) => {
  const hit = lastFixpoint.get(lenient);
  if (hit?.input === input) return hit.output;
  let p = input;
  for (let i = 0; i < 8; i++) {
    const next = percentDecodeOnce(p, lenient);
    if (next === p) break;
    p = next;
  }
  lastFixpoint.set(lenient, { input, output: p });
  return p;
};
const nullTruncate = (p: string) => (p.includes('\0') ? p.slice(0, p.indexOf('\0')) : p);
const backslashes = (p: string) => p.replace(/\\/g, '/');
/** The naive sanitiser `p.replaceAll('../', '')`: one pass, so `....//` collapses into `../`. */
const stripDotDotOnce = (p: string) => p.split('../').join('');

/** Tomcat/Jetty drop each segment's `;parameters` after the proxy in front has checked the path: `..;/` is `../`. */
const pathParams = (p: string) => p.split('/').map((s) => s.replace(/;.*$/, '')).join('/');
const windows = (p: string) => nullTruncate(backslashes(foldSlashes(untilFixpoint(backslashes(p), true))));

export const PIPELINES: Pipeline[] = [
  { name: 'raw', run: (p) => nullTruncate(p), platforms: ['any'] },
  { name: 'URL-decoded once', run: (p) => nullTruncate(percentDecodeOnce(p, false)), platforms: ['any'] },
  { name: 'URL-decoded repeatedly', run: (p) => nullTruncate(untilFixpoint(p, false)), platforms: ['any'] },
  { name: 'decoded, overlong UTF-8 accepted', run: (p) => nullTruncate(untilFixpoint(p, true)), platforms: ['any'] },
  { name: "decoded, '../' stripped once (non-recursive filter)", run: (p) => stripDotDotOnce(nullTruncate(untilFixpoint(p, true))), platforms: ['linux', 'tomcat'] },
  // IIS: %uXXXX, overlong UTF-8, `\` as a separator, best-fit look-alike slashes (∕ ⁄ ／ → /).
  { name: 'decoded, backslash and look-alike slashes as separators (Windows/IIS)', run: windows, platforms: ['windows'] },
  { name: "decoded on Windows, '../' stripped once (non-recursive filter)", run: (p) => stripDotDotOnce(windows(p)), platforms: ['windows'] },
  { name: 'decoded once, path parameters dropped (Tomcat/Jetty)', run: (p) => pathParams(nullTruncate(percentDecodeOnce(p, false))), platforms: ['tomcat'] },
  { name: 'decoded, path parameters dropped (Tomcat/Jetty)', run: (p) => pathParams(nullTruncate(untilFixpoint(p, true))), platforms: ['tomcat'] },
];
