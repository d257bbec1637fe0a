// SQL injection on MySQL, MariaDB, SQL Server and SQLite. The payload is spliced into the
// dialect's templates and read as that server reads it: the dialect's lexical rules (lexer.ts)
// then its grammar (node-sql-parser). A statement whose structure differs from the template
// holding a benign value is judged by what it adds. SQLite has an embedded engine (sql.js), so
// there the change is also run against canary rows; MySQL and SQL Server have none that runs
// here, so their verdict is structural: an added statement, UNION, sub-query, predicate or
// tautology branch, a comment that cuts the template's tail off, or a call that gives time,
// file or command access (domain/threat/vocabulary/sql.ts) — never executed.
import { sqlCapability } from '../../../domain/threat/vocabulary/sql';
import type { ContextResult } from '../types';
import { lex, type Dialect, type Lexed } from './lexer';
import { executeSqlite } from './sqlite-engine';
import { guardNesting } from './nesting';
import { facts, parseDialect, shape, type Facts } from './structure';
import { closingQuote, DIALECT_TEMPLATES, EXTRA_STATEMENTS, splice, type DialectTemplate } from './templates';

interface Read {
  lexed: Extract<Lexed, { ok: true }>;
  shape: string;
  facts: Facts;
  /** Statements only the lexer recognised (their grammar is missing from the parser). */
  extra: string[];
}

type ReadResult = { ok: true; read: Read } | { ok: false; error: string };

function read(sql: string, d: Dialect, lexedAlready?: Lexed): ReadResult {
  const lexed = lexedAlready ?? lex(sql, d);
  if (!lexed.ok) return { ok: false, error: lexed.error };
  const whole = parseDialect(lexed.code, d);
  if (whole.ok) return { ok: true, read: { lexed, shape: JSON.stringify(shape(whole.statements)), facts: facts(whole.statements), extra: [] } };
  // Statement by statement: the first must parse (it is the template's); a later one the
  // grammar lacks counts when the server knows its keyword (T-SQL WAITFOR, EXEC…).
  const parsed: unknown[] = [];
  const extra: string[] = [];
  for (const [i, st] of lexed.statements.entries()) {
    const p = parseDialect(st, d);
    if (p.ok) parsed.push(...p.statements);
    else if (i > 0 && EXTRA_STATEMENTS[d].test(st)) extra.push(st.split(/\s+/).slice(0, 3).join(' '));
    else return { ok: false, error: whole.error };
  }
  return { ok: true, read: { lexed, shape: JSON.stringify(shape(parsed)), facts: facts(parsed), extra } };
}

const bases = new Map<string, Read>();
function baseOf(t: DialectTemplate, d: Dialect): Read {
  const key = `${d}:${t.name}`;
  let b = bases.get(key);
  if (!b) {
    const r = read(splice(t, t.benign), d);
    if (!r.ok) throw new Error(`${d} template ${t.name} does not parse: ${r.error}`);
    bases.set(key, (b = r.read));
  }
  return b;
}

const more = (a: number, b: number) => a > b;
/** The canary table's columns (sqlite-engine.ts); the structural dialects assume the same schema. */
const SCHEMA_COLUMNS = new Set(['id', 'name', 'password', 'tenant_id', 'active']);

