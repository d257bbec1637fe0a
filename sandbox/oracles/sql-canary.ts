// Executes a structurally-changed statement in an embedded Postgres (PGlite) seeded with
// canary rows, inside a transaction that is always rolled back, and reports what leaked or
// changed. One database per process (startup costs ~2 s); it is rebuilt if a payload
// managed to commit (e.g. "; COMMIT; DROP TABLE users").
import { PGlite } from '@electric-sql/pglite';
import { oracleBounds } from '../../config/config';
import { engineBoot, watchedExec } from './bounded/watch';

export const CANARY_SECRET = 'CANARY-7f3a9c-do-not-leak';
const SEED = `
  CREATE TABLE users (id int PRIMARY KEY, name text, password text, tenant_id int, active boolean);
  INSERT INTO users VALUES
    (1, 'alice', 'alice-pw', 1, true),
    (2, 'bob', 'bob-pw', 1, true),
    (3, 'canary_admin', '${CANARY_SECRET}', 2, true);
  -- Time-based payloads must not stall the sandbox: PGlite runs single-threaded and does not
  -- honour statement_timeout (the oracle host's watchdog enforces it, bounded/host.ts), so sleeps resolve to these recording stubs (search_path puts
  -- this schema before pg_catalog). Schema-qualified sleeps are refused before execution.
  CREATE SCHEMA sbx;
  CREATE TABLE sbx.sleeps (seconds float8);
  CREATE FUNCTION sbx.pg_sleep(float8) RETURNS void LANGUAGE sql AS 'INSERT INTO sbx.sleeps VALUES ($1)';
  CREATE FUNCTION sbx.pg_sleep_for(interval) RETURNS void LANGUAGE sql AS 'INSERT INTO sbx.sleeps VALUES (extract(epoch FROM $1))';
  CREATE FUNCTION sbx.pg_sleep_until(timestamptz) RETURNS void LANGUAGE sql AS 'INSERT INTO sbx.sleeps VALUES (-1)';
`;
const FINGERPRINT_SQL = `SELECT count(*)::int AS n, string_agg(id || ':' || name || ':' || password, ',' ORDER BY id) AS s FROM users`;
/** FINGERPRINT_SQL's answer on the seed above: what a snapshot must hold to be used. */
const SEED_FINGERPRINT = JSON.stringify([{ n: 3, s: `1:alice:alice-pw,2:bob:bob-pw,3:canary_admin:${CANARY_SECRET}` }]);
/** Nothing but the seed's objects: one table in public, three sleep stubs and their empty table in sbx. */
const SEED_SHAPE_SQL = `SELECT (SELECT count(*)::int FROM pg_tables WHERE schemaname = 'public') AS tables,
  (SELECT count(*)::int FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'sbx') AS stubs,
  (SELECT count(*)::int FROM sbx.sleeps) AS sleeps`;

let db: Promise<PGlite> | undefined;
let booted: PGlite | undefined;
let seedFingerprint: string | undefined;

/** The canary database, booted outside the call's time bound (start-up does not depend on the payload). */
async function engine(): Promise<PGlite> {
  if (booted) return booted;
  db ??= open();
  booted = await engineBoot(() => db!);
  return booted;
}

/** Booted from a snapshot of the seeded database (skipping initdb, ~3× faster) when one is set and checks out. */
let snapshot: Uint8Array | undefined;
/** How the current canary database was made: from the snapshot, or by initdb and the seed. */
export let canaryBootedFrom: 'snapshot' | 'initdb' | undefined;

/**
 * Boot later canary databases of this thread from `bytes`: a `seededDataDir()` tarball made where
 * no payload ever ran (sandbox/warm/canary-snapshot.ts). It is checked on every boot and used
 * only if it holds exactly the seed; otherwise the database is made afresh. undefined: initdb.
 */
export function useCanarySnapshot(bytes: Uint8Array | undefined): void {
  snapshot = bytes;
}

/** A freshly seeded canary database's data directory (PGlite dumpDataDir, uncompressed tar, ~40 MB). */
export async function seededDataDir(): Promise<Uint8Array> {
  const pg = new PGlite();
  try {
    await pg.exec(SEED);
    return new Uint8Array(await (await pg.dumpDataDir('none')).arrayBuffer());
  } finally {
    await pg.close();
  }
}

async function fromSnapshot(bytes: Uint8Array): Promise<PGlite | undefined> {
  let pg: PGlite | undefined;
  try {
    pg = new PGlite({ loadDataDir: new Blob([bytes]) });
    const [shape] = (await pg.query<{ tables: number; stubs: number; sleeps: number }>(SEED_SHAPE_SQL)).rows;
    if ((await fingerprint(pg)) === SEED_FINGERPRINT && shape.tables === 1 && shape.stubs === 3 && shape.sleeps === 0) return pg;
  } catch {
    // not a usable data directory: made afresh below
  }
  await pg?.close().catch(() => undefined);
  return undefined;
}

async function open(): Promise<PGlite> {
  let pg = snapshot ? await fromSnapshot(snapshot) : undefined;
  canaryBootedFrom = pg ? 'snapshot' : 'initdb';
  if (!pg) {
    pg = new PGlite();
    await pg.exec(SEED);
  }
  seedFingerprint = await fingerprint(pg);
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

/**
 * Runs `sql` (possibly several statements) and rolls back. `intendedRows` = what the template
 * returns; `context` names the template for the watchdog (a statement past
 * SANDBOX_STATEMENT_TIMEOUT_MS is killed with its engine and reported as a finding).
 */
export async function execute(sql: string, intendedRows: number, context = 'statement'): Promise<Execution> {
  const pg = await engine();
  const { SANDBOX_STATEMENT_TIMEOUT_MS: timeoutMs } = oracleBounds();
  const notes: string[] = [];
  let rows = 0;
  let canaryLeaked = false;
  let error: string | undefined;
  let errorCode: string | undefined;
  let changed = false;
  let sleeps: number[] = [];
  // Postgres' own limits too, though PGlite's wasm build fires no timer mid-statement: work_mem
  // and temp_file_limit bound sorts, hashes and temp files (PGlite's files live in memory).
  await pg.exec(
    `BEGIN; SET LOCAL statement_timeout = '${timeoutMs}ms'; SET LOCAL work_mem = '4MB'; SET LOCAL temp_file_limit = '64MB'; SET LOCAL search_path = sbx, public, pg_catalog;`,
  );
  try {
    const results = await watchedExec('postgres', context, () => pg.exec(sql));
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
    booted = undefined;
    db = open();
    await pg.close().catch(() => undefined);
  }
  if (rows > intendedRows) notes.push(`returned ${rows} rows, template returns at most ${intendedRows}`);
  return { ran: error === undefined, rows, canaryLeaked, changed, sleeps, error, errorCode, notes };
}

export async function closeCanaryDb(): Promise<void> {
  const pending = db;
  db = undefined;
  booted = undefined;
  if (pending) await (await pending).close().catch(() => undefined);
}
