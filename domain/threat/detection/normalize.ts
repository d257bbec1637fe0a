// Evasion-resistant normalisation. Attackers hide the same payload behind many spellings
// (double URL encoding, HTML entities, \u escapes, full-width letters, /**/ between SQL
// keywords, tabs instead of spaces); the classifier must see one canonical form, or every
// spelling becomes a new thing to learn and a new way to slip past.
import { foldSlashes } from '../decoding/slashes';

/** Decoding rounds before we stop: real traffic is rarely encoded more than twice; the cap bounds work on hostile input. */
export const MAX_DECODE_ROUNDS = 4;
/** Longer inputs are truncated before decoding: inference cost must stay bounded. */
export const MAX_INPUT_CHARS = 8192;

export interface Normalized {
  /** Decoded, NFKC-folded, lower-cased, with SQL comments and whitespace tricks collapsed. */
  text: string;
  /** Same as `text` but with SQL comment markers kept: their presence is itself evidence. */
  decoded: string;
  /** Decoding rounds that changed the string (0 = arrived in plain text). */
  rounds: number;
}

const NAMED_ENTITIES: Record<string, string> = {
  lt: '<', gt: '>', amp: '&', quot: '"', apos: "'", nbsp: ' ', tab: '\t', newline: '\n',
  colon: ':', sol: '/', bsol: '\\', lpar: '(', rpar: ')', semi: ';', equals: '=', comma: ',',
  period: '.', excl: '!', num: '#', dollar: '$', percnt: '%', plus: '+', lsqb: '[', rsqb: ']',
  lbrack: '[', rbrack: ']', lcub: '{', rcub: '}', lbrace: '{', rbrace: '}', grave: '`', hat: '^',
  ast: '*', quest: '?', vert: '|', verbar: '|', lowbar: '_', commat: '@',
};

const PERCENT_RUN = /(?:%[0-9a-fA-F]{2})+|%u[0-9a-fA-F]{4}/g;
const ENTITY = /&(#[xX][0-9a-fA-F]{1,8}|#[0-9]{1,10}|[a-zA-Z]{2,8});?/g;
const JS_ESCAPE = /\\(?:u\{([0-9a-fA-F]{1,6})\}|u([0-9a-fA-F]{4})|x([0-9a-fA-F]{2}))/g;
// MySQL executes /*!50000 ... */ contents, so the markers (not the contents) become a space.
const SQL_COMMENT_MARKER = /\/\*!?\d{0,6}|\*\//g;
// '+' is a space in query strings; %09 / %0a arrive here already decoded as \t / \n.
const WHITESPACE_RUN = /[\s\u0000-\u001f\u007f\u00a0\u200b-\u200d\u2028\u2029\ufeff+]+/g;

function fromCodePointSafe(cp: number): string {
  return cp >= 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : '\ufffd';
}

/**
 * Lenient UTF-8: overlong forms (%c0%ae for '.', %c1%9c for '\') are decoded to the code point
 * they spell instead of being rejected, because that is exactly how old servers got traversed.
 */
function decodeBytesLenient(bytes: number[]): string {
  let out = '';
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i];
    let need = 0;
    let cp = b;
    if (b >= 0xc0 && b < 0xe0) { need = 1; cp = b & 0x1f; }
    else if (b >= 0xe0 && b < 0xf0) { need = 2; cp = b & 0x0f; }
    else if (b >= 0xf0 && b < 0xf8) { need = 3; cp = b & 0x07; }
    let ok = need > 0 && i + need < bytes.length;
    for (let k = 1; ok && k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) ok = false;
      else cp = (cp << 6) | (c & 0x3f);
    }
    if (need > 0 && ok) {
      out += fromCodePointSafe(cp);
      i += need + 1;
    } else {
      // A lone byte: Latin-1, so nothing is lost and %ff stays visible as a character.
      out += String.fromCharCode(b);
      i += 1;
    }
  }
  return out;
}

function percentDecode(s: string): string {
  if (s.indexOf('%') < 0) return s;
  return s.replace(PERCENT_RUN, (run) => {
    if (run[1] === 'u' || run[1] === 'U') return String.fromCharCode(parseInt(run.slice(2), 16));
    const bytes: number[] = [];
    for (let i = 0; i < run.length; i += 3) bytes.push(parseInt(run.slice(i + 1, i + 3), 16));
    return decodeBytesLenient(bytes);
  });
}

function entityDecode(s: string): string {
  if (s.indexOf('&') < 0) return s;
  return s.replace(ENTITY, (whole, body: string) => {
    if (body[0] === '#') {
      const hex = body[1] === 'x' || body[1] === 'X';
      return fromCodePointSafe(parseInt(body.slice(hex ? 2 : 1), hex ? 16 : 10));
    }
    const named = NAMED_ENTITIES[body.toLowerCase()];
    return named ?? whole;
  });
}

function escapeDecode(s: string): string {
  if (s.indexOf('\\') < 0) return s;
  return s.replace(JS_ESCAPE, (_w, braced?: string, u4?: string, x2?: string) =>
    fromCodePointSafe(parseInt((braced ?? u4 ?? x2) as string, 16)),
  );
}

/** One decoding round: URL, then entities, then backslash escapes. */
function decodeOnce(s: string): string {
  return escapeDecode(entityDecode(percentDecode(s)));
}

/** Decode to a fixpoint (at most MAX_DECODE_ROUNDS rounds), fold and canonicalise. */
export function normalize(raw: string): Normalized {
  let s = raw.length > MAX_INPUT_CHARS ? raw.slice(0, MAX_INPUT_CHARS) : raw;
  let rounds = 0;
  while (rounds < MAX_DECODE_ROUNDS) {
    const next = decodeOnce(s);
    if (next === s) break;
    s = next;
    rounds++;
  }
  // NFKC folds full-width forms (ＳＥＬＥＣＴ, ＜script＞) and ligatures onto ASCII.
  // Look-alike slashes fold as the path oracle folds them (one table, domain/threat/decoding).
  s = foldSlashes(s).toLowerCase();
  const decoded = s.replace(WHITESPACE_RUN, ' ').trim();
  const text = decoded.indexOf('*') < 0 ? decoded : decoded.replace(SQL_COMMENT_MARKER, ' ').replace(WHITESPACE_RUN, ' ').trim();
  return { text, decoded, rounds };
}
