// Replay guard for gatedRetrainingWorkflow: fresh histories of its shapes (registered,
// insufficient data, gates failed, cancelled while training) replay without nondeterminism,
// and so do the committed ones in workflows/__histories__/gated-retraining-*.pb. With
// UPDATE_HISTORIES=1 the fresh ones are written there (hardening-cycle.replay.test.ts replays
// every committed .pb too).
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { temporal } from '@temporalio/proto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { addSamples } from '../../repo/datasets/samples';
import { gatedRetrainingStart, type GatedRetrainingFn } from '../../temporal/retraining';
import { WORKFLOW_TYPES } from '../../temporal/workflows';
import { createTestPglite, type TestDb } from '../../test/support/db';
import { createRetrainingHarness, fixtureSamples } from '../../test/support/retraining';
import { connectTestEnv } from '../../test/support/temporal';
import { workflowBundle } from '../../worker/worker';
import type { GatedRetrainingInput } from './gated-retraining.defs';

const History = temporal.api.history.v1.History;
const DIR = fileURLToPath(new URL('../__histories__/', import.meta.url));
const SHAPES = ['registered', 'insufficient-data', 'gates-failed', 'cancelled-in-training'] as const;
let env: TestWorkflowEnvironment;
const dbs: TestDb[] = [];

beforeAll(async () => {
  env = await connectTestEnv();
});
afterAll(async () => {
  for (const d of dbs) await d.close();
  await env?.teardown();
});

it('replays fresh and committed gated-retraining histories deterministically', async () => {
  const fresh: { workflowId: string; history: temporal.api.history.v1.IHistory; name: string }[] = [];
  const inputs: Record<(typeof SHAPES)[number], [Partial<GatedRetrainingInput>, boolean]> = {
    registered: [{}, true],
    'insufficient-data': [{ minSamples: 10_000 }, true],
    'gates-failed': [{ gates: { minPrecision: 0.99, minRecall: 0.8, maxFpr: 0.05, minF1: 0.82 } }, true],
    'cancelled-in-training': [{ epochs: 2000 }, true],
  };
  for (const name of SHAPES) {
    const db = await createTestPglite();
    dbs.push(db);
    await addSamples(db.db, fixtureSamples());
    const h = createRetrainingHarness(db);
    const worker = await h.newWorker(env);
    try {
      await worker.runUntil(async () => {
        const input = { trigger: 'test' as const, requester: 'tester', epochs: 3, hashBits: 16, ...inputs[name][0] };
        const handle = await env.client.workflow.start<GatedRetrainingFn>(WORKFLOW_TYPES.gatedRetraining, gatedRetrainingStart(input, { threat: h.taskQueue }, `gated-retraining:replay-${name}-${Date.now()}`));
        if (name === 'cancelled-in-training') {
          await expect
            .poll(async () => ((await handle.describe()).raw.pendingActivities ?? []).some((a) => a.activityType?.name === 'trainCandidateModel' && a.heartbeatDetails), { timeout: 60_000, interval: 250 })
            .toBe(true);
          await handle.cancel();
        }
        await handle.result().catch(() => undefined);
        fresh.push({ name, workflowId: `fresh-${name}`, history: History.decode(History.encode(await handle.fetchHistory()).finish()) });
      });
    } finally {
      h.close();
    }
  }
  if (process.env.UPDATE_HISTORIES) {
    for (const { name, history } of fresh) writeFileSync(`${DIR}gated-retraining-${name}.pb`, History.encode(history).finish());
  }
  const committed = readdirSync(DIR)
    .filter((f) => f.startsWith('gated-retraining-') && f.endsWith('.pb'))
    .map((f) => ({ workflowId: f, history: History.decode(readFileSync(DIR + f)) }));
  for (const name of SHAPES) expect(committed.map((c) => c.workflowId)).toContain(`gated-retraining-${name}.pb`);
  const replayed: string[] = [];
  for await (const result of Worker.runReplayHistories({ workflowBundle: await workflowBundle() }, [...committed, ...fresh])) {
    expect(result.error, `${result.workflowId}: ${result.error?.message}`).toBeUndefined();
    replayed.push(result.workflowId);
  }
  expect(replayed).toHaveLength(committed.length + fresh.length);
}, 240_000);
