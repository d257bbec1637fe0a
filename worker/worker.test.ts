// Each worker's slot limits come from the config: the sandbox queue's activities (an isolate with
// its parsers each) are capped separately from the other queues', so a burst of evidence queues on
// the server instead of time-slicing a hundred sandboxes on two cores.
import { msToTs } from '@temporalio/common/lib/time';
import { NativeConnection, type Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TASK_QUEUES } from '../temporal/ids';
import { connectTestEnv } from '../test/support/temporal';
import type { ActivityDeps } from '../activities';
import { createWorkers } from './worker';

// A namespace of its own: these workers are started (to release them) on the real queue names,
// and must not take another test's tasks.
const namespace = 'bulwark-worker-options-test';
let connection: NativeConnection;
beforeAll(async () => {
  const env = await connectTestEnv();
  try {
    await env.connection.workflowService.registerNamespace({ namespace, workflowExecutionRetentionPeriod: msToTs('1 day') });
  } catch (e) {
    if (!/already exists/i.test(String(e))) throw e;
  }
  connection = await NativeConnection.connect({ address: env.connection.options.address });
  await env.teardown();
}, 60_000);
afterAll(() => connection?.close());

/** Starts and at once stops each worker, so the connection can close. */
const release = (workers: Worker[]) => Promise.all(workers.map((w) => w.runUntil(Promise.resolve())));

const slots = (w: Worker, kind: 'activityTaskSlotSupplier' | 'workflowTaskSlotSupplier') => {
  const s = w.options.tuner[kind];
  return s.type === 'fixed-size' ? s.numSlots : undefined;
};

describe('createWorkers', () => {
  it('caps sandbox activities, other activities and workflow tasks per queue as configured', async () => {
    const deps = {} as ActivityDeps; // no activity runs: only the workers' options are read
    const workers = await createWorkers({
      connection,
      namespace,
      deps,
      queues: ['sandbox', 'threat'],
      maxConcurrentWorkflowTaskExecutions: 7,
      maxConcurrentSandboxActivities: 2,
      maxConcurrentActivities: 5,
    });
    const byQueue = Object.fromEntries(workers.map((w) => [w.options.taskQueue, w]));
    expect(slots(byQueue[TASK_QUEUES.sandbox], 'activityTaskSlotSupplier')).toBe(2);
    expect(slots(byQueue[TASK_QUEUES.threat], 'activityTaskSlotSupplier')).toBe(5);
    expect(slots(byQueue[TASK_QUEUES.threat], 'workflowTaskSlotSupplier')).toBe(7);
    await release(workers);
  }, 120_000);

  it('keeps the SDK defaults when no limits are given', async () => {
    const [w] = await createWorkers({ connection, namespace, deps: {} as ActivityDeps, queues: ['sandbox'] });
    expect(slots(w, 'activityTaskSlotSupplier')).toBe(100);
    await release([w]);
  }, 120_000);
});
