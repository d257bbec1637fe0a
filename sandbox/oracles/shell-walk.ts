// Walks shell text word by word with mvdan/sh giving every boundary: a word is parsed as the
// target of a redirect (`: <WORD`), where the JSON exposes its parts; a redirect as the first
// redirect of `: REDIR`. Between words the next character at the parser-given end tells which
// operator follows (`|`, `&&`, `;` …). Along the way it records what would run: each command's
// name (is it a program?), command/process substitutions, and redirect targets.
import { posix } from 'node:path';
import { lookup } from './path-fs';
import { runsProgram } from './shell-commands';
import { bytes, ENV, parse, slice, wordValue, type Analysis, type WordValue } from './shell-expand';

export type { Analysis } from './shell-expand';
export { parse } from './shell-expand';

/** Reserved words after which the next word is again a command name. */
const LEADS_TO_COMMAND = new Set(['!', '{', 'if', 'then', 'else', 'elif', 'while', 'until', 'do', 'time']);
/** Reserved words whose following words are not command names until the next separator. */
const NOT_A_COMMAND_NEXT = new Set(['for', 'select', 'case', 'function', '[[', 'in']);
const ENDS_COMPOUND = new Set(['fi', 'done', 'esac', '}', ']]']);

export function newAnalysis(): Analysis {
  const a: Analysis = { exploit: [], inert: [], parses: 0, substitution: (kind, text, inner) => substitution(kind, text, inner, a) };
  return a;
}

/** A substitution runs its inner command list: it counts when that runs a program (or does more). */
function substitution(kind: string, text: string, inner: string, a: Analysis): void {
  const sub = newAnalysis();
  walk(inner, true, sub);
  a.parses += sub.parses;
  if (sub.exploit.length) a.exploit.push(`${kind} substitution ${text}: ${sub.exploit.join(', ')}`);
  else a.inert.push(`${kind} substitution ${text} runs nothing (${sub.inert.join(', ') || 'empty'})`);
}

const FD_DUP = /^(>&|<&)$/;
const INPUT = new Set(['<', '<&']);

/**
 * A redirect matters when it writes outside the working directory, talks to a socket, or
 * feeds the command a file worth reading: input is resolved against the path oracle's virtual
 * host, so `< /etc/passwd` counts and `</b>` (no such file: the shell refuses to run) does not.
 */
