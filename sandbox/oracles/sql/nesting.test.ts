// Deep parentheses on the node-sql-parser dialects: judged from the lexer's parenthesis
// positions past MAX_NESTING (unbalanced = rejected, redundant pairs dropped), never handed to
// the PEG grammar deep; the verdict says which.
import { describe, expect, it } from 'vitest';
import { dialectContexts } from './dialect-oracle';
import { lex } from './lexer';
import { guardNesting, MAX_NESTING } from './nesting';

const DIALECTS = ['mysql', 'mssql', 'sqlite'] as const;
const guard = (sql: string) => {
  const l = lex(sql, 'mysql');
  if (!l.ok) throw new Error(l.error);
  return guardNesting(sql, l, 'mysql');
};
const wrap = (n: number, x: string) => `${'('.repeat(n)}${x}${')'.repeat(n)}`;

describe('nesting guard', () => {
  it('leaves statements within the limit alone', () => {
    const sql = `SELECT 1 WHERE id = ${wrap(MAX_NESTING, '1')}`;
    expect(guard(sql)).toMatchObject({ kind: 'parse', sql });
    expect(guard(sql)).not.toHaveProperty('note');
  });
  it('counts only parentheses the server reads as code (not in strings or comments)', () => {
    const sql = `SELECT 1 WHERE name = '${'('.repeat(500)}' /* ${')'.repeat(500)} */`;
    expect(guard(sql)).toMatchObject({ kind: 'parse', sql });
  });
  it('rejects unbalanced parentheses past the limit and says what it counted', () => {
    const r = guard(`SELECT 1 WHERE id = ${'('.repeat(4096)}`);
    expect(r.kind).toBe('rejected');
    expect(r.kind === 'rejected' && r.reason).toMatch(/4096 "\(" against 0 "\)".*not parsed/);
    const early = guard(`SELECT 1 WHERE id = 1) OR ${wrap(40, '1')} AND (1`);
    expect(early.kind === 'rejected' && early.reason).toMatch(/a "\)" at 21 closes nothing/);
  });
  it('drops pairs that only wrap another pair, but keeps call and list parentheses', () => {
    const r = guard(`SELECT 1 WHERE id IN ((1), (2)) AND x = COALESCE((1, 2)) AND y = ${wrap(100, '(1)')}`);
    expect(r.kind).toBe('parse');
    if (r.kind !== 'parse') return;
    expect(r.sql).toBe('SELECT 1 WHERE id IN ((1), (2)) AND x = COALESCE((1, 2)) AND y = (1)');
    expect(r.note).toMatch(/100 redundant parenthesis pair\(s\) dropped.*nesting 101 → 2/);
  });
  it('does not parse what stays deep after that, and says so', () => {
    const r = guard(`SELECT 1 WHERE id = ${'(1+'.repeat(40)}1${')'.repeat(40)}`);
    expect(r.kind === 'unparsed' && r.reason).toMatch(/not parsed: parentheses nested 40 deep \(40 after dropping.*limit of 32/);
  });
});

describe('dialect oracle on deep parentheses', () => {
  it.each(DIALECTS)('%s: 4 KB of "(" is rejected from the lexer count, on every template', async (d) => {
    const ctx = await dialectContexts('('.repeat(4096), d);
    expect(ctx.some((c) => c.exploitable)).toBe(false);
    for (const c of ctx) expect(c.detail).toMatch(/do not balance|no . to close the quoted value/);
  });
  it.each(DIALECTS)('%s: 1500 balanced pairs around a value stay one value, parsed with the pairs dropped', async (d) => {
    const ctx = await dialectContexts(wrap(1500, '1'), d);
    expect(ctx.some((c) => c.exploitable)).toBe(false);
    expect(ctx.find((c) => c.name === 'numeric')!.detail).toMatch(/same structure as the template.*1499 redundant parenthesis pair\(s\) dropped/);
  });
  it('an attack inside deep redundant parentheses is still found, and the verdict says how it was read', async () => {
    const ctx = await dialectContexts(`1 AND ${wrap(600, 'SLEEP(5)')}`, 'mysql');
    expect(ctx.find((c) => c.name === 'numeric')).toMatchObject({ exploitable: true, detail: expect.stringMatching(/calls sleep: time.*598 redundant parenthesis pair\(s\) dropped/) });
  });
});
