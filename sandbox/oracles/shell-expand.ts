// Word values as `sh -c` would compute them: quote removal, ANSI-C strings, parameter
// expansion against a fixed environment, and the contents of double quotes (read through a
// here-document, which has the same expansion rules). Part boundaries come from mvdan/sh; the
// part's kind is read from the source at the parser-given position.
import { parseSh, type Word } from './shell-parse';

export interface Analysis {
  exploit: string[]; // findings that make the context exploitable
  inert: string[]; // what was seen and judged harmless (evidence for "improbable")
  parses: number;
  /** Judges the command list a `$(…)`, backquote or `<(…)` substitution runs (shell-walk). */
  substitution: (kind: 'command' | 'process', text: string, inner: string) => void;
}

const HDOC = '_SBX_EOF_7f3a';

export const bytes = (s: string) => Buffer.from(s, 'utf8');
export const slice = (b: Buffer, from: number, to?: number) => b.subarray(from, to).toString('utf8');

export function parse(text: string, a: Analysis) {
  a.parses++;
  return parseSh(text);
}

function ansiC(s: string): string {
  return s.replace(/\\(x[0-9a-fA-F]{1,2}|[0-7]{1,3}|.)/g, (_, e: string) => {
    if (e[0] === 'x') return String.fromCharCode(parseInt(e.slice(1), 16));
    if (/^[0-7]/.test(e)) return String.fromCharCode(parseInt(e, 8));
    return ({ n: '\n', t: '\t', r: '\r' } as Record<string, string>)[e] ?? e;
  });
}

/**
 * The environment `sh -c` would expand parameters from when a web app shells out. Expansions
 * are evaluated against it (`cat${IFS}/etc/passwd` runs cat, `${PATH:0:1}` is `/`, `$5` is
 * empty), so an obfuscated command name is judged by what the shell would actually run.
 */
export const ENV: Record<string, string> = {
  '0': 'sh', SHELL: '/bin/sh', BASH: '/bin/bash', HOME: '/var/www', USER: 'www-data', PWD: '/srv/app',
  PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', IFS: ' \t\n',
};

/** Nested `${…}` defaults expanded without a parse (see onlyParam); deeper ones are not evaluated, and the evidence says so. */
const MAX_PARAM_NESTING = 1000;

function param(text: string, a: Analysis, depth = 0): string {
  const simple = /^\$([A-Za-z_][A-Za-z0-9_]*|[0-9])$/.exec(text) ?? /^\$\{([A-Za-z_][A-Za-z0-9_]*|[0-9]+)\}$/.exec(text);
  if (simple) return ENV[simple[1]] ?? '';
  const m = /^\$\{(#?)([A-Za-z_][A-Za-z0-9_]*|[0-9]+)(?::?[-=?+](.*)|:(-?\d+)(?::(\d+))?)?\}$/.exec(text);
  if (!m) return '';
  const v = ENV[m[2]];
  // A default / alternative word is itself expanded: `${x:-$(id)}` runs id.
  if (m[3] !== undefined && /[$`]/.test(m[3])) {
    if (v !== undefined) return v;
    if (!onlyParam(m[3])) return expansionsIn(m[3], a);
    if (depth < MAX_PARAM_NESTING) return param(m[3], a, depth + 1);
    a.inert.push(`parameter expansion nested past ${MAX_PARAM_NESTING} levels: not evaluated further (no substitution in it, so it runs nothing; its value is taken as empty)`);
    return '';
  }
  if (m[1]) return String((v ?? '').length);
  if (m[4] !== undefined) return (v ?? '').substr(Number(m[4]), m[5] === undefined ? undefined : Number(m[5]));
  return v ?? m[3] ?? '';
}

/**
 * Whether `word` is one `${…}` expansion and nothing else, with no quote, escape, backquote,
 * parenthesis or bare brace that could end or open anything else: then the parser would hand back
 * exactly it as the one part, so it is expanded without a parse. `${x:-${x:-…}}` nested 500 deep
 * is then linear instead of one here-document parse of the remaining text per level.
 */
function onlyParam(word: string): boolean {
  if (!word.startsWith('${') || !word.endsWith('}') || /['"\\`(]|(^|[^$])\{/.test(word)) return false;
  let depth = 0;
  for (let i = 0; i < word.length; i++) {
    if (word[i] === '{') depth++;
    else if (word[i] === '}' && --depth === 0) return i === word.length - 1;
  }
  return false;
}

/** Classifies one word part from its text and returns what it expands to (substitutions: ''). */
function part(text: string, a: Analysis, heredoc = false): { value: string; expands: boolean } {
  if (!heredoc && text.startsWith("'")) return { value: text.slice(1, -1), expands: false };
  if (!heredoc && text.startsWith("$'")) return { value: ansiC(text.slice(2, -1)), expands: false };
  if (!heredoc && (text.startsWith('"') || text.startsWith('$"'))) {
    const inner = text.slice(text.indexOf('"') + 1, -1);
    if (!/[$`]/.test(inner)) return { value: inner.replace(/\\([$`"\\\n])/g, '$1'), expands: false };
    return { value: expansionsIn(inner, a), expands: false }; // quoted: no field splitting
  }
  if (text.startsWith('$(') && !text.startsWith('$((')) a.substitution('command', text, text.slice(2, -1));
  else if (text.startsWith('`')) a.substitution('command', text, text.slice(1, -1).replace(/\\([$`\\])/g, '$1'));
  else if (text.startsWith('<(') || text.startsWith('>(')) a.substitution('process', text, text.slice(2, -1));
  else if (text.startsWith('$((')) {
    if (/\$\(|`/.test(text)) a.exploit.push(`arithmetic expansion running a command ${text}`);
  } else if (text.startsWith('$')) return { value: param(text, a), expands: true };
  else return { value: heredoc ? text : text.replace(/\\\n/g, '').replace(/\\(.)/g, '$1'), expands: false };
  return { value: '', expands: true };
}

/** Expansions inside double quotes, via a here-document (same expansion rules, quotes literal). */
function expansionsIn(inner: string, a: Analysis): string {
  const src = `cat <<${HDOC}\n${inner}\n${HDOC}\n`;
  const p = parse(src, a);
  const hdoc = p.ok ? p.file.Stmts[0]?.Redirs[0]?.Hdoc : null;
  if (!hdoc) return '';
  const b = bytes(src);
  return hdoc.Parts.map((x) => part(slice(b, x.Pos.Offset, x.End.Offset), a, true).value).join('');
}

export interface WordValue {
  text: string; // as written
  value: string; // after quote removal and expansion
  split: boolean; // an unquoted expansion took part (its result is field-split)
}

/** Value of a parsed word (parts read from `b`), with findings for any substitution in it. */
export function wordValue(w: Word, b: Buffer, a: Analysis): WordValue {
  let value = '';
  let split = false;
  for (const x of w.Parts) {
    const r = part(slice(b, x.Pos.Offset, x.End.Offset), a);
    value += r.value;
    split ||= r.expands;
  }
  return { text: slice(b, w.Pos.Offset, w.End.Offset), value, split };
}