export function judgeRedirect(op: string, target: WordValue, a: Analysis): void {
  const t = target.value;
  if (op === '<<' || op === '<<-' || op === '<<<') return; // here-doc / here-string: data, expansions judged as parts
  if (FD_DUP.test(op) && /^(\d+|-)$/.test(t)) return a.inert.push(`descriptor duplication ${op}${t}`), undefined;
  if (/^\/dev\/(tcp|udp)\//.test(t)) return a.exploit.push(`redirection ${op} to a network socket ${target.text}`), undefined;
  if (/^\/dev\/(null|zero|stdin|stdout|stderr|fd\/\d+)$/.test(t)) return a.inert.push(`redirection ${op} ${t}`), undefined;
  if (INPUT.has(op)) {
    const file = lookup(posix.resolve(ENV.PWD, t.replace(/^~(?=\/|$)/, ENV.HOME)));
    if (file?.canary) a.exploit.push(`redirection ${op} feeds ${target.text} (a sensitive file) to the command`);
    else a.inert.push(`redirection ${op} ${target.text}: ${file ? 'an ordinary file' : 'no such file, the command does not run'}`);
    return;
  }
  if (t.startsWith('/') || t.startsWith('~') || /(^|\/)\.\.(\/|$)/.test(t)) a.exploit.push(`redirection ${op} writes ${target.text} (outside the working directory)`);
  else a.inert.push(`redirection ${op} ${target.text}: a file in the working directory`);
}

/** The name a command word runs: the first field after splitting; brace expansion `{cat,/etc/passwd}` runs its first item. */
function commandName(w: WordValue): string {
  const first = w.split ? (w.value.trim().split(/[ \t\n]+/)[0] ?? '') : w.value;
  const m = /^\{([^,{}]+),[^{}]*\}/.exec(first);
  return m ? m[1] : first;
}

/** Characters at which an unquoted word must end. */
const WORD_END = /[ \t\n|&;()<>]/g;

/**
 * A word the lexer cannot read two ways: plain characters and quoted runs with nothing special
 * inside (no `$`, backquote or backslash in double quotes), ended by whitespace, an operator or
 * the end. Its value is its text without the quotes and nothing in it expands, so the walk
 * takes it without a parse (a long payload of such words is walked in linear time).
 */
const PLAIN_WORD = /^(?:[A-Za-z0-9_./:@%+,=-]|"[^"$`\\]*"|'[^']*')+(?=$|[ \t\n;|&<>)])/;
const PLAIN_REDIRECT = /^(>>|<|>)(?![<>&|(])/;

function plainWord(rest: string): { word: WordValue; rest: string } | undefined {
  const m = PLAIN_WORD.exec(rest);
  if (!m) return undefined;
  const text = m[0];
  return { word: { text, value: text.replace(/"([^"]*)"|'([^']*)'/g, '$1$2'), split: false }, rest: rest.slice(text.length) };
}

/** Prefixes tried before the whole text end at the first unquoted blank, then at the first past each of these lengths. */
const WINDOWS = [0, 128, 1024, 8192];

/**
 * Prefix lengths of `text` to parse before all of it: each ends just after a blank that a quick
 * scan (quotes, backslashes, brackets) sees outside any quote or bracket — the first such blank,
 * then the first past each WINDOWS length. The scan only proposes: a parse of the prefix counts
 * only when the node wanted ends strictly before the prefix does.
 */
function prefixes(text: string): number[] {
  const out: number[] = [];
  let quote = '';
  let depth = 0;
  let next = 0;
  for (let i = 0; i < text.length - 1 && next < WINDOWS.length; i++) {
    const c = text[i];
    if (c === '\\' && quote !== "'") i++;
    else if (quote) quote = c === quote ? '' : quote;
    else if (c === "'" || c === '"' || c === '`') quote = c;
    else if (c === '(' || c === '{') depth++;
    else if ((c === ')' || c === '}') && depth > 0) depth--;
    else if (depth === 0 && i > 0 && i >= WINDOWS[next] && (c === ' ' || c === '\t' || c === '\n')) {
      out.push(i + 1);
      while (next < WINDOWS.length && WINDOWS[next] <= i) next++;
    }
  }
  return out;
}

/**
 * The walk needs only the first word or redirect of the remaining text, but parsing all of it
 * for each word made a long payload quadratic (4 KB of `<a b="` took 8 s). So `attempt` runs on
 * prefixes first: the lexer reads left to right, so a node that ends strictly before the
 * prefix does ends there in the whole text too. `attempt(prefix, whole)` answers the node,
 * 'grow' (this prefix cannot tell), or undefined (the whole text would not give one either). A
 * prefix also isolates a long quoted word from the operator after it (`"$HOME a a …" | nc …`),
 * which the whole text, a pipeline, does not expose and the word-end cuts below cannot reach.
 */
function windowed<T>(text: string, attempt: (prefix: string, whole: boolean) => T | 'grow' | undefined): T | undefined {
  for (const cut of prefixes(text)) {
    const r = attempt(text.slice(0, cut), false);
    if (r !== 'grow') return r;
  }
  const r = attempt(text, true);
  return r === 'grow' ? undefined : r;
}

/**
 * The first word of `rest` as the parser sees it. As the target of a redirect (`: <WORD`) its
 * parts are exposed — but only while the probe stays one simple command, so when an operator
 * follows (`x | nc …` binds into a pipeline) the probe is retried on `rest` cut at each place
 * an unquoted word could end, until the parser's word spans exactly up to the cut.
 */
function probeWord(rest: string, a: Analysis): { word: WordValue; rest: string } | undefined {
  const plain = plainWord(rest);
  if (plain) return plain;
  const attempt = (text: string, mustEnd?: number, window = false) => {
    const src = `: <${text}`;
    const p = parse(src, a);
    if (!p.ok) return window ? 'grow' : undefined;
    if (p.file.Stmts.length !== 1) return undefined;
    const r = p.file.Stmts[0].Redirs[0];
    const b = bytes(src);
    if (!r?.Word || r.Op !== '<' || r.OpPos.Offset !== 2) return undefined;
    if (mustEnd !== undefined && r.Word.End.Offset !== mustEnd + 3) return undefined;
    if (window && r.Word.End.Offset >= b.length) return 'grow';
    return { word: wordValue(r.Word, b, a), rest: slice(b, r.Word.End.Offset) + rest.slice(text.length) };
  };
  const whole = windowed(rest, (prefix, all) => attempt(prefix, undefined, !all));
  if (whole) return whole;
  let tries = 0;
  for (const m of rest.matchAll(WORD_END)) {
    if (m.index === 0 || ++tries > 12) break;
    const cut = rest.slice(0, m.index);
    const hit = attempt(cut, Buffer.byteLength(cut));
    if (hit && hit !== 'grow') return hit;
  }
  return undefined;
}

