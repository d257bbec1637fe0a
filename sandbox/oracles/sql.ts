// SQL injection oracle: splice the payload into representative query templates, parse with
// the real Postgres parser, and look for a statement whose structure differs from the
// template's with a benign value. A changed statement is then run against canary data
// (sql-canary) and judged by what it did (sql-judge): a change that leaks, writes, sleeps or
// runs the payload's own logic is an exploit; one Postgres rejects on any schema is not.
import { sqlCapability, sqlNames } from '../../domain/threat/vocabulary/sql';
import { execute } from './sql-canary';
import { judge, type Change } from './sql-judge';
import { comparisons, describeDiff, functionNames, commentTokens, nodeCounts, normalise, parseSql } from './sql-tree';
import type { TargetStack } from '../../domain/threat/evidence/stack';
import { dialectContexts } from './sql/dialect-oracle';
import { pgTechniques } from './sql/pg-techniques';
import { sqlEngines } from './stack/select';
import { summarise, type ContextResult, type OracleResult } from './types';

interface SqlTemplate {
  name: string;
  sql: string; // '<p>' marks the splice point
  benign: string;
  intendedRows: number;
  identifier?: boolean;
}

// The trailing-clause variants exist so a comment that swallows the rest of the statement
// changes the structure (the classic `admin'--` login bypass). The parenthesised ones are what
// ORMs emit and what sqlmap's `1') …` / `1%') …` prefixes close; "appended to a value" is the
// common `?id=1` + ` UNION SELECT …` shape attack lists store without the leading value.
export const SQL_TEMPLATES: SqlTemplate[] = [
  { name: 'string literal', sql: `SELECT * FROM users WHERE name = '<p>'`, benign: 'alice', intendedRows: 1 },
  { name: 'string literal, trailing clause', sql: `SELECT * FROM users WHERE name = '<p>' AND tenant_id = 1`, benign: 'alice', intendedRows: 1 },
  { name: 'string literal, parenthesised', sql: `SELECT * FROM users WHERE (name = '<p>') AND tenant_id = 1`, benign: 'alice', intendedRows: 1 },
  { name: 'numeric', sql: `SELECT name FROM users WHERE id = <p>`, benign: '1', intendedRows: 1 },
  { name: 'numeric, trailing clause', sql: `SELECT name FROM users WHERE id = <p> AND tenant_id = 1`, benign: '1', intendedRows: 1 },
  { name: 'numeric, parenthesised', sql: `SELECT name FROM users WHERE (id = <p>) AND tenant_id = 1`, benign: '1', intendedRows: 1 },
  { name: 'numeric, appended to a value', sql: `SELECT name FROM users WHERE id = 1<p>`, benign: '', intendedRows: 1 },
  { name: 'LIKE pattern', sql: `SELECT * FROM users WHERE name LIKE '%<p>%' AND tenant_id = 1`, benign: 'ali', intendedRows: 2 },
  { name: 'LIKE pattern, parenthesised', sql: `SELECT * FROM users WHERE (name LIKE '%<p>%') AND tenant_id = 1`, benign: 'ali', intendedRows: 2 },
  { name: 'quoted identifier', sql: `SELECT id, name FROM users WHERE tenant_id = 1 ORDER BY "<p>"`, benign: 'name', intendedRows: 2, identifier: true },
  { name: 'ORDER BY', sql: `SELECT id, name FROM users WHERE tenant_id = 1 ORDER BY <p>`, benign: 'name', intendedRows: 2, identifier: true },
];

const splice = (t: SqlTemplate, p: string) => t.sql.replace('<p>', () => p);
/** Removed clause nodes = the tail was commented out or cut off (a replaced literal is not). */
const REMOVED = /^-\d+ (?!A_Const$|String$)/;
const PG_SLEEPS: ReadonlySet<string> = new Set(sqlNames('time').filter((n) => sqlCapability(n, 'postgres')));
const SLEEP = { test: (f: string) => PG_SLEEPS.has(f.replace(/^.*\./, '')) };

interface Base {
  tree: unknown;
  shape: string;
  counts: Map<string, number>;
  comparisons: number;
}
const bases = new Map<string, Promise<Base>>();
function baseOf(t: SqlTemplate): Promise<Base> {
  let b = bases.get(t.name);
  if (!b) {
    b = parseSql(splice(t, t.benign)).then((p) => {
      if (!p.ok) throw new Error(`template ${t.name} does not parse: ${p.error}`);
      return { tree: p.tree, shape: JSON.stringify(normalise(p.tree)), counts: nodeCounts(normalise(p.tree)), comparisons: comparisons(p.tree) };
    });
    bases.set(t.name, b);
  }
  return b;
}

