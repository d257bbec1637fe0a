// Replay guard for canaryPromotionWorkflow: fresh histories of its shapes (promoted, rolled back
// on degradation, aborted by Update after a hold, cancelled) replay without nondeterminism, and so
// do the committed ones in workflows/__histories__/canary-promotion-*.pb. With UPDATE_HISTORIES=1
// the fresh ones are written there. Recorded on the time-skipping server (hours in seconds).
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { temporal } from '@temporalio/proto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { canaryPromotionStart, type CanaryPromotionFn } from '../../temporal/retraining';
import { WORKFLOW_TYPES } from '../../temporal/workflows';
import { CANDIDATE, canaryInput, createCanaryHarness, HEALTHY, PRODUCTION, seedModels, writeTraffic } from '../../test/support/canary';
import { createTestPglite, type TestDb } from '../../test/support/db';
import { createTimeSkippingEnv } from '../../test/support/temporal';
import { workflowBundle } from '../../worker/worker';
import { abortCanaryUpdate, holdCanaryUpdate } from './canary-promotion.defs';

const History = temporal.api.history.v1.History;
const DIR = fileURLToPath(new URL('../__histories__/', import.meta.url));
const SHAPES = ['promoted', 'rolled-back', 'aborted', 'cancelled'] as const;
const H = 3_600_000;
let env: TestWorkflowEnvironment;
const dbs: TestDb[] = [];

beforeAll(async () => {
  env = await createTimeSkippingEnv();
});
afterAll(async () => {
  for (const d of dbs) await d.close();
  await env?.teardown();
});

it('replays fresh and committed canary-promotion histories deterministically', async () => {
  const fresh: { workflowId: string; history: temporal.api.history.v1.IHistory; name: string }[] = [];
  for (const name of SHAPES) {
    const db = await createTestPglite();
    dbs.push(db);
    await seedModels(db);
    const t0 = (await env.currentTimeMs()) - 60_000;
    await writeTraffic(db, PRODUCTION, t0, t0 + 6 * H, HEALTHY);
    await writeTraffic(db, CANDIDATE, t0, t0 + 6 * H, name === 'rolled-back' ? { ...HEALTHY, agreement: 0.5 } : HEALTHY);
    const h = createCanaryHarness(db);
    const worker = await h.newWorker(env);
    await worker.runUntil(async () => {
      const handle = await env.client.workflow.start<CanaryPromotionFn>(WORKFLOW_TYPES.canaryPromotion, canaryPromotionStart(canaryInput(), { threat: h.taskQueue }, `canary-promotion:replay-${name}`));
      if (name === 'aborted') {
        await env.sleep('15m');
        await handle.executeUpdate(holdCanaryUpdate, { args: [{ by: 'bob' }] });
        await handle.executeUpdate(abortCanaryUpdate, { args: [{ by: 'alice', reason: 'replay' }] });
      }
      if (name === 'cancelled') {
        await env.sleep('70m');
        await handle.cancel();
      }
      const result = await handle.result().catch(() => null);
      if (name === 'promoted') expect(result?.outcome).toBe('promoted');
      if (name === 'rolled-back') expect(result?.outcome).toBe('rolled_back');
      if (name === 'aborted') expect(result?.outcome).toBe('aborted');
      fresh.push({ name, workflowId: `fresh-${name}`, history: History.decode(History.encode(await handle.fetchHistory()).finish()) });
    });
  }
  if (process.env.UPDATE_HISTORIES) {
    for (const { name, history } of fresh) writeFileSync(`${DIR}canary-promotion-${name}.pb`, History.encode(history).finish());
  }
  const committed = readdirSync(DIR)
    .filter((f) => f.startsWith('canary-promotion-') && f.endsWith('.pb'))
    .map((f) => ({ workflowId: f, history: History.decode(readFileSync(DIR + f)) }));
  for (const name of SHAPES) expect(committed.map((c) => c.workflowId)).toContain(`canary-promotion-${name}.pb`);
  const replayed: string[] = [];
  for await (const result of Worker.runReplayHistories({ workflowBundle: await workflowBundle() }, [...committed, ...fresh])) {
    expect(result.error, `${result.workflowId}: ${result.error?.message}`).toBeUndefined();
    replayed.push(result.workflowId);
  }
  expect(replayed).toHaveLength(committed.length + fresh.length);
}, 300_000);
