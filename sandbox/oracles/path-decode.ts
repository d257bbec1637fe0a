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
function overlongAscii(b: number[], i: number): [string, number] | undefined {
  const lead = b[i];
  const len = lead >= 0xfc ? 6 : lead >= 0xf8 ? 5 : lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 0;
  if (len < 2 || i + len > b.length) return undefined;
  const rest = b.slice(i + 1, i + len);
  // Beyond the 2-byte form, decoders only ran the masking on genuine continuation bytes.
  if (len > 2 && rest.some((x) => (x & 0xc0) !== 0x80)) return undefined;
  let code = lead & (0x7f >> len);
  for (const x of rest) code = (code << 6) | (x & 0x3f);
  return code < 0x80 ? [String.fromCharCode(code), len] : undefined;
}

/** One round of percent-decoding to bytes, then a lenient UTF-8 decode that honours overlong forms. */
export function percentDecodeOnce(s: string, lenientUtf8: boolean): string {
  const out: number[] = [];
  const src = Buffer.from(s, 'utf8');
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (c === 0x25 /* % */) {
      const hex = src.subarray(i + 1, i + 3).toString('latin1');
      if (/^[0-9a-fA-F]{2}$/.test(hex)) {
        out.push(parseInt(hex, 16));
        i += 2;
        continue;
      }
      // IIS-style %uXXXX
      const u = src.subarray(i + 1, i + 6).toString('latin1');
      if (/^[uU][0-9a-fA-F]{4}$/.test(u)) {
        out.push(...Buffer.from(String.fromCharCode(parseInt(u.slice(1), 16)), 'utf8'));
        i += 5;
        continue;
      }
    }
    out.push(c);
  }
  return lenientUtf8 ? decodeLenient(out) : Buffer.from(out).toString('utf8');
}

function decodeLenient(b: number[]): string {
  let res = '';
  let run: number[] = [];
  const flush = () => {
    if (run.length) res += Buffer.from(run).toString('utf8');
    run = [];
  };
  for (let i = 0; i < b.length; ) {
    const hit = overlongAscii(b, i);
    if (hit) {
      flush();
      res += hit[0];
      i += hit[1];
    } else run.push(b[i++]);
  }
  flush();
  return res;
}

export interface Pipeline {
  name: string;
  run: (p: string) => string;
  /** The servers that decode this way ('any' = every platform judged). */
  platforms: readonly ('any' | 'linux' | 'windows' | 'tomcat')[];
}

const untilFixpoint = (p: string, lenient: boolean) => {
  for (let i = 0; i < 8; i++) {
    const next = percentDecodeOnce(p, lenient);
    if (next === p) break;
    p = next;
  }
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
