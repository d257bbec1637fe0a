// Everything a hardening-cycle workflow test needs: a fresh database with the sample
// environments, the real policy bundle, and a worker on a task queue of its own.
import { createHarnessWorker } from './temporal';
import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import type { Registry } from 'prom-client';
import { createActivities, type Activities } from '../../activities';
import { createDb, type DbHandle } from '../../db/client';
import { loadPolicyBundle } from '../../policies/loader';
import { seedSampleEnvironments } from '../../runtime/services';
import { hardeningCycleStart, WORKFLOW_TYPES } from '../../temporal/workflows';
import type { HardeningCycleInput } from '../../workflows/hardening/hardening-cycle.defs';
import { createTestPostgres } from './db';

export interface CycleHarness {
  db: DbHandle;
  activities: Activities;
  taskQueue: string;
  newWorker(env: TestWorkflowEnvironment, activities?: Partial<Activities>): Promise<Worker>;
  startCycle(
    env: TestWorkflowEnvironment,
    input: Partial<HardeningCycleInput> & { environment: string },
  ): ReturnType<TestWorkflowEnvironment['client']['workflow']['start']>;
  close(): Promise<void>;
}

/** `metrics`: the registry the activities count into (the process registry when omitted). */
export async function createCycleHarness(opts: { database: 'postgres' | 'pglite'; drift?: boolean; metrics?: Registry }): Promise<CycleHarness> {
  const db = opts.database === 'postgres' ? await createTestPostgres() : await createDb({ pglitePath: 'memory://' });
  await seedSampleEnvironments(db.db);
  if (!opts.drift) {
    // Drift reverts a random applied control at snapshot time; tests that count control
    // versions need it off (the domain tests cover drift itself).
    await db.execute(`update environments set spec = spec - 'drift'`);
  }
  const policy = await loadPolicyBundle();
  const activities = createActivities({ db: db.db, policy, epsilon: 0.1, metrics: opts.metrics });
  const taskQueue = `test-${randomUUID()}`;
  let seq = 0;
  return {
    db,
    activities,
    taskQueue,
    newWorker: (env, overrides = {}) => createHarnessWorker(env, taskQueue, activities, overrides),
    startCycle(env, input) {
      seq += 1;
      const full: HardeningCycleInput = { requester: 'alice', trigger: 'test', mode: 'sandbox', ...input };
      return env.client.workflow.start(
        WORKFLOW_TYPES.hardeningCycle,
        hardeningCycleStart(full, { label: `t${seq}-${randomUUID().slice(0, 8)}` }, { hardening: taskQueue }),
      );
    },
    async close() {
      await db.close();
    },
  };
}

/** An environment's live controls and their version, as the executor left them. */
export async function environmentControls(db: DbHandle, name: string) {
  const [row] = await db.execute('select controls, controls_version from environments where name = $1', [name]);
  return { controls: row.controls, version: Number(row.controls_version) };
}

/** Row counts per table, to prove a step wrote (or did not write) its record. */
export async function countRows(db: DbHandle, workflowIdValue: string) {
  const tables = ['decisions', 'policy_decisions', 'simulations', 'approvals', 'executions', 'verifications', 'rewards'];
  const out: Record<string, number> = {};
  for (const t of tables) {
    const [row] = await db.execute(`select count(*)::int as n from ${t} where workflow_id = $1`, [workflowIdValue]);
    out[t] = Number(row.n);
  }
  return out;
}
