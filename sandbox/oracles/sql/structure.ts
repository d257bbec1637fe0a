// Structural view of a node-sql-parser tree (MySQL, MariaDB, T-SQL and SQLite grammars): the
// statement with its values and column names blanked, and the facts an injection changes —
// statements, set operations, sub-queries, comparisons, OR branches, function calls, tables.
import { createRequire } from 'node:module';
import type { Dialect } from './lexer';

// One grammar per dialect (the per-database builds, not the 3 MB all-dialects bundle).
const require = createRequire(import.meta.url);
type Parser = { parse(sql: string, opt: { database: string }): { ast: unknown } };
const load = (file: string): Parser => new (require(`node-sql-parser/build/${file}.js`) as { Parser: new () => Parser }).Parser();
const PARSERS: Record<Dialect, { parser: Parser; database: string }> = {
  mysql: { parser: load('mysql'), database: 'MySQL' },
  mariadb: { parser: load('mariadb'), database: 'MariaDB' },
  mssql: { parser: load('transactsql'), database: 'TransactSQL' },
  sqlite: { parser: load('sqlite'), database: 'Sqlite' },
};

export type Parsed = { ok: true; statements: unknown[] } | { ok: false; error: string };

/** Parses comment-free SQL (lexer output) with the dialect's grammar; one entry per statement. */
export function parseDialect(code: string, d: Dialect): Parsed {
  const { parser, database } = PARSERS[d];
  try {
    const { ast } = parser.parse(code, { database });
    return { ok: true, statements: (Array.isArray(ast) ? ast : [ast]).filter(Boolean) };
  } catch (e) {
    return { ok: false, error: (e as Error).message.replace(/\s+/g, ' ').slice(0, 160) };
  }
}

const LITERALS = new Set(['number', 'single_quote_string', 'double_quote_string', 'string', 'bool', 'null', 'natural_string', 'hex_string', 'full_hex_string', 'bit_string', 'var_string', 'backticks_quote_string', 'regex_string', 'default']);
const DROP = new Set(['tableList', 'columnList', 'loc', 'parentheses']);

/** Values and column names blanked, bookkeeping dropped: equal for two payloads that are one value. */
export function shape(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(shape);
  if (node === null || typeof node !== 'object') return node;
  const o = node as Record<string, unknown>;
  if (typeof o.type === 'string' && LITERALS.has(o.type)) return 'lit';
  if (o.type === 'column_ref') return o.column === '*' ? 'col*' : 'col';
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) if (!DROP.has(k)) out[k] = shape(v);
  return out;
}

const COMPARE = new Set(['=', '<>', '!=', '<', '>', '<=', '>=', '<=>', 'LIKE', 'NOT LIKE', 'IN', 'NOT IN', 'BETWEEN', 'NOT BETWEEN', 'IS', 'IS NOT', 'RLIKE', 'NOT RLIKE', 'REGEXP', 'NOT REGEXP', 'GLOB', 'SOUNDS LIKE']);
const BRANCH = new Set(['OR', 'XOR', '||']);

export interface Facts {
  statements: string[]; // statement types, e.g. ['select', 'drop']
  setops: number;
  selects: number;
  comparisons: number;
  /** OR/XOR branches with a constant or a constant comparison on one side: the predicate is always true. */
  tautologyBranches: number;
  /** AND branches with a constant comparison on one side (`1 AND 1=2`): boolean-blind probes. */
  constantAnds: number;
  functions: string[]; // lower-case
  tables: string[];
  columns: string[]; // column names referenced, lower-case
  recursive: boolean;
  into: string[]; // INTO OUTFILE / DUMPFILE targets
}

function fnName(o: Record<string, unknown>): string {
  const n = o.name as unknown;
  if (typeof n === 'string') return n.toLowerCase();
  const parts = (n as { name?: { value?: string }[] } | undefined)?.name ?? [];
  return parts.map((p) => p.value ?? '').join('.').toLowerCase();
}

const hasColumn = (x: unknown): boolean =>
  Array.isArray(x) ? x.some(hasColumn) : !!x && typeof x === 'object' && ((x as { type?: string }).type === 'column_ref' || Object.values(x).some(hasColumn));

/** A literal, or a comparison over constants only (`'1'='1'`, `2>1`): either makes an OR always true. */
const constantSide = (x: unknown) => {
  const o = x as Record<string, unknown> | null;
  if (!o || typeof o !== 'object') return false;
  if (typeof o.type === 'string' && LITERALS.has(o.type)) return true;
  return o.type === 'binary_expr' && COMPARE.has(String(o.operator).toUpperCase()) && !hasColumn(o);
};

function columnName(c: unknown): string {
  const v = c && typeof c === 'object' ? (c as { expr?: { value?: unknown } }).expr?.value : c;
  return String(v).toLowerCase();
}

export function facts(statements: unknown[]): Facts {
  const f: Facts = { statements: [], setops: 0, selects: 0, comparisons: 0, tautologyBranches: 0, constantAnds: 0, functions: [], tables: [], columns: [], recursive: false, into: [] };
  const walk = (x: unknown) => {
    if (Array.isArray(x)) return x.forEach(walk);
    if (!x || typeof x !== 'object') return;
    const o = x as Record<string, unknown>;
    if (o.type === 'select') f.selects++;
    if (typeof o.set_op === 'string' && o.set_op) f.setops++;
    if (o.type === 'binary_expr') {
      const op = String(o.operator).toUpperCase();
      if (COMPARE.has(op)) f.comparisons++;
      if (BRANCH.has(op) && (constantSide(o.left) || constantSide(o.right))) f.tautologyBranches++;
      if ((op === 'AND' || op === '&&') && (constantSide(o.left) || constantSide(o.right))) f.constantAnds++;
    }
    if (o.type === 'function' || o.type === 'aggr_func') f.functions.push(fnName(o));
    if (o.type === 'column_ref' && o.column !== '*') f.columns.push(columnName(o.column));
    if (typeof o.table === 'string' && 'as' in o && !('column' in o)) f.tables.push(o.table.toLowerCase());
    if (o.recursive === true) f.recursive = true;
    const into = o.into as { keyword?: string; expr?: { value?: string } } | undefined;
    if (into && typeof into === 'object' && into.keyword) f.into.push(`${into.keyword} ${into.expr?.value ?? ''}`.trim());
    for (const v of Object.values(o)) walk(v);
  };
  for (const s of statements) {
    f.statements.push(String((s as { type?: string }).type ?? 'unknown'));
    walk(s);
  }
  return f;
}
