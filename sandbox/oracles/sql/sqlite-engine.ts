// SQLite itself (sql.js: the SQLite C library compiled to WebAssembly, in this worker, with no
// file system or network of its own) holding the same canary rows as the Postgres sandbox. A
// statement runs in a transaction that is always rolled back; a payload that commits past it
// gets the database rebuilt. SQLite has no interrupt in sql.js's API: the oracle host's
// watchdog kills the engine past the statement timeout (bounded/host.ts), SQLite's own
// hard_heap_limit caps its memory, and the caller still never runs recursive CTEs (judged from the tree).
import { createRequire } from 'node:module';
import initSqlJs, { type Database } from 'sql.js';
import { oracleBounds } from '../../../config/config';
import { engineBoot, watchedExec } from '../bounded/watch';

export const SQLITE_CANARY = 'CANARY-sqlite-5d1e-do-not-leak';
const SEED = `
  CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT, password TEXT, tenant_id INTEGER, active INTEGER);
  INSERT INTO users VALUES (1, 'alice', 'alice-pw', 1, 1), (2, 'bob', 'bob-pw', 1, 1), (3, 'canary_admin', '${SQLITE_CANARY}', 2, 1);
`;
const FINGERPRINT = `SELECT count(*) || ':' || group_concat(id || ':' || name || ':' || password, ',') FROM (SELECT * FROM users ORDER BY id)`;

const require = createRequire(import.meta.url);
let engine: Promise<{ db: Database; seed: string }> | undefined;
let booted: { db: Database; seed: string } | undefined;

async function open() {
  const SQL = await initSqlJs({ locateFile: () => require.resolve('sql.js/dist/sql-wasm.wasm') });
  const db = new SQL.Database();
  // SQLite fails an allocation past this with "out of memory" (an error, nothing more runs).
  db.run(`PRAGMA hard_heap_limit = ${Math.floor((oracleBounds().SANDBOX_ENGINE_MEMORY_MB * 1024 * 1024) / 4)}`);
  db.run(SEED);
  return { db, seed: fingerprint(db) };
}

function fingerprint(db: Database): string {
  try {
    return JSON.stringify(db.exec(FINGERPRINT)[0]?.values ?? []);
  } catch (e) {
    return `error: ${(e as Error).message}`;
  }
}

export interface SqliteRun {
  ran: boolean;
  rows: number;
  canaryLeaked: boolean;
  changed: boolean;
  error?: string;
}

/** Runs `sql` (one or more statements) against the canary database and rolls back; `context` names the template for the watchdog. */
export async function executeSqlite(sql: string, context = 'statement'): Promise<SqliteRun> {
  if (!booted) {
    engine ??= open();
    booted = await engineBoot(() => engine!);
  }
  const { db, seed } = booted;
  let rows = 0;
  let canaryLeaked = false;
  let error: string | undefined;
  let changed = false;
  db.run('BEGIN');
  try {
    for (const r of await watchedExec('sqlite', context, () => db.exec(sql))) {
      rows += r.values.length;
      const text = JSON.stringify(r.values);
      if (text.includes(SQLITE_CANARY) || text.includes('canary_admin')) canaryLeaked = true;
    }
    changed = fingerprint(db) !== seed;
  } catch (e) {
    error = (e as Error).message;
    if (error.includes(SQLITE_CANARY)) canaryLeaked = true;
  }
  try {
    db.run('ROLLBACK');
  } catch {
    // The payload ended the transaction itself (COMMIT / ROLLBACK): checked below.
  }
  if (fingerprint(db) !== seed) {
    changed = true;
    db.close();
    booted = undefined;
    engine = open();
  }
  return { ran: error === undefined, rows, canaryLeaked, changed, error };
}