function changeOf(t: SqlTemplate, base: Base, tree: unknown, shape: unknown, diff: string[]): Change {
  const now = nodeCounts(shape);
  const more = (k: string) => (now.get(k) ?? 0) > (base.counts.get(k) ?? 0);
  const stmts = (x: unknown) => ((x as { stmts?: unknown[] }).stmts ?? []).length;
  return {
    identifier: Boolean(t.identifier),
    statements: stmts(tree) > stmts(base.tree) || [...now.keys()].some((k) => /Stmt$/.test(k) && k !== 'SelectStmt' && k !== 'RawStmt' && more(k)),
    setop: [...now.keys()].some((k) => k.startsWith('SETOP_') && more(k)),
    subquery: more('SubLink') || more('RangeSubselect') || more('SelectStmt') || more('CommonTableExpr'),
    relation: more('RangeVar') || more('RangeFunction'),
    predicate: comparisons(tree) > base.comparisons || more('NullTest') || more('BooleanTest'),
    boolBranch: more('BoolExpr'),
    // In an identifier slot the template's own column is what gets replaced; that is not a cut tail.
    truncated: diff.some((d) => REMOVED.test(d) && !(t.identifier && d === '-1 ColumnRef')),
  };
}

/** Nodes that can make an expression do more than compute a value; without one the change is arithmetic. */
const SENSITIVE = /^\+\d+ (BoolExpr|\w+Stmt|FuncCall|SubLink|RangeVar|RangeSubselect|RangeFunction|CaseExpr|NullTest|BooleanTest|SQLValueFunction|CommonTableExpr|WithClause|TypeCast|CoalesceExpr|MinMaxExpr|SETOP_\w+)$/;

async function checkTemplate(t: SqlTemplate, payload: string, evidence: string[]): Promise<ContextResult> {
  const { name } = t;
  const base = await baseOf(t);
  const sql = splice(t, payload);
  const parsed = await parseSql(sql);
  if (!parsed.ok) {
    // A syntax error means the database rejects the request: the payload cannot change what
    // runs (O'Brien in a string literal). Probing for errors is reconnaissance, not exploitation.
    return { name, stack: 'postgres', exploitable: false, detail: `parse error, statement rejected before execution (${parsed.error})` };
  }
  const shape = normalise(parsed.tree);
  if (JSON.stringify(shape) === base.shape) {
    return { name, stack: 'postgres', exploitable: false, detail: 'same structure as the template; payload stays one value' };
  }
  const diff = describeDiff(JSON.parse(base.shape), shape);
  const change = changeOf(t, base, parsed.tree, shape, diff);
  const decisive = diff.some((d) => /^statements/.test(d) || SENSITIVE.test(d)) || change.truncated || change.predicate;
  if (!decisive) {
    // e.g. `AT&T` or `docs/readme.md` in a numeric slot, `-59.38` in ORDER BY: an expression
    // over columns and constants — no predicate, query, function, subquery or comment.
    return { name, stack: 'postgres', exploitable: false, detail: `expression change only (${diff.join(', ')}): no new predicate, query, function, subquery or comment` };
  }
  const parts = [`structure changed: ${diff.join(', ')}`];
  const comments = await commentTokens(sql);
  if (comments.length) parts.push(`comment swallows the rest: ${comments.map((c) => JSON.stringify(c)).join(' ')}`);
  const calls = functionNames(parsed.tree);
  if (calls.some((f) => SLEEP.test(f) && f.includes('.'))) {
    parts.push(`time-based: schema-qualified ${calls.filter((f) => SLEEP.test(f)).join(', ')} not executed`);
    return { name, stack: 'postgres', exploitable: true, detail: parts.join('; ') };
  }
  const techniques = pgTechniques(parsed.tree);
  if (techniques.length) {
    parts.push(...techniques.map((x) => `${x.technique}: ${x.gives}`), 'judged from the parse tree, never executed');
    return { name, stack: 'postgres', exploitable: true, detail: parts.join('; ') };
  }
  const run = await execute(sql, t.intendedRows, name);
  const verdict = judge(change, run, sql, t.intendedRows);
  parts.push(verdict.detail, ...run.notes.filter((n) => !verdict.detail.includes(n)));
  if (run.canaryLeaked) evidence.push(`canary secret returned by ${name} template`);
  return { name, stack: 'postgres', exploitable: verdict.exploitable, detail: parts.join('; ') };
}

/**
 * Judges `payload` on the declared database (or every modelled one): Postgres through
 * libpg-query + PGlite, MySQL/MariaDB/SQL Server/SQLite through sql/dialect-oracle.
 */
export async function sqlOracle(payload: string, stack?: TargetStack): Promise<OracleResult> {
  const evidence: string[] = [];
  const contexts: ContextResult[] = [];
  const engines = sqlEngines(stack);
  for (const engine of engines) {
    if (engine === 'postgres') for (const t of SQL_TEMPLATES) contexts.push(await checkTemplate(t, payload, evidence));
    else contexts.push(...(await dialectContexts(payload, engine)));
  }
  return summarise('sql:libpg-query+pglite,node-sql-parser+sql.js', contexts, evidence, engines);
}
