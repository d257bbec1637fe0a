// The set-up and tear-down that workflow and API suites share, as vitest hooks. Each helper
// registers its hooks where it is called (file or describe scope) and hands the live objects
// to the suite through `set`, so a suite keeps plain `let env, h` variables.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { createApp } from '../../api/app';
import { TEST_CONFIG } from '../../api/test-support';
import { createCycleHarness, type CycleHarness } from './cycle-harness';
import { createEvidenceHarness, type EvidenceHarness } from './evidence-harness';
import { connectTestEnv } from './temporal';

/** The shared dev server and a cycle harness on `database`, for the whole suite. */
export function withCycleHarness(
  database: 'postgres' | 'pglite',
  set: (ctx: { env: TestWorkflowEnvironment; h: CycleHarness }) => void,
): void {
  let env: TestWorkflowEnvironment | undefined;
  let h: CycleHarness | undefined;
  beforeAll(async () => {
    env = await connectTestEnv();
    h = await createCycleHarness({ database });
    set({ env, h });
  });
  afterAll(async () => {
    await h?.close();
    await env?.teardown();
  });
}

/** The shared dev server for the suite, and a fresh evidence harness (own database, queue) per test. */
export function withEvidenceHarnessPerTest(set: (ctx: { env: TestWorkflowEnvironment; h: EvidenceHarness }) => void): void {
  let env: TestWorkflowEnvironment | undefined;
  let h: EvidenceHarness | undefined;
  beforeAll(async () => {
    env = await connectTestEnv();
  });
  afterAll(async () => {
    await env?.teardown();
  });
  beforeEach(async () => {
    h = await createEvidenceHarness();
    set({ env: env!, h });
  });
  afterEach(async () => {
    await h?.close();
  });
}

/** The API over a running threat worker (real sandbox, ModSecurity, gatekeeper) on the shared dev server. */
export function withThreatApi(
  set: (ctx: { env: TestWorkflowEnvironment; h: EvidenceHarness; app: ReturnType<typeof createApp> }) => void,
): void {
  let env: TestWorkflowEnvironment | undefined;
  let h: EvidenceHarness | undefined;
  let worker: Worker | undefined;
  let running: Promise<void> | undefined;
  beforeAll(async () => {
    env = await connectTestEnv();
    h = await createEvidenceHarness();
    worker = await h.newWorker(env);
    running = worker.run();
    set({ env, h, app: createApp({ db: h.db.db, temporal: env.client, config: TEST_CONFIG, objects: h.objects }) });
  });
  afterAll(async () => {
    worker?.shutdown();
    await running;
    await h?.close();
    await env?.teardown();
  });
}
