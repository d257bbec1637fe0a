// Command-injection oracle: splice the payload into shell command templates, parse with a
// POSIX/bash parser (mvdan/sh), and compare with a benign argument. Exploit = additional
// statements, background jobs, pipes or &&/|| lists, redirections, comments, or command /
// process substitution in the payload's words.
import { parseSh, type File, type Word } from './shell-parse';
import { summarise, type ContextResult, type OracleResult } from './types';

interface ShTemplate {
  name: string;
  prefix: string; // command text before the argument region
  arg: string; // argument region; '<p>' marks the splice point
}

export const SHELL_TEMPLATES: ShTemplate[] = [
  { name: 'unquoted argument', prefix: 'ls -la ', arg: '<p>' },
  { name: 'double-quoted argument', prefix: 'echo ', arg: '"<p>"' },
];
const BENIGN = 'report.txt';
const PROBE = '_sbx_probe';
const HDOC = '_SBX_EOF_7f3a';

const bytes = (s: string) => Buffer.from(s, 'utf8');
const slice = (b: Buffer, from: number, to: number) => b.subarray(from, to).toString('utf8');

function shape(f: File) {
  return {
    stmts: f.Stmts.length,
    background: f.Stmts.filter((s) => s.Background || s.Coprocess).length,
    negated: f.Stmts.filter((s) => s.Negated).length,
    redirs: f.Stmts.flatMap((s) => s.Redirs.map((r) => r.Op)),
    comments: f.Stmts.flatMap((s) => s.Comments.map((c) => c.Text)).concat(((f as { Last?: { Text: string }[] }).Last ?? []).map((c) => c.Text)),
  };
}

/** A redirect written before the command binds to it only if the statement is one simple command. */
async function isSimpleCommand(cmd: string): Promise<boolean> {
  const p = await parseSh(`<${PROBE} ${cmd}`);
  if (!p.ok || p.file.Stmts.length === 0) return false;
  return p.file.Stmts[0].Redirs.some((r) => r.Op === '<' && r.Word.Lit === PROBE);
}

/** Classifies one word part from the text at its parser-given position. */
async function partFindings(text: string, findings: string[]): Promise<void> {
  if (text.startsWith("'") || text.startsWith("$'")) return; // single quotes: inert
  if (text.startsWith('"') || text.startsWith('$"')) return expansionsIn(text.slice(text.indexOf('"') + 1, -1), findings);
  if (text.startsWith('$(') && !text.startsWith('$((')) findings.push(`command substitution ${text}`);
  else if (text.startsWith('`')) findings.push(`command substitution ${text}`);
  else if (text.startsWith('<(') || text.startsWith('>(')) findings.push(`process substitution ${text}`);
  else if (text.startsWith('$((') && /\$\(|`/.test(text)) findings.push(`arithmetic expansion running a command ${text}`);
}

/** Expansions inside double quotes, via a here-document (same expansion rules, quotes literal). */
async function expansionsIn(inner: string, findings: string[]): Promise<void> {
  if (!/[$`]/.test(inner)) return;
  const src = `cat <<${HDOC}\n${inner}\n${HDOC}\n`;
  const p = await parseSh(src);
  const hdoc = p.ok ? p.file.Stmts[0]?.Redirs[0]?.Hdoc : null;
  if (!hdoc) return;
  const b = bytes(src);
  for (const part of hdoc.Parts) await partFindings(slice(b, part.Pos.Offset, part.End.Offset), findings);
}

/** Walks the words of `region` one at a time as the target of a redirect, where the parser exposes parts. */
async function wordFindings(region: string, findings: string[]): Promise<void> {
  let rest = region.replace(/^[ \t]+/, '');
  for (let guard = 0; rest && guard < 64; guard++) {
    const src = `: <${rest}`;
    const p = await parseSh(src);
    const word: Word | undefined = p.ok ? p.file.Stmts[0]?.Redirs[0]?.Word : undefined;
    if (!word) return; // operator or syntax the statement-level checks already judge
    const b = bytes(src);
    for (const part of word.Parts) await partFindings(slice(b, part.Pos.Offset, part.End.Offset), findings);
    rest = slice(b, word.End.Offset, b.length).replace(/^[ \t]+/, '');
    if (/^[\n;&|<>()#]/.test(rest)) return;
  }
}

async function checkTemplate(t: ShTemplate, payload: string): Promise<ContextResult> {
  const base = await parseSh(t.prefix + t.arg.replace('<p>', BENIGN));
  if (!base.ok) throw new Error(`template ${t.name} does not parse: ${base.error}`);
  const region = t.arg.replace('<p>', () => payload);
  const cmd = t.prefix + region;
  const parsed = await parseSh(cmd);
  if (!parsed.ok) return { name: t.name, exploitable: false, detail: `shell rejects the command, nothing runs (${parsed.error})` };
  const want = shape(base.file);
  const got = shape(parsed.file);
  const findings: string[] = [];
  if (got.stmts > want.stmts) findings.push(`${got.stmts - want.stmts} additional command(s)`);
  if (got.background > want.background) findings.push('background job (&)');
  if (got.negated > want.negated) findings.push('negated pipeline (!)');
  if (got.redirs.length > want.redirs.length) findings.push(`redirection ${got.redirs.join(' ')}`);
  if (got.comments.length > want.comments.length) findings.push(`comment swallows the rest: ${got.comments.join(' ')}`);
  if (got.stmts >= 1 && !(await isSimpleCommand(cmd))) findings.push('pipeline, &&/|| list or compound command');
  await wordFindings(region, findings);
  return findings.length
    ? { name: t.name, exploitable: true, detail: findings.join('; ') }
    : { name: t.name, exploitable: false, detail: 'one simple command; payload stays literal argument(s)' };
}

export async function shellOracle(payload: string): Promise<OracleResult> {
  const contexts: ContextResult[] = [];
  for (const t of SHELL_TEMPLATES) contexts.push(await checkTemplate(t, payload));
  return summarise('shell:mvdan-sh', contexts);
}
