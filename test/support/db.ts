import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { inject } from 'vitest';
import { createDb, type Db, type DbHandle } from '../../db/client';

export interface TestDb {
  db: Db;
  kind: DbHandle['kind'];
  execute: DbHandle['execute'];
  /** Closes the connection(s); for Postgres also drops the test database. */
  close(): Promise<void>;
}

export interface TestPostgres extends TestDb {
  /** URL of the fresh, migrated test database (open more handles with createDb). */
  url: string;
}

/**
 * Superuser URL of the test server, provided by test/global-setup.ts (`inject('postgresUrl')`),
 * or TEST_DATABASE_URL when running outside that setup.
 */
export function testPostgresUrl(): string {
  let url: string | undefined;
  try {
    url = inject('postgresUrl');
  } catch {
    url = undefined; // not running inside a vitest worker
  }
  url ||= process.env.TEST_DATABASE_URL;
  if (!url) {
    throw new Error('No test Postgres: test/global-setup.ts must provide("postgresUrl", url), or set TEST_DATABASE_URL');
  }
  return url;
}

/** Creates a fresh uniquely named database on the test server, migrated; `close()` drops it. */
export async function createTestPostgres(): Promise<TestPostgres> {
  const adminUrl = testPostgresUrl();
  const name = `bulwark_test_${process.pid}_${randomBytes(6).toString('hex')}`;
  await admin(adminUrl, `CREATE DATABASE "${name}"`);
  const url = withDatabase(adminUrl, name);
  let handle: DbHandle;
  try {
    handle = await createDb({ databaseUrl: url, maxConnections: 5 });
  } catch (err) {
    await dropDatabase(adminUrl, name).catch(() => {});
    throw err;
  }
  let closed = false;
  return {
    url,
    db: handle.db,
    kind: handle.kind,
    execute: handle.execute,
    async close() {
      if (closed) return;
      closed = true;
      await handle.close();
      await dropDatabase(adminUrl, name);
    },
  };
}

let pgliteTemplate: Promise<Blob> | undefined;

/**
 * In-memory PGlite, migrated. The first call per module instance migrates a template and
 * dumps it; later calls load that dump (about twice as fast as a fresh init + migrate).
 */
export async function createTestPglite(): Promise<TestDb> {
  pgliteTemplate ??= (async () => {
    const template = await createDb({ pglitePath: 'memory://' });
    try {
      const pg = (template.db as unknown as { $client: { dumpDataDir(c: 'none'): Promise<Blob> } }).$client;
      return await pg.dumpDataDir('none');
    } finally {
      await template.close();
    }
  })();
  let dump: Blob;
  try {
    dump = await pgliteTemplate;
  } catch (err) {
    pgliteTemplate = undefined;
    throw err;
  }
  const handle = await createDb({ pglitePath: 'memory://', pgliteLoadDataDir: dump });
  let closed = false;
  return {
    db: handle.db,
    kind: handle.kind,
    execute: handle.execute,
    async close() {
      if (closed) return;
      closed = true;
      await handle.close();
    },
  };
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

async function admin(adminUrl: string, sqlText: string): Promise<void> {
  const sql = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    await sql.unsafe(sqlText);
  } finally {
    await sql.end({ timeout: 5 });
  }
}

function dropDatabase(adminUrl: string, name: string): Promise<void> {
  return admin(adminUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
}

/** Both backends, for `describe.each(TEST_BACKENDS)('... ($name)', ({ create }) => ...)`. */
export const TEST_BACKENDS = [
  { name: 'postgres' as const, create: createTestPostgres as () => Promise<TestDb> },
  { name: 'pglite' as const, create: createTestPglite },
];
