import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { PGlite } from '@electric-sql/pglite';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { log } from '../runtime/log';
import { runBeforeDbClose } from './close-hooks';
import * as schema from './schema';

/**
 * The database handle every module uses. Both drivers (postgres.js and PGlite) build a
 * `PgDatabase`, so code written against `Db` runs unchanged on either.
 * Transactions: `await db.transaction(async (tx) => { await tx.insert(...) })` — always use
 * `tx` (never `db`) inside the callback; on PGlite a `db` query there waits for the
 * transaction to finish, i.e. deadlocks.
 */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
/** The `tx` handed to `db.transaction(...)` callbacks. */
export type DbTx = Parameters<Parameters<Db['transaction']>[0]>[0];
/** `Db` or `DbTx`: accept this in helpers that may run inside or outside a transaction. */
export type DbOrTx = Db | DbTx;

export interface DbHandle {
  db: Db;
  kind: 'postgres' | 'pglite';
  /** The embedded instance when kind is 'pglite' (to serve it over the wire: runtime/pglite-socket.ts). */
  pglite?: PGlite;
  close(): Promise<void>;
  /**
   * Raw SQL (one statement), e.g. the evaluation queries. Values are normalised so both
   * drivers agree: int8/numeric/float → number, timestamp/timestamptz/date → Date,
   * json/jsonb → parsed value, bool → boolean.
   */
  execute(sqlText: string, params?: unknown[]): Promise<Record<string, unknown>[]>;
}

export interface CreateDbOptions {
  /** postgres:// URL. When set, the postgres.js driver is used. */
  databaseUrl?: string;
  /** PGlite data directory (created if missing) or 'memory://'. Default 'memory://'. */
  pglitePath?: string;
  /** Max pooled connections for postgres.js. Default 10. */
  maxConnections?: number;
  /** PGlite only: start from a `dumpDataDir()` tarball (fast test fixtures). */
  pgliteLoadDataDir?: Blob;
}

/** Resolved relative to this file, so it works whatever the process cwd is. */
export const MIGRATIONS_FOLDER = fileURLToPath(new URL('./migrations', import.meta.url));

/** Session-level advisory lock key, so concurrent starters migrate one at a time. */
const MIGRATION_LOCK_SQL = `select pg_advisory_lock(hashtext('bulwark:db:migrate'))`;
const MIGRATION_UNLOCK_SQL = `select pg_advisory_unlock(hashtext('bulwark:db:migrate'))`;

export async function createDb(opts: CreateDbOptions = {}): Promise<DbHandle> {
  return opts.databaseUrl
    ? openPostgres(opts.databaseUrl, opts.maxConnections ?? 10)
    : openPglite(opts.pglitePath ?? 'memory://', opts.pgliteLoadDataDir);
}

async function openPostgres(url: string, max: number): Promise<DbHandle> {
  const { default: postgres } = await import('postgres');
  const { drizzle } = await import('drizzle-orm/postgres-js');
  const { migrate } = await import('drizzle-orm/postgres-js/migrator');

  // Migrate on a dedicated single connection: the advisory lock is per session, and with
  // max 1 the migrator's own transaction runs on that same locked connection.
  const migrator = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await migrator.unsafe(MIGRATION_LOCK_SQL);
    try {
      await migrate(drizzle({ client: migrator }), { migrationsFolder: MIGRATIONS_FOLDER });
    } finally {
      // Ending the session releases the lock anyway; don't mask a migration error.
      await migrator.unsafe(MIGRATION_UNLOCK_SQL).catch(() => {});
    }
  } finally {
    await migrator.end({ timeout: 5 });
  }

  const client = postgres(url, { max, onnotice: () => {} });
  const db = drizzle({ client, schema });
  return {
    db,
    kind: 'postgres',
    close: once(async () => {
      await runBeforeDbClose(db, closeHookFailed);
      await client.end({ timeout: 5 });
    }),
    async execute(sqlText, params = []) {
      const res = await client.unsafe(sqlText, params as never[]);
      const types = new Map((res.columns ?? []).map((c) => [c.name, c.type]));
      return res.map((row) => normaliseRow(row, types));
    },
  };
}

async function openPglite(dataDir: string, loadDataDir?: Blob): Promise<DbHandle> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { drizzle } = await import('drizzle-orm/pglite');
  const { migrate } = await import('drizzle-orm/pglite/migrator');

  if (!dataDir.includes('://')) mkdirSync(dataDir, { recursive: true });
  const client = await PGlite.create(dataDir, loadDataDir ? { loadDataDir } : {});
  try {
    const db = drizzle({ client, schema });
    // No lock here: PGlite has no cross-process locking at all, so a data dir must only
    // ever be opened by one process at a time (a second opener gets no error).
    await migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
    return {
      db,
      kind: 'pglite',
      pglite: client,
      close: once(async () => {
        await runBeforeDbClose(db, closeHookFailed);
        await client.close();
      }),
      async execute(sqlText, params) {
        const res = await client.query<Record<string, unknown>>(sqlText, params);
        const types = new Map(res.fields.map((f) => [f.name, f.dataTypeID]));
        return res.rows.map((row) => normaliseRow(row, types));
      },
    };
  } catch (err) {
    await client.close().catch(() => {});
    throw err;
  }
}

/**
 * Rows of a `db.execute(sql\`...\`)` result. Its shape differs per driver (postgres.js: an
 * array of rows; PGlite: `{ rows, fields }`), and `Db` types it as `unknown`.
 * Values are driver-native (postgres.js: int8/numeric as strings); prefer the query builder.
 */
export function resultRows<T = Record<string, unknown>>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[];
  const rows = (result as { rows?: unknown } | null)?.rows;
  if (Array.isArray(rows)) return rows as T[];
  throw new TypeError('resultRows: not a postgres.js or PGlite query result');
}

/** A writer's last work before the close failed: said, and the handle still closes. */
function closeHookFailed(err: unknown): void {
  log('warn', 'work registered to run before the database closed failed', { error: String(err), cause: String((err as Error)?.cause ?? '') });
}

/** close() may be called more than once (e.g. afterAll plus an explicit close). */
function once(fn: () => Promise<void>): () => Promise<void> {
  let done: Promise<void> | undefined;
  return () => (done ??= fn());
}

const NUMERIC_OIDS = new Set([20, 21, 23, 26, 700, 701, 1700]); // int8 int2 int4 oid float4 float8 numeric
const DATE_OIDS = new Set([1082, 1114, 1184]); // date timestamp timestamptz
const TZLESS_OIDS = new Set([1082, 1114]);

function normaliseRow(row: Record<string, unknown>, types: Map<string, number>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) out[key] = normaliseValue(value, types.get(key));
  return out;
}

function normaliseValue(value: unknown, oid: number | undefined): unknown {
  if (value === null || value === undefined || oid === undefined) return value;
  if (NUMERIC_OIDS.has(oid) && (typeof value === 'string' || typeof value === 'bigint')) {
    return Number(value);
  }
  if (DATE_OIDS.has(oid) && typeof value === 'string') {
    if (value === 'infinity' || value === '-infinity') return value === 'infinity' ? Infinity : -Infinity;
    // Postgres text form → ISO 8601; zone-less values (date, timestamp) read as UTC, like PGlite.
    let iso = value.replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00');
    if (TZLESS_OIDS.has(oid)) iso = `${iso}${oid === 1082 ? 'T00:00:00' : ''}Z`;
    const date = new Date(iso);
    return Number.isNaN(date.getTime()) ? value : date;
  }
  return value;
}
