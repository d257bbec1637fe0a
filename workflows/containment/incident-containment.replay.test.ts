// Replay guard: recorded incident-containment histories must replay against the current
// workflow code. Committed histories (workflows/__histories__/incident-containment-*.pb) catch a
// change that breaks runs in flight; fresh ones catch nondeterminism itself. Refresh the
// committed ones with UPDATE_HISTORIES=1 after an intentional, versioned change.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { temporal } from '@temporalio/proto';
import type { WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCycleHarness, type CycleHarness } from '../../test/support/cycle-harness';
import { registerIncidentLab, startIncident, waitFor } from '../../test/support/containment-harness';
import { connectTestEnv } from '../../test/support/temporal';
import { workflowBundle } from '../../worker/worker';
import { resolveUpdate } from './incident-containment';

const History = temporal.api.history.v1.History;
const DIR = fileURLToPath(new URL('../__histories__/', import.meta.url));
const NAMES = ['resolved', 'below-threshold', 'broke-flow', 'cancelled'];
let env: TestWorkflowEnvironment;
let h: CycleHarness;

beforeAll(async () => {
  env = await connectTestEnv();
  h = await createCycleHarness({ database: 'pglite' });
  await registerIncidentLab(h);
});

afterAll(async () => {
  await h?.close();
  await env?.teardown();
});

async function record(): Promise<Record<string, Awaited<ReturnType<WorkflowHandle['fetchHistory']>>>> {
  const worker = await h.newWorker(env);
  return worker.runUntil(async () => {
    const source = { kind: 'source' as const, id: '203.0.113.7' };
    const resolved = await startIncident(env, h, { environment: 'sandbox', suspects: [source, { kind: 'identity', id: 'dev-alice' }], tags: { owner_approved: 'true' } });
    await waitFor(resolved, { stage: 'holding' });
    await resolved.executeUpdate(resolveUpdate, { args: [{ by: 'carol' }] });
    await resolved.result();
    const below = await startIncident(env, h, { environment: 'sandbox', severity: 2, suspects: [source] });
    await below.result();
    const broke = await startIncident(env, h, { environment: 'incident-lab', suspects: [{ kind: 'workload', id: 'jobs' }, { kind: 'source', id: '198.51.100.9' }] });
    await waitFor(broke, { stage: 'holding' });
    await broke.executeUpdate(resolveUpdate, { args: [{ by: 'carol' }] });
    await broke.result();
    const cancelled = await startIncident(env, h, { environment: 'sandbox', suspects: [source] });
    await waitFor(cancelled, { stage: 'holding' });
    await cancelled.cancel();
    await cancelled.result().catch(() => undefined);
    const handles = [resolved, below, broke, cancelled];
    return Object.fromEntries(await Promise.all(handles.map(async (x, i) => [NAMES[i], await x.fetchHistory()] as const)));
  });
}

describe('incident-containment replay', () => {
  it('replays committed and freshly recorded histories deterministically', async () => {
    const fresh = await record();
    if (process.env.UPDATE_HISTORIES) {
      for (const name of NAMES) writeFileSync(`${DIR}incident-containment-${name}.pb`, History.encode(fresh[name]).finish());
    }
    const committed = readdirSync(DIR)
      .filter((f) => f.startsWith('incident-containment-') && f.endsWith('.pb'))
      .map((f) => ({ workflowId: f, history: History.decode(readFileSync(DIR + f)) }));
    for (const name of NAMES) expect(committed.map((c) => c.workflowId)).toContain(`incident-containment-${name}.pb`);
    const histories = [
      ...committed,
      ...Object.entries(fresh).map(([name, history]) => ({ workflowId: `fresh-${name}`, history: History.decode(History.encode(history).finish()) })),
    ];
    const replayed: string[] = [];
    for await (const result of Worker.runReplayHistories({ workflowBundle: await workflowBundle() }, histories)) {
      expect(result.error, `${result.workflowId}: ${result.error?.message}`).toBeUndefined();
      replayed.push(result.workflowId);
    }
    expect(replayed).toHaveLength(histories.length);
  }, 240_000);
});
