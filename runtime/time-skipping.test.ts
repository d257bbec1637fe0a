// The Java time-skipping test server only accepts custom search attributes after they are
// registered; createTimeSkippingEnv() does that. This proves it end to end.
import { fileURLToPath } from 'node:url';
import { bundleWorkflowCode, Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SA } from '../temporal/ids';
import { createTimeSkippingEnv } from '../test/support/temporal';
import type { TestWorkflowEnvironment } from '@temporalio/testing';

describe('createTimeSkippingEnv', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    const t0 = Date.now();
    env = await createTimeSkippingEnv();
    console.log(`time-skipping test server ready in ${Date.now() - t0} ms at ${env.address}`);
  });
  afterAll(() => env?.teardown());

  it('accepts workflows started with and upserting Bulwark search attributes, and skips time', async () => {
    const workflowBundle = await bundleWorkflowCode({
      workflowsPath: fileURLToPath(new URL('./testdata/search-attribute-workflow.ts', import.meta.url)),
      logger: { info() {}, warn() {}, error() {}, debug() {}, trace() {}, log() {} },
    });
    const worker = await Worker.create({ connection: env.nativeConnection, taskQueue: 'sa-probe', workflowBundle });
    const started = Date.now();
    const result = await worker.runUntil(async () => {
      const handle = await env.client.workflow.start('upsertAndSleep', {
        taskQueue: 'sa-probe',
        workflowId: 'sa-probe-1',
        typedSearchAttributes: [{ key: SA.kind, value: 'bare-noop' }],
      });
      return { value: await handle.result(), described: await handle.describe() };
    });
    expect(Date.now() - started).toBeLessThan(30_000); // a day of sleep was skipped
    expect(result.value).toEqual({ BulwarkKind: 'bare-noop', BulwarkOutcome: 'done' });
    expect(result.described.typedSearchAttributes.get(SA.outcome)).toBe('done');
  });
});
