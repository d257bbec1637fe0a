// JS re-implementation of the ModSecurity v3 transformations our rules use, so verification
// sees exactly the string the engine's @rx sees. ModSecurity works on bytes; these helpers
// treat each UTF-16 unit as one byte-ish character, which is exact for the ASCII our patterns
// look at. The harness test (modsec.test.ts) checks the emulation against the real engine.
import type { ModsecTransform } from './types';

const hex = (s: string) => parseInt(s, 16);
const isHex = (c: string | undefined) => c !== undefined && /^[0-9a-fA-F]$/.test(c);

/** t:urlDecodeUni: %XX, %uXXXX (full-width ASCII folded), '+' as space; bad escapes kept. */
export function urlDecodeUni(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '+') { out += ' '; continue; }
    if (c === '%') {
      if ((s[i + 1] === 'u' || s[i + 1] === 'U') && [2, 3, 4, 5].every((k) => isHex(s[i + k]))) {
        let cp = hex(s.slice(i + 2, i + 6));
        cp = cp >= 0xff01 && cp <= 0xff5e ? cp - 0xfee0 : cp & 0xff;
        out += String.fromCharCode(cp);
        i += 5;
        continue;
      }
      if (isHex(s[i + 1]) && isHex(s[i + 2])) {
        out += String.fromCharCode(hex(s.slice(i + 1, i + 3)));
        i += 2;
        continue;
      }
    }
    out += c;
  }
  return out;
}

/** How the request parser turns a wire-encoded query/form value into ARGS (one decode). */
export function formDecode(wire: string): string {
  return urlDecodeUni(wire);
}

const NAMED: Record<string, string> = { quot: '"', amp: '&', lt: '<', gt: '>', nbsp: '\u00a0' };

/** t:htmlEntityDecode: &#DD; &#xHH; (semicolon optional, value truncated to a byte) and five names. */
export function htmlEntityDecode(s: string): string {
  if (s.indexOf('&') < 0) return s;
  return s.replace(/&(?:#[xX]([0-9a-fA-F]+)|#([0-9]+)|(quot|amp|lt|gt|nbsp));?/gi, (whole, hx?: string, dec?: string, name?: string) => {
    if (hx) return String.fromCharCode(hex(hx) & 0xff);
    if (dec) return String.fromCharCode(parseInt(dec, 10) & 0xff);
    return NAMED[(name as string).toLowerCase()] ?? whole;
  });
}

/** t:lowercase is ASCII tolower(), not Unicode case folding. */
export function lowercase(s: string): string {
  return s.replace(/[A-Z]/g, (c) => c.toLowerCase());
}

/** t:replaceComments: each /* ... *\/ (or unterminated /* to the end) becomes one space. */
export function replaceComments(s: string): string {
  return s.replace(/\/\*[\s\S]*?(?:\*\/|$)/g, ' ');
}

/** t:compressWhitespace: runs of isspace() or NBSP become one space. */
export function compressWhitespace(s: string): string {
  return s.replace(/[ \t\n\v\f\r\u00a0]+/g, ' ');
}

const IMPL: Record<ModsecTransform, (s: string) => string> = {
  urlDecodeUni,
  htmlEntityDecode,
  lowercase,
  replaceComments,
  compressWhitespace,
};

export function applyTransforms(value: string, transforms: readonly ModsecTransform[]): string {
  return transforms.reduce((acc, t) => IMPL[t](acc), value);
}
