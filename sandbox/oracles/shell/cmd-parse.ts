// A cmd.exe command-line reader, written to the parsing phases of `cmd /c` as Microsoft
// documents them (`cmd /?`, `set /?`) and as they are observed on Windows: no registry
// package holds a cmd.exe parser, so this one follows those phases literally and is tested
// against their documented cases.
//   1. %VAR% expansion (undefined names stay as written on the command line), including the
//      %VAR:~start,len% substring and %VAR:old=new% replacement forms.
//   2. Tokenising: `"` toggles quoting; outside quotes `^` escapes the next character (and is
//      removed), and `&`, `&&`, `|`, `||`, `<`, `>`, `>>`, `(`, `)` are operators; a line feed
//      ends the line (the rest is never read); ` ,;=` and tab separate tokens; `(` opens a
//      block only where a command starts, and `)` closes one only inside a block.
//   3. A command's name is its first token with quotes removed and a leading `@` dropped.
// Delayed expansion (!VAR!) is off by default for `cmd /c` and is not modelled.

/** The environment of a stock Windows Server host as a web app's worker process sees it. */
export const CMD_ENV: Record<string, string> = {
  comspec: 'C:\\Windows\\system32\\cmd.exe',
  systemroot: 'C:\\Windows',
  windir: 'C:\\Windows',
  systemdrive: 'C:',
  programfiles: 'C:\\Program Files',
  programdata: 'C:\\ProgramData',
  temp: 'C:\\Windows\\TEMP',
  tmp: 'C:\\Windows\\TEMP',
  userprofile: 'C:\\Users\\appsvc',
  username: 'appsvc',
  computername: 'WEB01',
  os: 'Windows_NT',
  path: 'C:\\Windows\\system32;C:\\Windows;C:\\Windows\\System32\\Wbem;C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\',
  pathext: '.COM;.EXE;.BAT;.CMD;.VBS;.VBE;.JS;.JSE;.WSF;.WSH;.MSC',
};

function substring(v: string, spec: string): string {
  const [a, b] = spec.split(',').map((x) => Number(x.trim()));
  const start = a < 0 ? Math.max(0, v.length + a) : a;
  if (b === undefined || Number.isNaN(b)) return v.slice(start);
  return b < 0 ? v.slice(start, v.length + b) : v.slice(start, start + b);
}

/** Phase 1: %VAR% and its substring / replace forms; returns the text and the names expanded. */
export function expandPercent(line: string, env = CMD_ENV): { text: string; expanded: string[] } {
  const expanded: string[] = [];
  const text = line.replace(/%([^%:\r\n]+)(?::(~[-\d, ]+|[^%=]+=[^%]*))?%/g, (all, name: string, mod?: string) => {
    const v = env[name.toLowerCase()];
    if (v === undefined) return all;
    expanded.push(name);
    if (!mod) return v;
    if (mod.startsWith('~')) return substring(v, mod.slice(1));
    const [from, to] = mod.split('=');
    return from ? v.split(new RegExp(from.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'gi')).join(to) : v;
  });
  return { text, expanded };
}

export type CmdOp = '&' | '&&' | '|' | '||' | '(' | ')';

export interface CmdRedirect {
  op: '<' | '>' | '>>';
  target: string;
}

export interface CmdCommand {
  name: string; // quotes removed, `@` dropped; '' for an empty command
  args: string[];
  redirects: CmdRedirect[];
  /** The operator that introduced it ('' for the first one). */
  after: CmdOp | '';
}

const SEPARATORS = /[ \t,;=]/;

/** Phases 2-3 on an already expanded line. Quote-aware; carets removed outside quotes. */
export function parseCmd(line: string): CmdCommand[] {
  const text = line.split(/\r?\n/)[0];
  const out: CmdCommand[] = [];
  let cur: CmdCommand = { name: '', args: [], redirects: [], after: '' };
  let word = '';
  let quoted = false;
  let inWord = false;
  let pendingRedirect: CmdRedirect['op'] | undefined;
  let blocks = 0; // open `(` blocks: a `)` outside one is an ordinary character
  const endWord = () => {
    if (!inWord) return;
    const bare = word.replace(/"/g, '');
    if (pendingRedirect) cur.redirects.push({ op: pendingRedirect, target: bare });
    else if (!cur.name && cur.args.length === 0) cur.name = bare.replace(/^@/, '');
    else cur.args.push(word);
    pendingRedirect = undefined;
    word = '';
    inWord = false;
  };
  const endCommand = (op: CmdOp) => {
    endWord();
    if (cur.name || cur.args.length || cur.redirects.length) out.push(cur);
    cur = { name: '', args: [], redirects: [], after: op };
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      quoted = !quoted;
      word += c;
      inWord = true;
    } else if (quoted) {
      word += c;
    } else if (c === '^') {
      if (i + 1 < text.length) word += text[++i];
      inWord = true;
    } else if (c === '&' || c === '|') {
      const op = (text[i + 1] === c ? c + c : c) as CmdOp;
      if (op.length === 2) i++;
      endCommand(op);
    } else if (c === '(' && !cur.name && !inWord && !pendingRedirect) {
      blocks++;
      endCommand('(');
    } else if (c === ')' && blocks > 0) {
      blocks--;
      endCommand(')');
    } else if (c === '<' || c === '>') {
      endWord();
      const op = c === '>' && text[i + 1] === '>' ? '>>' : c;
      if (op === '>>') i++;
      // `2>` / `1>`: a handle digit glued to the operator belongs to the redirect, not the args.
      if (/^[0-9]$/.test(cur.args[cur.args.length - 1] ?? '') && text[i - 1] !== ' ') cur.args.pop();
      pendingRedirect = op as CmdRedirect['op'];
    } else if (SEPARATORS.test(c)) {
      endWord();
    } else {
      word += c;
      inWord = true;
    }
  }
  endCommand('&');
  return out;
}
