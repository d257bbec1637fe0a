// Database errors that no retry can fix become non-retryable typed failures (databaseFailure,
// applied to every activity by the worker interceptor). Real errors from real activities, on
// Postgres and PGlite: a NUL in a text column, a NUL in jsonb, a constraint violation.
import { ApplicationFailure } from '@temporalio/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertEnvironment } from '../repo/hardening/environments';
import { createTestPglite, createTestPostgres, type TestDb } from '../test/support/db';
import { PROFILES } from '../workflows/activity-profiles';
import { DATABASE_FAILURE_TYPES, databaseFailure } from './failures';
import { createRecordActivities } from './hardening/records';
import { SANDBOX_YAML } from '../api/test-support';

async function thrown(fn: () => Promise<unknown>): Promise<unknown> {
  try {
    await fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected the call to fail');
}

const cycle = (workflowId: string, requester: string) => ({
  workflowId,
  environment: 'sandbox',
  requester,
  trigger: 'test' as const,
  mode: 'sandbox' as const,
});

describe.each(['postgres', 'pglite'] as const)('databaseFailure on %s', (kind) => {
  let db: TestDb;
  beforeAll(async () => {
    db = kind === 'postgres' ? await createTestPostgres() : await createTestPglite();
    await upsertEnvironment(db.db, SANDBOX_YAML);
  });
  afterAll(() => db?.close());

  it('a NUL in a text column (recordCycleStarted) → DataException, non-retryable, SQLSTATE in details', async () => {
    const err = await thrown(() => createRecordActivities({ db: db.db }).recordCycleStarted(cycle('wf-nul', 'ali\u0000ce')));
    const failure = databaseFailure(err);
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect({ type: failure!.type, nonRetryable: failure!.nonRetryable }).toEqual({ type: 'DataException', nonRetryable: true });
    expect(failure!.details?.[0]).toMatchObject({ sqlstate: expect.stringMatching(/^22/) });
    expect(await db.execute(`select count(*)::int as n from cycles where workflow_id = 'wf-nul'`)).toEqual([{ n: 0 }]);
  });

  it('a NUL in a jsonb value → DataException', async () => {
    const err = await thrown(() => db.execute(`insert into telemetry (environment, signals) values ('sandbox', $1::jsonb)`, ['{"x":"a\\u0000b"}']));
    expect(databaseFailure(err)?.type).toBe('DataException');
  });

  it('a constraint violation → ConstraintViolation naming the constraint', async () => {
    const err = await thrown(() => db.execute(`insert into telemetry (environment, signals) values ('atlantis', '{}'::jsonb)`));
    const failure = databaseFailure(err);
    expect(failure?.type).toBe('ConstraintViolation');
    expect(failure?.details?.[0]).toMatchObject({ sqlstate: '23503' });
  });

  it('a syntax error in the statement → InvalidStatement; a missing table stays retryable (deploy order)', async () => {
    expect(databaseFailure(await thrown(() => db.execute('selec 1')))?.type).toBe('InvalidStatement');
    expect(databaseFailure(await thrown(() => db.execute('select * from no_such_table')))).toBeUndefined();
  });
});

describe('databaseFailure leaves the rest alone', () => {
  it.each([
    ['serialization failure', { code: '40001', message: 'could not serialize access' }],
    ['deadlock', { code: '40P01', message: 'deadlock detected' }],
    ['connection lost', { code: '08006', message: 'connection failure' }],
    ['admin shutdown', { code: '57P01', message: 'terminating connection' }],
    ['not a database error', new Error('ECONNRESET')],
    ['already a typed failure', ApplicationFailure.create({ type: 'InvalidInput', message: 'x', nonRetryable: true })],
  ])('%s → undefined (retried as before)', (_name, err) => {
    const wrapped = err instanceof Error ? err : Object.assign(new Error('query failed'), { cause: err });
    expect(databaseFailure(wrapped)).toBeUndefined();
  });

  it('every profile lists the database failure types as non-retryable', () => {
    for (const [name, profile] of Object.entries(PROFILES)) {
      for (const type of DATABASE_FAILURE_TYPES) expect(profile.retry.nonRetryableErrorTypes, name).toContain(type);
    }
  });
});
