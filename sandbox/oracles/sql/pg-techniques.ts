// Command-execution and file-access techniques in a Postgres parse tree (libpg-query). These
// are judged from the tree and never executed: running `COPY … TO PROGRAM` or an untrusted
// language in the sandbox would at best hang the embedded engine (PGlite has no shell; the
// COPY waits on a pipe that never opens) and at worst reach the host. The parse tree already
// says what the statement would do on a real server, and the shared vocabulary
// (domain/threat/vocabulary/sql.ts) says what that gives the attacker.
import { DANGEROUS_PG_EXTENSIONS, sqlCapability, UNTRUSTED_PG_LANGUAGES } from '../../../domain/threat/vocabulary/sql';

/** One technique found: `technique` names it, `gives` says what it gives the attacker. */
export interface PgTechnique {
  technique: string;
  gives: string;
}

type Node = Record<string, unknown>;
const str = (v: unknown): string | undefined => {
  const s = (v as { String?: { sval?: string } })?.String?.sval;
  return typeof s === 'string' ? s : undefined;
};

/** The `language` option of CREATE FUNCTION / DO (a list of DefElem). */
function languageOf(options: unknown): string | undefined {
  for (const o of Array.isArray(options) ? options : []) {
    const d = (o as { DefElem?: { defname?: string; arg?: unknown } }).DefElem;
    if (d?.defname === 'language') return str(d.arg)?.toLowerCase();
  }
  return undefined;
}

function copyTechnique(c: Node): PgTechnique {
  const file = typeof c.filename === 'string' ? c.filename : undefined;
  if (c.is_program) return { technique: `COPY … ${c.is_from ? 'FROM' : 'TO'} PROGRAM '${file ?? ''}'`, gives: 'runs a shell command as the postgres OS user (command execution)' };
  if (file && c.is_from) return { technique: `COPY … FROM '${file}'`, gives: 'reads a server file into a table' };
  if (file) return { technique: `COPY … TO '${file}'`, gives: 'writes a server file (e.g. a web shell, an authorized_keys entry)' };
  return { technique: `COPY … ${c.is_from ? 'FROM STDIN' : 'TO STDOUT'}`, gives: 'bulk copy of a whole table through the client channel' };
}

function visit(node: unknown, out: PgTechnique[], depth: number): void {
  // libpg-query stops at Postgres' own nesting limit; this bound is only belt and braces.
  if (depth > 10_000 || node === null || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    for (const n of node) visit(n, out, depth + 1);
    return;
  }
  const n = node as Node;
  if (n.CopyStmt) out.push(copyTechnique(n.CopyStmt as Node));
  const ext = (n.CreateExtensionStmt as Node | undefined)?.extname;
  if (typeof ext === 'string') {
    const e = ext.toLowerCase();
    if (UNTRUSTED_PG_LANGUAGES.has(e)) out.push({ technique: `CREATE EXTENSION ${e} (untrusted language)`, gives: 'functions in it run with the postgres OS user\'s rights (command execution)' });
    else if (DANGEROUS_PG_EXTENSIONS[e]) out.push({ technique: `CREATE EXTENSION ${e}`, gives: DANGEROUS_PG_EXTENSIONS[e] });
  }
  const plang = (n.CreatePLangStmt as Node | undefined)?.plname;
  if (typeof plang === 'string' && UNTRUSTED_PG_LANGUAGES.has(plang.toLowerCase())) {
    out.push({ technique: `CREATE LANGUAGE ${plang}`, gives: 'an untrusted language: code runs as the postgres OS user (command execution)' });
  }
  const fnLang = n.CreateFunctionStmt ? languageOf((n.CreateFunctionStmt as Node).options) : undefined;
  if (fnLang && UNTRUSTED_PG_LANGUAGES.has(fnLang)) {
    out.push({ technique: `CREATE FUNCTION … LANGUAGE ${fnLang}`, gives: fnLang === 'c' ? 'binds any native library symbol (libc system()): command execution' : 'code runs as the postgres OS user (command execution)' });
  }
  const doLang = n.DoStmt ? languageOf((n.DoStmt as Node).args) : undefined;
  if (doLang && UNTRUSTED_PG_LANGUAGES.has(doLang)) out.push({ technique: `DO LANGUAGE ${doLang}`, gives: 'runs code as the postgres OS user (command execution)' });
  const call = n.FuncCall as { funcname?: unknown[] } | undefined;
  if (call?.funcname) {
    const name = str(call.funcname[call.funcname.length - 1]);
    const cap = name ? sqlCapability(name, 'postgres') : undefined;
    if (cap && cap.technique !== 'time') out.push({ technique: `${cap.name}()`, gives: cap.gives });
  }
  for (const v of Object.values(n)) visit(v, out, depth + 1);
}

/** Every command-execution or file/network-access technique in `tree`, de-duplicated, in tree order. */
export function pgTechniques(tree: unknown): PgTechnique[] {
  const out: PgTechnique[] = [];
  visit(tree, out, 0);
  const seen = new Set<string>();
  return out.filter((t) => !seen.has(t.technique) && seen.add(t.technique));
}
