// SQL injection oracle: splice the payload into representative query templates, parse with
// the real Postgres parser, and call it an exploit only when the statement's structure
// differs from the template's with a benign value. Changed statements are then run against
// canary data (sql-canary) so the evidence says what actually leaked or changed.
import { comparisons, describeDiff, functionNames, commentTokens, normalise, parseSql } from './sql-tree';
import { execute } from './sql-canary';
import { summarise, type ContextResult, type OracleResult } from './types';

interface SqlTemplate {
  name: string;
  sql: string; // '<p>' marks the splice point
  benign: string;
  intendedRows: number;
}

// The trailing-clause variants exist so a comment that swallows the rest of the
// statement changes the structure (the classic `admin'--` login bypass).
export const SQL_TEMPLATES: SqlTemplate[] = [
  { name: 'string literal', sql: `SELECT * FROM users WHERE name = '<p>'`, benign: 'alice', intendedRows: 1 },
  { name: 'string literal, trailing clause', sql: `SELECT * FROM users WHERE name = '<p>' AND tenant_id = 1`, benign: 'alice', intendedRows: 1 },
  { name: 'numeric', sql: `SELECT name FROM users WHERE id = <p>`, benign: '1', intendedRows: 1 },
  { name: 'numeric, trailing clause', sql: `SELECT name FROM users WHERE id = <p> AND tenant_id = 1`, benign: '1', intendedRows: 1 },
  { name: 'LIKE pattern', sql: `SELECT * FROM users WHERE name LIKE '%<p>%' AND tenant_id = 1`, benign: 'ali', intendedRows: 2 },
  { name: 'quoted identifier', sql: `SELECT id, name FROM users WHERE tenant_id = 1 ORDER BY "<p>"`, benign: 'name', intendedRows: 2 },
  { name: 'ORDER BY', sql: `SELECT id, name FROM users WHERE tenant_id = 1 ORDER BY <p>`, benign: 'name', intendedRows: 2 },
];

const splice = (t: SqlTemplate, p: string) => t.sql.replace('<p>', () => p);
/** Added nodes that change what a statement reads or does (removals = truncation by a comment). */
const SENSITIVE = /^\+\d+ (BoolExpr|\w+Stmt|FuncCall|SubLink|RangeVar|RangeSubselect|RangeFunction|CaseExpr|NullTest|BooleanTest|SQLValueFunction|CommonTableExpr|WithClause|TypeCast|CoalesceExpr|MinMaxExpr|SETOP_\w+)$/;
/** Removed clause nodes = the tail was commented out or cut off (a replaced literal is not). */
const REMOVED = /^-\d+ (?!A_Const$|String$)/;
const SLEEP = /(^|\.)pg_sleep(_for|_until)?$/;

async function checkTemplate(t: SqlTemplate, payload: string, evidence: string[]): Promise<ContextResult> {
  const base = await parseSql(splice(t, t.benign));
  if (!base.ok) throw new Error(`template ${t.name} does not parse: ${base.error}`);
  const sql = splice(t, payload);
  const parsed = await parseSql(sql);
  if (!parsed.ok) {
    // A syntax error means the database rejects the request: the payload cannot change what
    // runs (O'Brien in a string literal). Probing for errors is reconnaissance, not exploitation.
    return { name: t.name, exploitable: false, detail: `parse error, statement rejected before execution (${parsed.error})` };
  }
  if (JSON.stringify(normalise(parsed.tree)) === JSON.stringify(normalise(base.tree))) {
    return { name: t.name, exploitable: false, detail: 'same structure as the template; payload stays one value' };
  }
  const diff = describeDiff(normalise(base.tree), normalise(parsed.tree));
  const decisive = diff.filter((d) => /^statements/.test(d) || REMOVED.test(d) || SENSITIVE.test(d));
  const newComparisons = comparisons(parsed.tree) - comparisons(base.tree);
  if (newComparisons > 0) decisive.push(`+${newComparisons} comparison(s)`);
  if (!decisive.length) {
    // e.g. `AT&T` or `docs/readme.md` in a numeric slot: an arithmetic expression over
    // columns — the statement still selects the same rows by the same single predicate.
    return { name: t.name, exploitable: false, detail: `expression change only (${diff.join(', ')}): no new predicate, query, function, subquery or comment` };
  }
  const comments = await commentTokens(sql);
  const parts = [`structure changed: ${diff.join(', ')}`];
  if (comments.length) parts.push(`comment swallows the rest: ${comments.map((c) => JSON.stringify(c)).join(' ')}`);
  const calls = functionNames(parsed.tree);
  if (calls.some((f) => SLEEP.test(f) && f.includes('.'))) {
    parts.push(`time-based: schema-qualified ${calls.filter((f) => SLEEP.test(f)).join(', ')} not executed`);
  } else {
    const run = await execute(sql, t.intendedRows);
    if (run.error) parts.push(`executed: error "${run.error}"`);
    else parts.push(`executed: ${run.rows} row(s)`);
    if (run.canaryLeaked) parts.push('canary row leaked');
    if (run.changed) parts.push('data changed (rolled back)');
    if (run.sleeps.length) parts.push(`time-based: pg_sleep(${run.sleeps.join(', ')}) requested`);
    parts.push(...run.notes);
    if (run.canaryLeaked) evidence.push(`canary secret returned by ${t.name} template`);
  }
  return { name: t.name, exploitable: true, detail: parts.join('; ') };
}

export async function sqlOracle(payload: string): Promise<OracleResult> {
  const evidence: string[] = [];
  const contexts: ContextResult[] = [];
  for (const t of SQL_TEMPLATES) contexts.push(await checkTemplate(t, payload, evidence));
  return summarise('sql:libpg-query+pglite', contexts, evidence);
}