/** What the payload added, in words; empty when it only changed an expression. */
function additions(t: DialectTemplate, base: Read, now: Read, d: Dialect, sql: string): { grade: string[]; capability: string[] } {
  const b = base.facts;
  const n = now.facts;
  const grade: string[] = [];
  // Names the payload brings that the canary schema lacks (`C# rocks` in a numeric slot reads a
  // column `C`, `a=b` two): a real schema would need them, so such a change proves nothing.
  const foreign = n.columns.filter((c) => !SCHEMA_COLUMNS.has(c));
  const self = foreign.length === 0;
  const readsTable = n.tables.length > b.tables.length;
  const added = n.statements.length + now.extra.length - b.statements.length;
  if (added > 0) grade.push(`stacked statement(s): ${[...n.statements.slice(b.statements.length), ...now.extra].join(', ')}`);
  if (more(n.setops, b.setops) && (self || readsTable)) grade.push('UNION/set operation');
  if (more(n.selects - n.setops, b.selects - b.setops) && (self || readsTable)) grade.push('sub-query');
  if (!t.identifier && self && more(n.tautologyBranches, b.tautologyBranches)) grade.push('OR branch with a constant side (tautology)');
  if (!t.identifier && self && more(n.constantAnds, b.constantAnds)) grade.push('AND branch with a constant comparison (boolean-blind)');
  if (n.recursive) grade.push('recursive CTE');
  // A comment that swallowed the template's own tail removes its clauses (the admin'-- login bypass).
  const suffix = t.sql.slice(t.sql.indexOf('<p>') + 3);
  const tailAt = sql.length - suffix.trimStart().length;
  const cut = suffix.trim() !== '' && now.lexed.comments.some((c) => c.start <= tailAt && c.end > tailAt);
  if (cut && self) grade.push('comment removes the template tail');
  const capability: string[] = [];
  const words = now.extra.flatMap((e) => e.split(/[\s(]+/)).map((w) => w.replace(/^\w+\.+/, ''));
  for (const name of [...n.functions, ...words, ...n.into.map((i) => i.split(' ')[0])]) {
    const c = sqlCapability(name, d);
    if (c) capability.push(`${c.name}: ${c.technique.replace('_', ' ')} — ${c.gives}`);
  }
  return { grade, capability: [...new Set(capability)] };
}

/**
 * Every addition judged above needs one of these: a quote, a comment, `;`, a parenthesis (call,
 * sub-query), `||`/`&&`, or one of the keywords. A value with none (prose, numbers, names) cannot be confirmed
 * in any template, so it is not parsed at all — the benign-corpus property runs in seconds.
 */
const ACTIVE = /['"`\];#(]|--|\/\*|\|\||&&|\b(or|xor|and|union|select|with|into)\b/i;

async function checkTemplate(t: DialectTemplate, payload: string, d: Dialect): Promise<ContextResult> {
  // Said on every verdict of a statement whose redundant parentheses were dropped before parsing.
  let shallower = '';
  const ctx = (exploitable: boolean, detail: string): ContextResult => ({ name: t.name, exploitable, detail: detail + shallower, stack: d });
  if (!ACTIVE.test(payload)) return ctx(false, 'no quote, comment, operator, parenthesis or SQL keyword: stays one value');
  const quote = closingQuote(t);
  if (quote && !payload.includes(quote)) return ctx(false, `no ${quote} to close the quoted value: stays one value`);
  const base = baseOf(t, d);
  const spliced = splice(t, payload);
  const lexed = lex(spliced, d);
  if (!lexed.ok) return ctx(false, `${d} rejects the statement, nothing runs (${lexed.error})`);
  const nesting = guardNesting(spliced, lexed, d);
  if (nesting.kind === 'rejected') return ctx(false, `${d} rejects the statement, nothing runs (${nesting.reason})`);
  if (nesting.kind === 'unparsed') return ctx(false, `${nesting.reason}; nothing confirmed on ${d}, an analyst must judge it`);
  const { sql } = nesting;
  const r = read(sql, d, nesting.lexed);
  if (nesting.note) shallower = `; ${nesting.note}`;
  if (!r.ok) return ctx(false, `${d} rejects the statement, nothing runs (${r.error})`);
  const now = r.read;
  if (now.shape === base.shape && now.extra.length === 0) return ctx(false, 'same structure as the template; payload stays one value');
  const { grade, capability } = additions(t, base, now, d, sql);
  const notes = [...(now.lexed.versioned.length ? [`versioned comment runs: ${now.lexed.versioned.join(' ')}`] : [])];
  if (capability.length) return ctx(true, [`calls ${capability.join('; ')}`, ...grade, ...notes, 'judged from the tree, not executed'].join('; '));
  if (d !== 'sqlite') {
    if (!grade.length) return ctx(false, 'expression change only: no statement, UNION, sub-query, predicate, tautology or cut tail');
    return ctx(true, [`structure changed (${d} grammar): ${grade.join(', ')}`, ...notes].join('; '));
  }
  if (!grade.length) return ctx(false, 'expression change only: no statement, UNION, sub-query, tautology or cut tail; not executed');
  if (now.facts.recursive) return ctx(true, `${grade.join(', ')}: attacker-sized computation, judged from the tree, not executed`);
  const run = await executeSqlite(sql, t.name);
  if (run.canaryLeaked) return ctx(true, `SQLite: canary row leaked (${grade.join(', ') || 'changed structure'})`);
  if (run.changed) return ctx(true, 'SQLite: data changed (rolled back)');
  if (run.ran) {
    if (run.rows > t.intendedRows) return ctx(true, `SQLite: returned ${run.rows} rows, the template returns at most ${t.intendedRows}`);
    if (grade.length) return ctx(true, `SQLite executed it: attacker-written logic runs (${grade.join(', ')})`);
    return ctx(false, `SQLite executed it: ${run.rows} row(s), nothing leaked or changed; the change is only an expression`);
  }
  const missing = /no such (table|column|function)|SELECTs to the left and right of UNION do not have the same number/.test(run.error ?? '');
  if (missing && grade.length) return ctx(true, `SQLite fails here only on a name or shape this schema lacks ("${run.error}"); the ${grade.join(', ')} runs where it exists`);
  return ctx(false, `SQLite rejects it at execution ("${run.error}"), nothing runs`);
}

/** Every template of one dialect; one context each, labelled with the dialect. */
export async function dialectContexts(payload: string, d: Dialect): Promise<ContextResult[]> {
  const out: ContextResult[] = [];
  for (const t of DIALECT_TEMPLATES[d]) out.push(await checkTemplate(t, payload, d));
  return out;
}
