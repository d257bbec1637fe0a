// Executes a structurally-changed statement in an embedded Postgres (PGlite) seeded with
// canary rows, inside a transaction that is always rolled back, and reports what leaked or
// changed. One database per process (startup costs ~2 s); it is rebuilt if a payload
// managed to commit (e.g. "; COMMIT; DROP TABLE users").
import { PGlite } from '@electric-sql/pglite';

export const CANARY_SECRET = 'CANARY-7f3a9c-do-not-leak';
const SEED = `
  CREATE TABLE users (id int PRIMARY KEY, name text, password text, tenant_id int, active boolean);
  INSERT INTO users VALUES
    (1, 'alice', 'alice-pw', 1, true),
    (2, 'bob', 'bob-pw', 1, true),
    (3, 'canary_admin', '${CANARY_SECRET}', 2, true);
  -- Time-based payloads must not stall the sandbox: PGlite runs single-threaded and does not
  -- honour statement_timeout, so sleeps resolve to these recording stubs (search_path puts
  -- this schema before pg_catalog). Schema-qualified sleeps are refused before execution.
  CREATE SCHEMA sbx;
  CREATE TABLE sbx.sleeps (seconds float8);
  CREATE FUNCTION sbx.pg_sleep(float8) RETURNS void LANGUAGE sql AS 'INSERT INTO sbx.sleeps VALUES ($1)';
  CREATE FUNCTION sbx.pg_sleep_for(interval) RETURNS void LANGUAGE sql AS 'INSERT INTO sbx.sleeps VALUES (extract(epoch FROM $1))';
  CREATE FUNCTION sbx.pg_sleep_until(timestamptz) RETURNS void LANGUAGE sql AS 'INSERT INTO sbx.sleeps VALUES (-1)';
`;
const FINGERPRINT_SQL = `SELECT count(*)::int AS n, string_agg(id || ':' || name || ':' || password, ',' ORDER BY id) AS s FROM users`;

let db: Promise<PGlite> | undefined;
let seedFingerprint: string | undefined;

async function open(): Promise<PGlite> {
  const pg = new PGlite();
  await pg.exec(SEED);
  seedFingerprint = JSON.stringify((await pg.query(FINGERPRINT_SQL)).rows);
  return pg;
}

async function fingerprint(pg: PGlite): Promise<string> {
  try {
    return JSON.stringify((await pg.query(FINGERPRINT_SQL)).rows);
  } catch (e) {
    return `error: ${(e as Error).message}`;
  }
}

export interface Execution {
  ran: boolean;
  rows: number;
  canaryLeaked: boolean;
  changed: boolean;
  sleeps: number[];
  error?: string;
  /** SQLSTATE of the error, e.g. 42703 undefined column. */
  errorCode?: string;
  notes: string[];
}

/** Runs `sql` (possibly several statements) and rolls back. `intendedRows` = what the template returns. */
export async function execute(sql: string, intendedRows: number): Promise<Execution> {
  db ??= open();
  const pg = await db;
  const notes: string[] = [];
  let rows = 0;
  let canaryLeaked = false;
  let error: string | undefined;
  let errorCode: string | undefined;
  let changed = false;
  let sleeps: number[] = [];
  await pg.exec(`BEGIN; SET LOCAL statement_timeout = '1s'; SET LOCAL search_path = sbx, public, pg_catalog;`);
  try {
    const results = await pg.exec(sql);
    for (const r of results) {
      rows += r.rows.length;
      if (JSON.stringify(r.rows).includes(CANARY_SECRET) || JSON.stringify(r.rows).includes('canary_admin')) canaryLeaked = true;
    }
    changed = (await fingerprint(pg)) !== seedFingerprint;
    sleeps = (await pg.query<{ seconds: number }>('SELECT seconds FROM sbx.sleeps')).rows.map((r) => r.seconds);
  } catch (e) {
    error = (e as Error).message;
    errorCode = (e as { code?: string }).code;
    // Error-based extraction: the message itself carries the secret (CAST((SELECT password …) AS int)).
    if (error.includes(CANARY_SECRET)) canaryLeaked = true;
  }
  await pg.exec('ROLLBACK').catch(() => undefined);
  // A payload that COMMITs escapes the rollback; rebuild rather than trust the database.
  if ((await fingerprint(pg)) !== seedFingerprint) {
    notes.push('payload committed changes past the sandbox transaction; database rebuilt');
    changed = true;
    db = open();
    await pg.close().catch(() => undefined);
  }
  if (rows > intendedRows) notes.push(`returned ${rows} rows, template returns at most ${intendedRows}`);
  return { ran: error === undefined, rows, canaryLeaked, changed, sleeps, error, errorCode, notes };
}

export async function closeCanaryDb(): Promise<void> {
  const pending = db;
  db = undefined;
  if (pending) await (await pending).close().catch(() => undefined);
}
