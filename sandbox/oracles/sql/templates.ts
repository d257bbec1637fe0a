// Query templates per dialect: the same injection points as the Postgres oracle's, written the
// way each dialect quotes them (MySQL strings may be double-quoted; identifiers are `backticked`
// in MySQL and SQLite, [bracketed] in T-SQL and SQLite).
import type { Dialect } from './lexer';

export interface DialectTemplate {
  name: string;
  sql: string; // '<p>' marks the splice point
  benign: string;
  intendedRows: number;
  identifier?: boolean;
}

/** The character that closes the value's quoted context, if it has one: without it the payload cannot leave it. */
export function closingQuote(t: DialectTemplate): string | undefined {
  const before = t.sql.slice(0, t.sql.indexOf('<p>')).replace(/%$/, '');
  const q = before.slice(-1);
  return q === '[' ? ']' : ["'", '"', '`'].includes(q) ? q : undefined;
}

const COMMON: DialectTemplate[] = [
  { name: 'string literal', sql: `SELECT * FROM users WHERE name = '<p>'`, benign: 'alice', intendedRows: 1 },
  { name: 'string literal, trailing clause', sql: `SELECT * FROM users WHERE name = '<p>' AND tenant_id = 1`, benign: 'alice', intendedRows: 1 },
  { name: 'string literal, parenthesised', sql: `SELECT * FROM users WHERE (name = '<p>') AND tenant_id = 1`, benign: 'alice', intendedRows: 1 },
  { name: 'numeric', sql: `SELECT name FROM users WHERE id = <p>`, benign: '1', intendedRows: 1 },
  { name: 'numeric, trailing clause', sql: `SELECT name FROM users WHERE id = <p> AND tenant_id = 1`, benign: '1', intendedRows: 1 },
  { name: 'numeric, parenthesised', sql: `SELECT name FROM users WHERE (id = <p>) AND tenant_id = 1`, benign: '1', intendedRows: 1 },
  { name: 'numeric, appended to a value', sql: `SELECT name FROM users WHERE id = 1<p>`, benign: '', intendedRows: 1 },
  { name: 'LIKE pattern', sql: `SELECT * FROM users WHERE name LIKE '%<p>%' AND tenant_id = 1`, benign: 'ali', intendedRows: 2 },
  { name: 'ORDER BY', sql: `SELECT id, name FROM users WHERE tenant_id = 1 ORDER BY <p>`, benign: 'name', intendedRows: 2, identifier: true },
];

const BACKTICK: DialectTemplate = { name: 'backtick identifier', sql: 'SELECT id, name FROM users WHERE tenant_id = 1 ORDER BY `<p>`', benign: 'name', intendedRows: 2, identifier: true };
const BRACKET: DialectTemplate = { name: 'bracket identifier', sql: 'SELECT id, name FROM users WHERE tenant_id = 1 ORDER BY [<p>]', benign: 'name', intendedRows: 2, identifier: true };
const MY_DOUBLE: DialectTemplate[] = [
  { name: 'double-quoted string', sql: `SELECT * FROM users WHERE name = "<p>"`, benign: 'alice', intendedRows: 1 },
  { name: 'double-quoted string, trailing clause', sql: `SELECT * FROM users WHERE name = "<p>" AND tenant_id = 1`, benign: 'alice', intendedRows: 1 },
];

export const DIALECT_TEMPLATES: Record<Dialect, DialectTemplate[]> = {
  mysql: [...COMMON, ...MY_DOUBLE, BACKTICK],
  mariadb: [...COMMON, ...MY_DOUBLE, BACKTICK],
  mssql: [...COMMON, BRACKET],
  // SQLite takes [brackets] too, but node-sql-parser's SQLite grammar does not.
  sqlite: [...COMMON, BACKTICK],
};

export const splice = (t: DialectTemplate, p: string) => t.sql.replace('<p>', () => p);

/**
 * Statements of the dialect its node-sql-parser grammar does not know. After a top-level `;`
 * (or as the only statement) the server runs them; the lexer finds them by their first word.
 */
export const EXTRA_STATEMENTS: Record<Dialect, RegExp> = {
  mysql: /^(do|handler|load\s+data|call|prepare|execute|shutdown|set\s+global)\b/i,
  mariadb: /^(do|handler|load\s+data|call|prepare|execute|shutdown|set\s+global)\b/i,
  mssql: /^(waitfor\s+(delay|time)|exec(ute)?|declare|shutdown|bulk\s+insert|backup|restore|reconfigure|if\b.*\bwaitfor)\b/i,
  sqlite: /^(attach|detach|vacuum\s+into|pragma)\b/i,
};
