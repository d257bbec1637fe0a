// The saga helper, in a real workflow on the shared dev server (CancellationScope only works
// inside one): compensations run newest first, each to its end whatever the others did, each
// reported as done / nothing_to_do / failed with its reason, under the name it has when it runs,
// once, and still run when the workflow is being cancelled.
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { ApplicationFailure } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, Worker } from '@temporalio/worker';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { SagaScript, SagaTestActivities, sagaTestWorkflow } from '../test/support/saga-workflow';
import { connectTestEnv } from '../test/support/temporal';

const WORKFLOW = fileURLToPath(new URL('../test/support/saga-workflow.ts', import.meta.url));
const silent = { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} };

let env: TestWorkflowEnvironment;
let worker: Worker;
let running: Promise<void>;
const taskQueue = `saga-${randomUUID()}`;
const calls: string[] = [];

beforeAll(async () => {
  env = await connectTestEnv();
  const activities: SagaTestActivities = {
    async undo({ step, undo }) {
      await new Promise((r) => setTimeout(r, 50)); // long enough for a cancel to land meanwhile
      calls.push(step);
      if ('fail' in undo) throw ApplicationFailure.nonRetryable(undo.fail, 'InvalidInput');
      return undo.result;
    },
  };
  const workflowBundle = await bundleWorkflowCode({ workflowsPath: WORKFLOW, logger: silent });
  worker = await Worker.create({ connection: env.nativeConnection, namespace: env.namespace ?? 'default', taskQueue, workflowBundle, activities });
  running = worker.run();
}, 60_000);

afterAll(async () => {
  worker?.shutdown();
  await running;
  await env?.teardown();
});

const start = (script: SagaScript) =>
  env.client.workflow.start<typeof sagaTestWorkflow>('sagaTestWorkflow', { taskQueue, workflowId: `saga-${randomUUID()}`, args: [script] });

describe('Saga', () => {
  beforeEach(() => {
    calls.length = 0;
  });

  it('runs every compensation newest first, reports each, and a failure does not stop the rest', async () => {
    const handle = await start({
      steps: [
        { step: 'a', undo: { result: true } },
        { step: 'b', undo: { result: 'undid b' } },
        { step: 'c', undo: { result: false } },
        { step: 'd', undo: { result: { status: 'nothing_to_do', reason: 'd never ran' } } },
        { step: 'e', undo: { fail: 'e refused' } },
        { step: 'f', undo: { result: '' } },
      ],
      rename: { index: 1, to: 'b (id 7)' },
    });
    const { report, again, sizeBefore } = await handle.result();
    expect(sizeBefore).toBe(6);
    expect(calls).toEqual(['f', 'e', 'd', 'c', 'b', 'a']); // the scripts' own names: only the label changed
    expect(report.steps).toEqual([
      { step: 'f', status: 'done' },
      { step: 'e', status: 'failed', reason: expect.stringMatching(/e refused/) },
      { step: 'd', status: 'nothing_to_do', reason: 'd never ran' },
      { step: 'c', status: 'nothing_to_do' },
      { step: 'b (id 7)', status: 'done', reason: 'undid b' },
      { step: 'a', status: 'done' },
    ]);
    expect(report.compensated).toEqual(['f', 'b (id 7)', 'a']);
    expect(report.failed).toEqual([{ step: 'e', reason: expect.stringMatching(/e refused/) }]);
    // Each compensation runs once: a second call has nothing left.
    expect(again).toEqual({ steps: [], compensated: [], failed: [] });
  });

  it('still runs the compensations, to their end, when the workflow is being cancelled', async () => {
    const handle = await start({
      steps: [
        { step: 'claim', undo: { result: true } },
        { step: 'execute', undo: { result: 'restored controls v3' } },
      ],
      awaitCancel: true,
    });
    await expect.poll(async () => (await handle.describe()).status.name, { timeout: 10_000 }).toBe('RUNNING');
    await handle.cancel();
    const { report } = await handle.result();
    // In a cancelled scope the activities would fail at once with a CancelledFailure.
    expect(report.steps).toEqual([
      { step: 'execute', status: 'done', reason: 'restored controls v3' },
      { step: 'claim', status: 'done' },
    ]);
    expect(calls).toEqual(['execute', 'claim']);
  });
});
