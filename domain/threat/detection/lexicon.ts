// The product's shared vocabulary (domain/threat/vocabulary) compiled once, at module load, into
// the sets and regexes the structural detectors run on normalised (lower-case) text. The
// detectors read nothing else, so the classifier, the oracles and the rule families agree on
// what a command, a sensitive file, a dangerous SQL function or a script sink is.
import { POSIX_COMMANDS, POSIX_RECON, WINDOWS_COMMANDS, WINDOWS_RECON, windowsCommand } from '../vocabulary/commands';
import { APP_SECRET_FILES, HOST_FILES, SENSITIVE_PATH_MARKERS } from '../vocabulary/files';
import { POWERSHELL_NAMES } from '../vocabulary/powershell';
import { ACTIVE_TAGS, EVENT_HANDLERS, HANDLER_CARRIER_TAGS, JS_SINK_CALLS, JS_SINK_PROPERTIES } from '../vocabulary/html';
import { SQL_CAPABILITIES, SQL_CATALOGS, SQL_EXTRACTION_FUNCTIONS, SQL_TIME_EXTRAS } from '../vocabulary/sql';

interface Trie {
  end: boolean;
  next: Map<string, Trie>;
}

/**
 * An alternation of `words` as a character trie (`c(?:h(?:ar|r)|oncat(?:_ws)?)`): irregexp tries
 * a flat alternation's branches one by one at every position, a trie shares their prefixes, so
 * the detectors' long vocabulary lists cost about as much as a short one. `/` in a word stands for
 * either slash, repeated (`etc//passwd`, `windows\win.ini`).
 */
