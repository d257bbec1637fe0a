// Command-execution and file-access techniques found in the real Postgres parse tree
// (libpg-query), named with what each gives the attacker; ordinary statements name none.
import { describe, expect, it } from 'vitest';
import { parseSql } from '../sql-tree';
import { pgTechniques } from './pg-techniques';

async function techniques(sql: string) {
  const p = await parseSql(sql);
  if (!p.ok) throw new Error(p.error);
  return pgTechniques(p.tree).map((t) => `${t.technique}: ${t.gives}`);
}

describe('pgTechniques', () => {
  it.each([
    ["COPY (SELECT 1) TO PROGRAM 'id'", /^COPY … TO PROGRAM 'id': runs a shell command as the postgres OS user/],
    ["COPY users FROM PROGRAM 'sh -c x'", /^COPY … FROM PROGRAM/],
    ["COPY users FROM '/etc/passwd'", /^COPY … FROM '\/etc\/passwd': reads a server file/],
    ["COPY users TO '/tmp/x'", /^COPY … TO '\/tmp\/x': writes a server file/],
    ["SELECT lo_import('/etc/passwd')", /^lo_import\(\): reads a server file/],
    ["SELECT lo_export(1, '/tmp/x')", /^lo_export\(\): writes/],
    ["SELECT pg_catalog.pg_read_file('/etc/passwd')", /^pg_read_file\(\): reads server files/],
    ['CREATE EXTENSION plpython3u', /^CREATE EXTENSION plpython3u \(untrusted language\)/],
    ['CREATE EXTENSION dblink', /^CREATE EXTENSION dblink: connects to other servers/],
    ["CREATE FUNCTION f() RETURNS int LANGUAGE plperlu AS 'x'", /^CREATE FUNCTION … LANGUAGE plperlu: code runs as the postgres OS user/],
    ["CREATE FUNCTION s(cstring) RETURNS int AS '/lib/libc.so.6', 'system' LANGUAGE C", /^CREATE FUNCTION … LANGUAGE c: binds any native library symbol/],
    ["DO LANGUAGE plpythonu 'import os'", /^DO LANGUAGE plpythonu/],
    ['CREATE LANGUAGE plperlu', /^CREATE (LANGUAGE|EXTENSION) plperlu/],
  ])('%s', async (sql, want) => {
    const found = await techniques(sql);
    expect(found.length).toBeGreaterThan(0);
    expect(found[0]).toMatch(want);
  });

  it.each([
    "SELECT * FROM users WHERE name = 'COPY TO PROGRAM'",
    "CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS 'begin return 1; end'",
    "DO 'begin null; end'",
    'CREATE EXTENSION pg_trgm',
    'SELECT pg_sleep(1)',
  ])('names nothing in %s', async (sql) => {
    expect(await techniques(sql)).toEqual([]);
  });
});
