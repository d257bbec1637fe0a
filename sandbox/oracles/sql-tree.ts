// Structural view of a Postgres parse tree (libpg-query): what the statement *does*, with
// the values it carries blanked, so a payload that only changes a literal compares equal
// to the template and one that adds syntax does not.
import { parse, scan } from 'libpg-query';

/** Keys that locate or size nodes in the text; they differ whenever the payload length does. */
const POSITION_KEYS = new Set(['location', 'stmt_location', 'stmt_len']);

export type SqlParse = { ok: true; tree: unknown } | { ok: false; error: string };

export async function parseSql(sql: string): Promise<SqlParse> {
  try {
    return { ok: true, tree: await parse(sql) };
  } catch (e) {
    return { ok: false, error: (e as Error).message };
  }
}

/**
 * Blanks literal values (A_Const) and column names (ColumnRef), drops positions. Column
 * names are blanked because identifier templates legitimately receive a different column
 * name; tables, functions, operators and clause shapes stay.
 */
export function normalise(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(normalise);
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node as Record<string, unknown>)) {
    if (POSITION_KEYS.has(k)) continue;
    if (k === 'A_Const') out[k] = '?';
    else if (k === 'ColumnRef') out[k] = columnShape(v);
    else out[k] = normalise(v);
  }
  return out;
}

function columnShape(v: unknown): unknown {
  const fields = (v as { fields?: unknown[] }).fields ?? [];
  return { fields: fields.map((f) => (f && typeof f === 'object' && 'A_Star' in f ? '*' : '?')) };
}

/** Counts node types in a tree (e.g. SelectStmt: 2 after a UNION), for a readable diff. */
export function nodeCounts(node: unknown, acc = new Map<string, number>()): Map<string, number> {
  if (Array.isArray(node)) node.forEach((n) => nodeCounts(n, acc));
  else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node as Record<string, unknown>)) {
      if (/^[A-Z]/.test(k)) acc.set(k, (acc.get(k) ?? 0) + 1);
      // UNION/INTERSECT/EXCEPT nest SelectStmts under larg/rarg without a type key.
      if (k === 'op' && typeof v === 'string' && v.startsWith('SETOP_') && v !== 'SETOP_NONE') acc.set(v, (acc.get(v) ?? 0) + 1);
      nodeCounts(v, acc);
    }
  }
  return acc;
}

/** Human-readable differences in node-type counts, e.g. "+1 SelectStmt", "-1 BoolExpr". */
export function describeDiff(template: unknown, actual: unknown): string[] {
  const a = nodeCounts(template);
  const b = nodeCounts(actual);
  const out: string[] = [];
  for (const k of new Set([...a.keys(), ...b.keys()])) {
    const d = (b.get(k) ?? 0) - (a.get(k) ?? 0);
    if (d !== 0) out.push(`${d > 0 ? '+' : ''}${d} ${k}`);
  }
  const stmts = (t: unknown) => ((t as { stmts?: unknown[] }).stmts ?? []).length;
  if (stmts(actual) !== stmts(template)) out.push(`statements ${stmts(template)} → ${stmts(actual)}`);
  return out.length ? out : ['node shape changed (same node counts, different arrangement)'];
}

/** Comment tokens the scanner sees; a comment the template did not have swallows its tail. */
export async function commentTokens(sql: string): Promise<string[]> {
  try {
    const { tokens } = await scan(sql);
    return tokens.filter((t) => /COMMENT/.test(t.tokenName)).map((t) => t.text);
  } catch {
    return [];
  }
}

/** Function names called anywhere in the tree (lower-cased, schema-qualified if written so). */
export function functionNames(node: unknown, acc: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((n) => functionNames(n, acc));
  else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node as Record<string, unknown>)) {
      if (k === 'FuncCall') {
        const parts = ((v as { funcname?: { String?: { sval: string } }[] }).funcname ?? []).map((p) => p.String?.sval ?? '');
        acc.push(parts.join('.').toLowerCase());
      }
      functionNames(v, acc);
    }
  }
  return acc;
}

const COMPARISON = /^(=|<>|!=|<|>|<=|>=|~~\*?|!~~\*?|~\*?|!~\*?)$/;

/** Comparison operators (and IN/LIKE/BETWEEN forms): each new one can flip a predicate. */
export function comparisons(node: unknown): number {
  let n = 0;
  const walk = (x: unknown) => {
    if (Array.isArray(x)) x.forEach(walk);
    else if (x && typeof x === 'object') {
      for (const [k, v] of Object.entries(x as Record<string, unknown>)) {
        if (k === 'A_Expr') {
          const e = v as { kind?: string; name?: { String?: { sval: string } }[] };
          const op = e.name?.[0]?.String?.sval ?? '';
          if (e.kind !== 'AEXPR_OP' || COMPARISON.test(op)) n++;
        }
        walk(v);
      }
    }
  };
  walk(node);
  return n;
}