function alternation(words: Iterable<string>): string {
  const root: Trie = { end: false, next: new Map() };
  for (const w of new Set(words)) {
    let node = root;
    for (const ch of w) {
      let child = node.next.get(ch);
      if (!child) node.next.set(ch, (child = { end: false, next: new Map() }));
      node = child;
    }
    node.end = true;
  }
  const atom = (ch: string) => (ch === '/' ? '[/\\\\]+' : ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const emit = (node: Trie): string => {
    const branches = [...node.next].sort(([a], [b]) => (a < b ? -1 : 1)).map(([ch, child]) => atom(ch) + emit(child));
    if (branches.length === 0) return '';
    const body = branches.length === 1 ? branches[0] : `(?:${branches.join('|')})`;
    return node.end ? `(?:${body})?` : body;
  };
  return emit(root);
}

/**
 * Every command name a shell, cmd.exe or PowerShell (cmdlets and their aliases) would run, lower
 * case (the text is lower-cased before detection; POSIX look-up is case-sensitive, but `Rscript`
 * lower-cased names no other program).
 * Names without a letter (`[`, `.`) are left out: as a command word they are punctuation.
 */
export const COMMAND_NAMES: ReadonlySet<string> = new Set(
  [...POSIX_COMMANDS, ...WINDOWS_COMMANDS, ...POWERSHELL_NAMES].map((n) => n.toLowerCase()).filter((n) => /[a-z]/.test(n)),
);

// Command position: the start of the value or a separator that ends one shell command and starts
// another (captured), then an optional /bin/ path, then the command word (captured).
const SEPARATED_WORD = /(^|&&|\|\|?|[;&`\n]|\$\(|\)\s*;)\s*(?:\/?(?:usr\/)?s?bin\/)?([a-z0-9][\w.+-]*)/g;
// How much of a command the rest must look like depends on how rarely prose has the separator:
// - after `|`, `||`, `&&`, a backtick or `$(` (rare in prose) any continuation but a glued quote;
// - after `;`, `&` or a newline (common in prose: "; for example", "Tom & Jerry") the end,
//   another operator, a paren or a backslash (a literal `\n`: `;id\n`), or an argument shaped like a flag,
//   path, variable, number or file/host name (`-la`, `/etc/passwd`, `c:\`, `$home`, `3`, `x.sh`);
//   a single quote is prose's possessive, contraction or quotation (`; cat's`, `fish 'n' chips`);
// - at the very start of the value (a bare word is usually just a word: `false`, `date 2024`,
//   `find a store`) only another operator, or a flag, path, variable, URL or markup argument
//   (`ls -la`, `curl https://…`, `dir c:\users`, `echo '<img …`), or nothing at all after a
//   command that is a probe by itself (`uname`, `ipconfig`). `write(1)` is code, not a shell
//   command (`name(` is a shell syntax error): the code and script detectors judge it.
const SHELL_ARGUMENT = /^(?:$|[;&|<>`()\\$]|\s+(?:$|[-/\\$~."`{(*<>|&;0-9]|[\w-]*[./=:@][\w/\\]))/;
const START_ARGUMENT = /^(?:[;&|`<>]|\s+(?:[-/\\$"<>|&;`]|'[<$/\\]|[\w-]*[./=:@][\w/\\]))/;
const RECON: ReadonlySet<string> = new Set([...POSIX_RECON, ...WINDOWS_RECON]);
/** A command word in the vocabulary, also as cmd.exe looks it up (`whoami.exe`). */
const isCommand = (word: string) => COMMAND_NAMES.has(word) || (word.includes('.') && windowsCommand(word) !== undefined);

const LEADING = /^['"]?\s*(?:;|\|\|?|&&?|`|\$\()\s*(?:\/?(?:usr\/)?s?bin\/)?([a-z0-9][\w.+-]*)/;

/**
 * A vocabulary command in command position — at the start of the value or after a separator —
 * with a shell-shaped argument or none (`uname`, `x; ls -la`, but not `; for example`).
 */
export function hasSeparatedCommand(text: string): boolean {
  // Hot path: most values hold no separator, and then only the first word can be a command;
  // a plain scan and one Set look-up answer that without running the regex.
  if (!ANY_SEPARATOR.test(text)) return startsWithCommand(text);
  SEPARATED_WORD.lastIndex = 0;
  for (let m = SEPARATED_WORD.exec(text); m !== null; m = SEPARATED_WORD.exec(text)) {
    const [, sep, word] = m;
    const end = m.index + m[0].length;
    if (!isCommand(word)) continue;
    if (sep === '') {
      if (end === text.length ? RECON.has(word) : START_ARGUMENT.test(text.slice(end, end + 48))) return true;
    } else if (sep === ';' || sep === '&' || sep === '\n' || sep.endsWith(';')) {
      if (SHELL_ARGUMENT.test(text.slice(end, end + 48))) return true;
    } else if (text.charCodeAt(end) !== 39) return true;
  }
  return false;
}

const ANY_SEPARATOR = /[;&|`\n]|\$\(/;
const isWordStart = (c: number) => (c >= 97 && c <= 122) || (c >= 48 && c <= 57);
const isWordChar = (c: number) => isWordStart(c) || c === 95 || c === 46 || c === 43 || c === 45;

/** The start-of-value case of hasSeparatedCommand for a value without separators (same rule, no regex match objects). */
function startsWithCommand(text: string): boolean {
  let i = 0;
  while (i < text.length && text.charCodeAt(i) === 32) i++;
  if (text.startsWith('/', i)) {
    const bin = /^\/?(?:usr\/)?s?bin\//.exec(text.slice(i, i + 10));
    if (bin) i += bin[0].length;
  } else if (/^(?:usr\/)?s?bin\//.test(text.slice(i, i + 9))) i = text.indexOf('/', text.indexOf('bin', i)) + 1;
  if (i >= text.length || !isWordStart(text.charCodeAt(i))) return false;
  let end = i + 1;
  while (end < text.length && isWordChar(text.charCodeAt(end))) end++;
  const word = text.slice(i, end);
  if (!isCommand(word)) return false;
  return end === text.length ? RECON.has(word) : START_ARGUMENT.test(text.slice(end, end + 48));
}

/** The value itself starts by ending a command and starting a vocabulary command. */
export function hasLeadingCommand(text: string): boolean {
  const m = LEADING.exec(text);
  return m !== null && isCommand(m[1]);
}

/** A canary file of the path oracle, or a path that is sensitive wherever it sits. */
export const SENSITIVE_PATH = new RegExp(
  [
    // Host files anywhere (filter-bypass spellings glue them to junk: `/iiietc/passwd`); the app's
    // secrets only as a whole path segment, so `process.env` is not `.env`.
    `(?:${alternation(HOST_FILES.map((f) => f.slice(1)))})\\b`,
    `(?:^|[/\\\\])(?:${alternation(APP_SECRET_FILES)})\\b`,
    alternation(SENSITIVE_PATH_MARKERS),
  ].join('|'),
);

const capabilityCalls = SQL_CAPABILITIES.filter((c) => !c.statement);
const timeCalls = capabilityCalls.filter((c) => c.technique === 'time' || c.technique === 'heavy').map((c) => c.name);
const accessCalls = capabilityCalls.filter((c) => c.technique !== 'time' && c.technique !== 'heavy').map((c) => c.name);
const statements = (time: boolean) =>
  SQL_CAPABILITIES.filter((c) => c.statement && (c.technique === 'time') === time).map((c) => c.statement as string);

/** A time-delay or attacker-sized-work call (sleep(, pg_sleep(, randomblob() or WAITFOR DELAY. */
export const SQL_TIME = new RegExp([`\\b(?:${alternation([...timeCalls, ...SQL_TIME_EXTRAS])})\\s*\\(`, ...statements(true)].join('|'));

/**
 * Extraction functions called, a file/command/network capability called or named (xp_cmdshell
 * needs no parentheses after EXEC), its statement form (INTO OUTFILE), a server variable, or a
 * catalog table.
 */
export const SQL_FUNCTION = new RegExp(
  [
    `\\b(?:${alternation([...SQL_EXTRACTION_FUNCTIONS, ...accessCalls.filter((n) => !n.includes('_'))])})\\s*\\(`,
    `\\b(?:${alternation(accessCalls.filter((n) => n.includes('_')))})\\b`,
    ...statements(false),
    '@@\\w+',
    `\\b(?:${alternation(SQL_CATALOGS)})\\b`,
  ].join('|'),
);

/** A tag that runs script by itself, or that loads a resource or fires a handler without a click. */
export const DANGEROUS_TAG = new RegExp(`<\\/?(?:${alternation([...ACTIVE_TAGS, ...HANDLER_CARRIER_TAGS])})\\b`);

const HANDLER_ATTR = /(?:^|[\s"'/;])(on[a-z]{3,})\s*=/g;
// Inside a tag any `on…=` is a handler probe, real name or not (`<x onxxx=1>` tests the filter).
const HANDLER_IN_TAG = /<[a-z][^>]{0,200}?[\s"'/]on[a-z]{3,}\s*=/;

/** An attribute a browser runs as script: a real event-handler name followed by `=`, or any `on…=` inside a tag. */
export function hasEventHandler(text: string): boolean {
  if (!text.includes('=') || !text.includes('on')) return false;
  if (HANDLER_IN_TAG.test(text)) return true;
  HANDLER_ATTR.lastIndex = 0;
  for (let m = HANDLER_ATTR.exec(text); m !== null; m = HANDLER_ATTR.exec(text)) if (EVENT_HANDLERS.has(m[1])) return true;
  return false;
}

/** A script sink called (alert(, alert`…`) or a DOM property an injection reads or writes. */
export const JS_SINK = new RegExp(
  `\\b(?:${alternation(JS_SINK_CALLS)})\\s*(?:\\(|\`)|${JS_SINK_PROPERTIES.map((p) => p.replace(/\./g, '\\.').replace('\\.', '\\s*\\.\\s*')).join('|')}|\\bself\\s*\\[`,
);
