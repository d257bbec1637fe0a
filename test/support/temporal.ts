// Temporal environments for tests.
//
// connectTestEnv(): the suite's shared dev server (started once by test/global-setup.ts, with
// Bulwark's search attributes). Real server semantics, real time. Use a task queue of your own.
//
// createTimeSkippingEnv(): a private Java time-skipping test server (native build, starts in
// ~0.2 s). It knows NO custom search attributes by default: starting a workflow with
// typedSearchAttributes fails with "INVALID_ARGUMENT: search attribute BulwarkKind is not
// defined", and a workflow that upserts an unknown one gets its task completion rejected
// over and over (the workflow hangs). Its OperatorService implements AddSearchAttributes
// (but not ListSearchAttributes), so we register Bulwark's attributes right after start-up.
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { inject } from 'vitest';
import { INDEXED_VALUE_TYPES, type SearchAttributeTypeName } from '../../runtime/dev-server';
import { resolveTemporalTestServer } from '../../runtime/tools';
import { SEARCH_ATTRIBUTE_TYPES } from '../../temporal/ids';
import { WORKER_INTERCEPTORS, workflowBundle } from '../../worker/worker';

function injected<K extends 'temporalAddress' | 'temporalTestServerPath'>(key: K): string | undefined {
  try {
    return inject(key);
  } catch {
    return undefined; // not inside a vitest worker
  }
}

/** A TestWorkflowEnvironment on the shared dev server (no time skipping). `teardown()` only closes connections. */
export async function connectTestEnv(opts: { namespace?: string } = {}): Promise<TestWorkflowEnvironment> {
  const address = injected('temporalAddress') ?? process.env.TEST_TEMPORAL_ADDRESS;
  if (!address) throw new Error('No test Temporal server: run under vitest (test/global-setup.ts) or set TEST_TEMPORAL_ADDRESS');
  return TestWorkflowEnvironment.createFromExistingServer({ address, namespace: opts.namespace ?? 'default' });
}

/**
 * A fresh time-skipping test server with Bulwark's search attributes (plus `extraSearchAttributes`)
 * registered on its `default` namespace. Call `teardown()` when done: it stops the server.
 */
export async function createTimeSkippingEnv(
  opts: { extraSearchAttributes?: Record<string, SearchAttributeTypeName> } = {},
): Promise<TestWorkflowEnvironment> {
  const path = injected('temporalTestServerPath') ?? resolveTemporalTestServer();
  if (!path) throw new Error('No Temporal test server: run `bash ops/install-temporal.sh` or set TEMPORAL_TEST_SERVER_PATH');
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path } },
  });
  try {
    await registerSearchAttributes(env, { ...SEARCH_ATTRIBUTE_TYPES, ...opts.extraSearchAttributes });
  } catch (err) {
    await env.teardown();
    throw err;
  }
  return env;
}

/**
 * Registers custom search attributes on the env's namespace, one at a time so that ones a dev
 * server already has (ALREADY_EXISTS) are skipped. Works on the test server and dev servers.
 */
export async function registerSearchAttributes(
  env: TestWorkflowEnvironment,
  attributes: Record<string, SearchAttributeTypeName>,
): Promise<void> {
  for (const [name, type] of Object.entries(attributes)) {
    try {
      await env.connection.operatorService.addSearchAttributes({
        namespace: env.namespace ?? 'default',
        searchAttributes: { [name]: INDEXED_VALUE_TYPES[type] },
      });
    } catch (err) {
      if ((err as { code?: number }).code !== 6 /* ALREADY_EXISTS */) throw err;
    }
  }
}

/**
 * A worker for a harness's private task queue on the shared server: the production workflow
 * bundle and interceptors, with the harness's activities (`overrides` replace some by name).
 */
export async function createHarnessWorker(
  env: TestWorkflowEnvironment,
  taskQueue: string,
  activities: object,
  overrides: object = {},
): Promise<Worker> {
  return Worker.create({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue,
    workflowBundle: await workflowBundle(),
    activities: { ...activities, ...overrides },
    interceptors: WORKER_INTERCEPTORS,
  });
}
