// The decodings an application server may apply to a path before opening it. Each returns
// the string the file API would finally see; the oracle tries every plausible pipeline.

/** Overlong / non-shortest UTF-8 forms old decoders accepted for '.', '/', '\\' (CVE-2000-0884 style). */
const OVERLONG: [number[], string][] = [
  [[0xc0, 0xae], '.'], [[0xc0, 0xaf], '/'], [[0xc1, 0x9c], '\\'], [[0xc1, 0x1c], '\\'], [[0xc0, 0x2f], '/'],
  [[0xe0, 0x80, 0xae], '.'], [[0xe0, 0x80, 0xaf], '/'], [[0xf0, 0x80, 0x80, 0xae], '.'], [[0xf0, 0x80, 0x80, 0xaf], '/'],
];

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
    const hit = OVERLONG.find(([seq]) => seq.every((x, j) => b[i + j] === x));
    if (hit) {
      flush();
      res += hit[1];
      i += hit[0].length;
    } else run.push(b[i++]);
  }
  flush();
  return res;
}

export interface Pipeline {
  name: string;
  run: (p: string) => string;
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

export const PIPELINES: Pipeline[] = [
  { name: 'raw', run: (p) => nullTruncate(p) },
  { name: 'URL-decoded once', run: (p) => nullTruncate(percentDecodeOnce(p, false)) },
  { name: 'URL-decoded repeatedly', run: (p) => nullTruncate(untilFixpoint(p, false)) },
  { name: 'decoded, overlong UTF-8 accepted', run: (p) => nullTruncate(untilFixpoint(p, true)) },
  { name: 'decoded, backslash as separator (Windows/IIS)', run: (p) => nullTruncate(backslashes(untilFixpoint(backslashes(p), true))) },
];
