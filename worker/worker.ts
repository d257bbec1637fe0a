import { fileURLToPath } from 'node:url';
import { existsSync } from 'node:fs';
import { NativeConnection, Worker, bundleWorkflowCode, type WorkflowBundleOption } from '@temporalio/worker';
import { createQueueActivities, type ActivityDeps } from '../activities';
import { TASK_QUEUES, type TaskQueueName } from '../temporal/ids';
import { WORKER_INTERCEPTORS } from './interceptors';

export { WORKER_INTERCEPTORS };

export const WORKFLOWS_PATH = fileURLToPath(new URL('../workflows/index.ts', import.meta.url));

// Defined (true) only in the compiled CLI, dist/bulwark.mjs (ops/build.mjs), which ships the
// workflow code prebuilt beside it; bin/bulwark.mjs runs dist only while every source of both is older.
declare const BULWARK_PREBUILT_WORKFLOWS: boolean | undefined;
const PREBUILT_PATH = fileURLToPath(new URL('../dist/workflow-bundle.js', import.meta.url));

let cachedBundle: Promise<WorkflowBundleOption> | undefined;

/**
 * The workflow code for Worker.create: dist/workflow-bundle.js when running compiled, otherwise
 * bundled once per process from workflows/index.ts (webpack is the slow part of worker start-up).
 */
export function workflowBundle(): Promise<WorkflowBundleOption> {
  if (typeof BULWARK_PREBUILT_WORKFLOWS !== 'undefined' && existsSync(PREBUILT_PATH)) return Promise.resolve({ codePath: PREBUILT_PATH });
  cachedBundle ??= bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: quietLogger });
  return cachedBundle;
}

/**
 * One Worker per task queue in `queues`, each registering that queue's activities
 * (createQueueActivities). The sandbox queue runs no workflows: it only simulates exploits.
 */
export async function createWorkers(opts: {
  connection: NativeConnection;
  namespace: string;
  deps: ActivityDeps;
  queues: readonly TaskQueueName[];
  /** Workflow tasks at once per queue (WORKER_MAX_CONCURRENT_WORKFLOW_TASKS); the SDK default when unset. */
  maxConcurrentWorkflowTaskExecutions?: number;
  /** Activities at once on the sandbox queue (WORKER_MAX_CONCURRENT_SANDBOX_ACTIVITIES) and on each other queue (WORKER_MAX_CONCURRENT_ACTIVITIES); the SDK default when unset. */
  maxConcurrentSandboxActivities?: number;
  maxConcurrentActivities?: number;
}): Promise<Worker[]> {
  const bundle = await workflowBundle();
  return Promise.all(
    opts.queues.map((queue) =>
      Worker.create({
        connection: opts.connection,
        namespace: opts.namespace,
        taskQueue: TASK_QUEUES[queue],
        ...(queue === 'sandbox' ? {} : { workflowBundle: bundle }),
        ...(opts.maxConcurrentWorkflowTaskExecutions ? { maxConcurrentWorkflowTaskExecutions: opts.maxConcurrentWorkflowTaskExecutions } : {}),
        ...activityLimit(queue === 'sandbox' ? opts.maxConcurrentSandboxActivities : opts.maxConcurrentActivities),
        activities: createQueueActivities(queue, opts.deps),
        interceptors: WORKER_INTERCEPTORS,
        // Ctrl-C must not hang on a stuck activity; Temporal retries it on another worker.
        shutdownGraceTime: '10s',
      }),
    ),
  );
}

function activityLimit(n: number | undefined) {
  return n ? { maxConcurrentActivityTaskExecutions: n } : {};
}

const quietLogger = {
  log() {},
  trace() {},
  debug() {},
  info() {},
  warn(message: string) {
    console.warn(message);
  },
  error(message: string) {
    console.error(message);
  },
};
