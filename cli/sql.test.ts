// `bulwark sql` against the embedded database opened directly, a held one, and Postgres.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../config/config';
import { createDb } from '../db/client';
import { EVAL_QUERY_TITLES } from '../db/eval-queries';
import { createTestPostgres, type TestPostgres } from '../test/support/db';
import { runSqlCommand } from './sql';
import { servePgliteSocket } from '../runtime/pglite-socket';

const dataDir = mkdtempSync(join(tmpdir(), 'bulwark-sql-'));
const config = parseConfig({ BULWARK_DATA_DIR: dataDir });

async function sql(args: string[], cfg = config) {
  let out = '';
  let err = '';
  const code = await runSqlCommand(cfg, args, { write: (s: string) => (out += s) }, { write: (s: string) => (err += s) });
  return { code, out, err };
}

beforeAll(async () => {
  const db = await createDb({ pglitePath: join(dataDir, 'pglite') });
  await db.execute(`insert into decisions (workflow_id, environment, action_id, source)
    select 'c' || i, 'sandbox', 'enable_mfa', 'agent' from generate_series(1, 2) i`);
  await db.close();
});
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('bulwark sql on the embedded database (opened directly)', () => {
  it('prints a psql-style table', async () => {
    const res = await sql([`select 1 as n, 'ab' as name, null as nothing`]);
    expect(res).toMatchObject({ code: 0, err: '' });
    expect(res.out).toBe(' n | name | nothing\n---+------+---------\n 1 | ab   |\n(1 row)\n');
  });

  it('runs the four evaluation queries, each under its title', async () => {
    const res = await sql(['--eval-queries']);
    expect(res.code).toBe(0);
    for (const title of Object.values(EVAL_QUERY_TITLES)) expect(res.out).toContain(`-- ${title}\n`);
    for (const column of ['gate_pass_rate', 'p95_breakage_risk', 'avg_reward', 'action_id']) expect(res.out).toContain(column);
    expect(res.out).toContain(' enable_mfa | 2\n(1 row)');
  });

  it('bad SQL: the server error, exit 1; usage: exit 2', async () => {
    expect(await sql(['selec 1'])).toMatchObject({ code: 1, err: expect.stringContaining('syntax error at or near "selec"') });
    expect((await sql([])).code).toBe(2);
    expect((await sql(['select 1', 'select 2'])).code).toBe(2);
    expect((await sql(['--eval-queries', 'select 1'])).code).toBe(2);
  });

  it('held by another process: goes to its PGLITE_PORT, or says how to get there when that is off', async () => {
    // The parent process (alive) stands in for a running `bulwark start`.
    writeFileSync(join(dataDir, 'bulwark.lock'), JSON.stringify({ pid: process.ppid, holder: 'bulwark start' }));
    const pglite = await PGlite.create('memory://');
    const socket = await servePgliteSocket(pglite, 0);
    try {
      const off = await sql(['select 1'], parseConfig({ BULWARK_DATA_DIR: dataDir, PGLITE_PORT: 'off' }));
      expect(off.code).toBe(1);
      expect(off.err).toMatch(/held by bulwark start \(pid \d+\) and PGLITE_PORT is off: stop it/);
      const viaSocket = await sql([`select 'through the socket' as via`], parseConfig({ BULWARK_DATA_DIR: dataDir, PGLITE_PORT: String(socket.port) }));
      expect(viaSocket).toMatchObject({ code: 0, out: expect.stringContaining(' through the socket\n(1 row)') });
    } finally {
      rmSync(join(dataDir, 'bulwark.lock'));
      await socket.stop();
      await pglite.close();
    }
  });
});

describe('bulwark sql on DATABASE_URL', () => {
  let pg: TestPostgres;
  beforeAll(async () => {
    pg = await createTestPostgres();
  });
  afterAll(() => pg?.close());

  it('queries Postgres', async () => {
    const res = await sql(['select count(*) as c from decisions'], parseConfig({ BULWARK_DATA_DIR: dataDir, DATABASE_URL: pg.url }));
    expect(res).toMatchObject({ code: 0, out: ' c\n---\n 0\n(1 row)\n' });
  });
});
