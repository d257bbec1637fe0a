// Command-injection oracle: splice the payload into shell command templates, parse with a
// POSIX/bash parser (mvdan/sh), and look at what the command line would run beyond the
// template's one command. Exploit = a command/process substitution, an added command (a new
// statement, pipeline stage or &&/|| branch) whose name is a program on the host, or a
// redirection to an absolute / parent-directory path or a /dev/tcp socket. An added word
// that is not a program (`skip` in "…; skip the appendix", `T` in `AT&T`) runs nothing —
// "command not found" — and a relative redirect (`n < 100`) touches only the working
// directory; both are reported as evidence for improbable.
import { newAnalysis, parse, walk, type Analysis } from './shell-walk';
import type { File, Stmt } from './shell-parse';
import type { TargetStack } from '../../domain/threat/evidence/stack';
import { requestVariants } from './request-decode';
import { cmdContexts } from './shell/cmd';
import { powershellContexts } from './shell/powershell';
import { shellKinds } from './stack/select';
import { summarise, type ContextResult, type OracleResult } from './types';

interface ShTemplate {
  name: string;
  prefix: string; // command text before the argument region
  arg: string; // argument region; '<p>' marks the splice point
}

// `sh -c "…"` lines a web app builds: the value as the last argument, as an argument with more
// after it (what `|id|` or `;id;` need to parse), and inside double or single quotes (what
// `"; id; "` and `';id;'` close).
export const SHELL_TEMPLATES: ShTemplate[] = [
  { name: 'unquoted argument', prefix: 'ls -la ', arg: '<p>' },
  { name: 'unquoted argument, more after it', prefix: 'convert ', arg: '<p> out.png' },
  { name: 'double-quoted argument', prefix: 'echo ', arg: '"<p>"' },
  { name: 'single-quoted argument', prefix: 'grep -r ', arg: "'<p>' /srv/app/data" },
];
/** Only these characters can start a substitution, an operator or a redirect; text without them is literal arguments. */
const ACTIVE_CHARS = /[$`|&;<>()\n]/;

const bytes = (s: string) => Buffer.from(s, 'utf8');
const slice = (b: Buffer, from: number, to?: number) => b.subarray(from, to).toString('utf8');
const comments = (f: File) => f.Stmts.flatMap((s) => s.Comments.map((c) => c.Text)).concat(((f as { Last?: { Text: string }[] }).Last ?? []).map((c) => c.Text));

/**
 * One top-level statement. `argsFrom`: byte offset where the payload's region starts inside the
 * template's own statement (its command name is the template's, not the payload's), or -1 for
 * a statement the payload added. Words are walked one by one (a parse each) only where some
 * character could start an operator, a redirect or a substitution; otherwise the statement is
 * one simple command of literal words and only an added command's name needs the parser.
 */
function statement(s: Stmt, b: Buffer, argsFrom: number, a: Analysis): void {
  const added = argsFrom < 0;
  const text = slice(b, added ? s.Pos.Offset : argsFrom, s.End.Offset);
  if (ACTIVE_CHARS.test(text)) walk(text, added, a);
  else if (added) walk(text, true, a, true);
}

const validated = new Set<string>();

function checkTemplate(t: ShTemplate, payload: string, label: string): ContextResult {
  const name = t.name + label;
  const a = newAnalysis();
  if (!validated.has(t.name)) {
    const base = parse(t.prefix + t.arg.replace('<p>', 'report.txt'), a);
    if (!base.ok || base.file.Stmts.length !== 1) throw new Error(`template ${t.name} does not parse to one command`);
    validated.add(t.name);
  }
  const cmd = t.prefix + t.arg.replace('<p>', () => payload);
  const parsed = parse(cmd, a);
  if (!parsed.ok) return { name, stack: 'sh', exploitable: false, detail: `shell rejects the command, nothing runs (${parsed.error})` };
  const f = parsed.file;
  const b = bytes(cmd);
  const argsFrom = bytes(t.prefix).length;
  f.Stmts.forEach((s, i) => statement(s, b, i === 0 ? argsFrom : -1, a));
  const shape: string[] = [];
  if (f.Stmts.length > 1) shape.push(`${f.Stmts.length - 1} added statement(s)`);
  if (f.Stmts.some((s) => s.Background || s.Coprocess)) shape.push('background job (&)');
  const cs = comments(f);
  if (cs.length) shape.push(`comment swallows the rest: ${cs.map((c) => JSON.stringify(c)).join(' ')}`);
  const parses = `${a.parses} parse(s)`;
  if (a.exploit.length) return { name, stack: 'sh', exploitable: true, detail: [...a.exploit, ...shape].join('; ') };
  const seen = [...shape, ...a.inert];
  return {
    name,
    stack: 'sh',
    exploitable: false,
    detail: seen.length
      ? `nothing runs beyond the template's command: ${seen.join('; ')} (${parses})`
      : `one simple command; payload stays literal argument(s) (${parses})`,
  };
}

/** Judges `payload` on the declared shell (or every modelled one): mvdan/sh for sh/bash, cmd-parse for cmd.exe, tree-sitter-powershell for PowerShell. */
export async function shellOracle(payload: string, stack?: TargetStack): Promise<OracleResult> {
  const kinds = shellKinds(stack);
  const contexts: ContextResult[] = [];
  if (kinds.includes('sh')) contexts.push(...requestVariants(payload).flatMap((v) => SHELL_TEMPLATES.map((t) => checkTemplate(t, v.value, v.label))));
  if (kinds.includes('cmd')) contexts.push(...cmdContexts(payload));
  if (kinds.includes('powershell')) contexts.push(...(await powershellContexts(payload)));
  const parsers = { sh: 'mvdan-sh', cmd: 'cmd-parse', powershell: 'tree-sitter-powershell' };
  return summarise(`shell:${kinds.map((k) => parsers[k]).join('+')}`, contexts, [], kinds);
}