/**
 * Walks `text` (a command or command list that parses). `needName`: the next word is a command
 * name (false inside the template's own argument list). `nameOnly`: stop once the command name
 * is known (the caller knows the rest is plain arguments).
 */
export function walk(text: string, needName: boolean, a: Analysis, nameOnly = false): void {
  let rest = text;
  let skipNames = false;
  for (let words = 0; ; words++) {
    if (words === 256) return a.inert.push('walk stopped after 256 words'), undefined;
    rest = rest.replace(/^[ \t]+|^\\\n/, '');
    if (!rest) return;
    const c = rest[0];
    if (c === '#') return; // a comment: comments are reported from the statement level
    if (c === '\n' || c === ';') {
      rest = rest.replace(/^(;;&?|;&|;|\n)/, '');
      needName = true;
      skipNames = false;
      continue;
    }
    if (c === '|' || (c === '&' && rest[1] !== '>')) {
      const op = /^(\|\||\|&|\||&&|&)/.exec(rest)![1];
      if (op !== '&') a.inert.push(`operator ${op}`);
      rest = rest.slice(op.length);
      needName = true;
      skipNames = false;
      continue;
    }
    if (c === '(' || c === ')') {
      if (rest.startsWith('((')) return a.inert.push('arithmetic command'), undefined;
      rest = rest.slice(1);
      needName = c === '(';
      continue;
    }
    if (/^(\d*(<<<|<<-|<<|<>|<&|>&|>>|>\||<|>)|&>>|&>)/.test(rest) && !/^[<>]\(/.test(rest)) {
      const op = PLAIN_REDIRECT.exec(rest)?.[1];
      const target = op ? plainWord(rest.slice(op.length)) : undefined;
      if (op && target) {
        judgeRedirect(op, target.word, a);
        rest = target.rest;
        continue;
      }
      const full = rest;
      const got = windowed(full, (text, whole) => {
        const src = `: ${text}`;
        const p = parse(src, a);
        if (!p.ok) return whole ? undefined : 'grow';
        const r = p.file.Stmts[0]?.Redirs[0];
        if (!r?.Word) return undefined;
        const b = bytes(src);
        // A here-document's body follows on later lines: only the whole text has all of it.
        if (!whole && (r.End.Offset >= b.length || r.Op === '<<' || r.Op === '<<-')) return 'grow';
        return { op: r.Op, word: r.Word, b, rest: slice(b, r.End.Offset) + full.slice(text.length) };
      });
      if (!got) return;
      judgeRedirect(got.op, wordValue(got.word, got.b, a), a);
      rest = got.rest;
      continue;
    }
    const probed = probeWord(rest, a);
    if (!probed) return a.inert.push(`unparsed remainder ${JSON.stringify(rest.slice(0, 40))}`), undefined;
    const w = probed.word;
    rest = probed.rest;
    if (!needName || skipNames) continue;
    if (LEADS_TO_COMMAND.has(w.text)) continue;
    if (ENDS_COMPOUND.has(w.text)) continue;
    if (NOT_A_COMMAND_NEXT.has(w.text)) {
      skipNames = true;
      continue;
    }
    if (/^[A-Za-z_][A-Za-z0-9_]*(\[[^\]]*\])?\+?=/.test(w.text)) continue; // assignment prefix
    const name = commandName(w);
    if (!name) a.inert.push(`command word ${w.text} expands to nothing`);
    else if (runsProgram(name)) a.exploit.push(`runs ${JSON.stringify(name)}${name !== w.text ? ` (written ${w.text})` : ''}: a program on the host`);
    else a.inert.push(`command ${JSON.stringify(name)} is not a program (command not found)`);
    needName = false;
    if (nameOnly) return;
  }
}
