import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_BACKENDS, createTestPostgres, type TestDb } from '../test/support/db';
import { createDb, MIGRATIONS_FOLDER, type Db, type DbHandle } from './client';
import { isUniqueViolation } from './errors';
import { agentState, executions } from './schema';

const journal = JSON.parse(readFileSync(join(MIGRATIONS_FOLDER, 'meta/_journal.json'), 'utf8')) as {
  entries: unknown[];
};

async function appliedMigrations(h: Pick<DbHandle, 'execute'>): Promise<number> {
  const [row] = await h.execute('select count(*) as n from drizzle.__drizzle_migrations');
  return row.n as number;
}

async function userTables(h: Pick<DbHandle, 'execute'>): Promise<string[]> {
  const rows = await h.execute(
    `select table_name from information_schema.tables where table_schema = 'public' order by 1`,
  );
  return rows.map((r) => r.table_name as string);
}

describe('migrations on Postgres', () => {
  let t: Awaited<ReturnType<typeof createTestPostgres>>;
  beforeAll(async () => {
    t = await createTestPostgres();
  });
  afterAll(() => t?.close());

  it('re-running migrations against a migrated database is a no-op', async () => {
    const again = await createDb({ databaseUrl: t.url });
    const andAgain = await createDb({ databaseUrl: t.url });
    expect(await appliedMigrations(andAgain)).toBe(journal.entries.length);
    expect(await userTables(again)).toContain('executions');
    await Promise.all([again.close(), andAgain.close()]);
  });

  it('several processes migrating a fresh database at once all succeed (advisory lock)', async () => {
    await t.execute('drop schema drizzle cascade');
    await t.execute('drop schema public cascade');
    await t.execute('create schema public');
    const handles = await Promise.all(Array.from({ length: 4 }, () => createDb({ databaseUrl: t.url, maxConnections: 1 })));
    expect(await appliedMigrations(handles[0])).toBe(journal.entries.length);
    expect(await userTables(handles[0])).toContain('agent_state');
    await Promise.all(handles.map((h) => h.close()));
  });
});

describe('migrations on PGlite', () => {
  it('creates a missing data dir, and reopening it re-runs migrations as a no-op', async () => {
    const root = mkdtempSync(join(tmpdir(), 'bulwark-pglite-'));
    const dir = join(root, 'nested', 'data');
    try {
      const first = await createDb({ pglitePath: dir });
      expect(first.kind).toBe('pglite');
      await first.db.insert(agentState).values({ environment: 'e', version: 1, algorithm: 'linucb', state: {} });
      await first.close();

      const second = await createDb({ pglitePath: dir });
      expect(await appliedMigrations(second)).toBe(journal.entries.length);
      expect(await second.db.select().from(agentState)).toHaveLength(1);
      await second.close();
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

function execution(key: string) {
  return {
    workflowId: key.split(':')[0],
    idempotencyKey: key,
    kind: 'apply',
    mode: 'sandbox',
    status: 'applied',
    actionId: 'restrict_ingress',
    target: 'svc/payments',
    params: { cidrs: ['10.0.0.0/8'] },
  };
}

describe.each(TEST_BACKENDS)('schema constraints ($name)', ({ name, create }) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await create();
  });
  afterAll(() => t?.close());

  it('uses the expected driver and has every migration applied', async () => {
    expect(t.kind).toBe(name);
    expect(await appliedMigrations(t)).toBe(journal.entries.length);
  });

  it('rejects a duplicate executions idempotency key', async () => {
    await t.db.insert(executions).values(execution('wf-1:apply'));
    const dup = t.db.insert(executions).values({ ...execution('wf-1:apply'), status: 'recommended' });
    const err = await dup.then(() => undefined, (e: unknown) => e);
    expect(isUniqueViolation(err, 'executions_idempotency_uq')).toBe(true);

    // The retry-safe pattern: insert-or-nothing, then read the earlier row.
    const inserted = await t.db
      .insert(executions)
      .values(execution('wf-1:apply'))
      .onConflictDoNothing({ target: executions.idempotencyKey })
      .returning();
    expect(inserted).toEqual([]);
    const rows = await t.db.select().from(executions).where(eq(executions.idempotencyKey, 'wf-1:apply'));
    expect(rows).toHaveLength(1);
    expect(rows[0].status).toBe('applied');
    expect(rows[0].params).toEqual({ cidrs: ['10.0.0.0/8'] });
    expect(rows[0].ts).toBeInstanceOf(Date);
  });

  it('keeps agent_state (environment, version) unique', async () => {
    const v = (environment: string, version: number) => ({ environment, version, algorithm: 'linucb', state: { a: [1] } });
    await t.db.insert(agentState).values([v('prod', 1), v('prod', 2), v('staging', 1)]);
    const err = await t.db.insert(agentState).values(v('prod', 2)).then(() => undefined, (e: unknown) => e);
    expect(isUniqueViolation(err, 'agent_state_env_version_uq')).toBe(true);
    expect(await t.db.select().from(agentState).where(eq(agentState.environment, 'prod'))).toHaveLength(2);
  });

  it('rolls a failed transaction back and commits a good one (tx is a Db)', async () => {
    const insertVia = (db: Db, key: string) => db.insert(executions).values(execution(key));
    const failed = t.db.transaction(async (tx) => {
      await insertVia(tx, 'wf-2:apply');
      await insertVia(tx, 'wf-1:apply'); // duplicate → whole transaction rolls back
    });
    await expect(failed).rejects.toSatisfy((e: unknown) => isUniqueViolation(e));
    await t.db.transaction(async (tx) => {
      await insertVia(tx, 'wf-3:apply');
      await tx.transaction(async (inner) => insertVia(inner, 'wf-3:compensate')); // savepoint
    });
    const keys = (await t.db.select({ k: executions.idempotencyKey }).from(executions)).map((r) => r.k).sort();
    expect(keys).toEqual(['wf-1:apply', 'wf-3:apply', 'wf-3:compensate']);
  });
});
