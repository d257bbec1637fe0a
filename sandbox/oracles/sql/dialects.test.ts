import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runOracle } from '../index';
import { lex } from './lexer';
import { dialectContexts } from './dialect-oracle';

const sql = (payload: string, database?: 'postgres' | 'mysql' | 'mariadb' | 'mssql' | 'sqlite') => runOracle('sql_injection', payload, database ? { database } : undefined);
const hit = async (payload: string, d: 'mysql' | 'mariadb' | 'mssql' | 'sqlite') => (await dialectContexts(payload, d)).filter((c) => c.exploitable).map((c) => `${c.name}: ${c.detail}`).join('\n');

describe('dialect lexer: each server reads comments and quotes its own way', () => {
  it('MySQL: # and "-- " are comments, "--x" is not, /*! */ runs, backslash escapes a quote', () => {
    const l = lex("a # x\nb -- y\nc --z /*!50000 UNION*/ 'it\\'s'", 'mysql');
    expect(l.ok && l.comments.map((c) => c.text)).toEqual(['# x', '-- y']);
    expect(l.ok && l.code).toMatch(/c --z\s+UNION\s+'it\\'s'/);
  });
  it('T-SQL nests block comments and has no # comment; SQLite lets /* run to the end', () => {
    const t = lex('a /* x /* y */ z */ b # c', 'mssql');
    expect(t.ok && t.code.replace(/\s+/g, ' ')).toBe('a b # c');
    expect(lex("a /* open", 'sqlite').ok).toBe(true);
    expect(lex("a /* open", 'mssql').ok).toBe(false);
  });
  it('an unterminated string is a syntax error on every dialect', () => {
    for (const d of ['mysql', 'mssql', 'sqlite'] as const) expect(lex("x = 'O'Brien'", d).ok).toBe(false);
  });
});

describe('SQL oracle on MySQL/MariaDB (lexer + node-sql-parser, structural)', () => {
  it.each([
    ["admin'#", /trailing clause: .*comment removes the template tail/],
    ["' OR '1'='1", /tautology/],
    ["') OR ('1'='1", /parenthesised: .*tautology/],
    ['1 /*!50000UNION*/ SELECT 1', /UNION.*versioned comment runs/],
    ['1 AND SLEEP(5)', /calls sleep: time/],
    ['1 AND BENCHMARK(1000000,MD5(1))', /calls benchmark: time/],
    ["name` , (SELECT password FROM users LIMIT 1)-- ", /backtick identifier: .*sub-query/],
    ['" OR "a"="a', /double-quoted string: .*tautology/],
    ["x' INTO OUTFILE '/var/www/html/s.php'-- ", /outfile: file write/],
    ["1; DROP TABLE users", /stacked statement\(s\): drop/],
  ])('%j → exploit on mysql, with the reason', async (p, why) => {
    expect(await hit(p, 'mysql')).toMatch(why);
  });
  it('the verdict names the stack it was confirmed on, and judges only the declared engine', async () => {
    const r = await sql("admin'#", 'mysql');
    expect(r).toMatchObject({ verdict: 'exploit_possible', stacks: ['mysql'], confirmedOn: ['mysql'] });
    expect(r.contexts.every((c) => c.stack === 'mysql')).toBe(true);
    expect(r.evidence[0]).toMatch(/^\[mysql\] /);
  });
  it('undeclared: every modelled engine is judged, and confirmedOn says where it holds', async () => {
    const r = await sql('1 AND SLEEP(5)');
    expect(r.stacks).toEqual(['postgres', 'mysql', 'mssql', 'sqlite']);
    expect(r.confirmedOn).toContain('mysql');
    expect(r.confirmedOn).not.toContain('mssql');
  });
  it('MariaDB is judged with its own grammar when declared', async () => {
    expect(await hit("' OR '1'='1", 'mariadb')).toMatch(/tautology/);
  });
  it.each(["O'Brien", 'C# rocks', '1 --x', 'rock or metal', 'AT&T', 'select a drop-down', 'a=b', '<3', '1 or 2, not both -- Uma'])('benign %j → improbable', async (p) => {
    expect(await hit(p, 'mysql')).toBe('');
  });
});

describe('SQL oracle on SQL Server (lexer + node-sql-parser T-SQL, structural)', () => {
  it.each([
    ["'; WAITFOR DELAY '0:0:5'--", /calls waitfor: time/],
    ["1; EXEC xp_cmdshell 'dir'--", /xp_cmdshell: command/],
    ['name]; DROP TABLE users--', /bracket identifier: .*stacked statement\(s\): drop/],
    ['1 UNION SELECT name, password FROM users', /UNION/],
    ["' OR 1=1--", /tautology/],
  ])('%j → exploit on mssql', async (p, why) => {
    expect(await hit(p, 'mssql')).toMatch(why);
  });
  it.each(["O'Brien", 'AT&T', '[draft] notes', '#35a4bd'])('benign %j → improbable', async (p) => {
    expect(await hit(p, 'mssql')).toBe('');
  });
});

describe('SQL oracle on SQLite (sql.js: executed against canary rows)', () => {
  it.each([
    ["' OR '1'='1", /canary row leaked/],
    ['1 UNION SELECT password FROM users', /canary row leaked/],
    ["admin'--", /attacker-written logic runs \(comment removes the template tail\)/],
    ['1; DROP TABLE users', /data changed/],
    ['1 AND 1=(WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c) SELECT count(*) FROM c)', /not executed/],
  ])('%j → exploit on sqlite', async (p, why) => {
    expect(await hit(p, 'sqlite')).toMatch(why);
  });
  it("a tautology still holds on the canary table afterwards (the DROP was rolled back)", async () => {
    await hit('1; DROP TABLE users', 'sqlite');
    expect(await hit("' OR '1'='1", 'sqlite')).toMatch(/canary row leaked/);
  });
  it.each(["O'Brien", '3/4', 'rock or metal', '#35a4bd', 'x - y'])('benign %j → improbable', async (p) => {
    expect(await hit(p, 'sqlite')).toBe('');
  });
});

// The property of the issue for the structural dialects and SQLite: no line of our benign corpus
// is confirmed on any of them (Postgres runs in oracles.test.ts; data/benign/realworld is left
// out for the reason given there). ~60 s alone, minutes on a loaded machine.
describe('benign corpus on MySQL, MariaDB, SQL Server and SQLite: zero false confirmations', () => {
  const files = (d: string): string[] =>
    readdirSync(d).flatMap((f) => (f === 'realworld' ? [] : statSync(join(d, f)).isDirectory() ? files(join(d, f)) : f.endsWith('.txt') ? [join(d, f)] : []));
  it('every line of data/benign/*.txt → improbable on every dialect', { timeout: 400_000 }, async () => {
    const lines = files(resolve(import.meta.dirname, '../../../data/benign')).flatMap((f) => readFileSync(f, 'utf8').split(/\r?\n/).filter((l) => l.trim() !== ''));
    expect(lines.length).toBeGreaterThan(5000);
    const confirmed: string[] = [];
    for (const d of ['mysql', 'mariadb', 'mssql', 'sqlite'] as const) {
      for (const line of lines) {
        const c = (await dialectContexts(line, d)).find((x) => x.exploitable);
        if (c) confirmed.push(`${d}: ${JSON.stringify(line)} — ${c.name}: ${c.detail}`);
      }
    }
    expect(confirmed).toEqual([]);
  });
});
