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
 * The first word of `rest` as the parser sees it. As the target of a redirect (`: <WORD`) its
 * parts are exposed — but only while the probe stays one simple command, so when an operator
 * follows (`x | nc …` binds into a pipeline) the probe is retried on `rest` cut at each place
 * an unquoted word could end, until the parser's word spans exactly up to the cut.
 */
function probeWord(rest: string, a: Analysis): { word: WordValue; rest: string } | undefined {
  const attempt = (text: string, mustEnd?: number) => {
    const src = `: <${text}`;
    const p = parse(src, a);
    if (!p.ok || p.file.Stmts.length !== 1) return undefined;
    const r = p.file.Stmts[0].Redirs[0];
    const b = bytes(src);
    if (!r?.Word || r.Op !== '<' || r.OpPos.Offset !== 2) return undefined;
    if (mustEnd !== undefined && r.Word.End.Offset !== mustEnd + 3) return undefined;
    return { word: wordValue(r.Word, b, a), rest: slice(b, r.Word.End.Offset) };
  };
  const whole = attempt(rest);
  if (whole) return whole;
  let tries = 0;
  for (const m of rest.matchAll(WORD_END)) {
    if (m.index === 0 || ++tries > 12) break;
    const cut = rest.slice(0, m.index);
    const hit = attempt(cut, Buffer.byteLength(cut));
    if (hit) return { word: hit.word, rest: rest.slice(m.index) };
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
      const src = `: ${rest}`;
      const p = parse(src, a);
      const r = p.ok ? p.file.Stmts[0]?.Redirs[0] : undefined;
      if (!r?.Word) return;
      const b = bytes(src);
      judgeRedirect(r.Op, wordValue(r.Word, b, a), a);
      rest = slice(b, r.End.Offset);
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
