// Replay guard: recorded hardening-cycle histories must replay against the current workflow
// code without nondeterminism. Committed histories (workflows/__histories__) catch a change
// that breaks runs already in flight; a freshly recorded one catches nondeterminism itself.
// Refresh the committed ones with UPDATE_HISTORIES=1 after an intentional, versioned change, or
// name the ones to write (UPDATE_HISTORIES=cancelled,compensation-failed): applied, rolled-back
// and approved were recorded before the claim compensation (CLAIM_COMPENSATION_PATCH), and all but
// approved-staged before BulwarkStage (STAGE_SEARCH_ATTRIBUTE_PATCH); they are kept as they are, to
// prove runs started before those patches still replay.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { temporal } from '@temporalio/proto';
import type { WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCycleHarness, type CycleHarness } from '../../test/support/cycle-harness';
import { connectTestEnv } from '../../test/support/temporal';
import { workflowBundle } from '../../worker/worker';
import { ApplicationFailure } from '@temporalio/common';
import { approveUpdate, cycleStatusQuery } from './hardening-cycle';

const History = temporal.api.history.v1.History;
const DIR = fileURLToPath(new URL('../__histories__/', import.meta.url));
let env: TestWorkflowEnvironment;
let h: CycleHarness;

beforeAll(async () => {
  env = await connectTestEnv();
  h = await createCycleHarness({ database: 'pglite' });
});

afterAll(async () => {
  await h?.close();
  await env?.teardown();
});

type Recorded = Record<string, { workflowId: string; history: Awaited<ReturnType<WorkflowHandle['fetchHistory']>> }>;

async function recordHistories(): Promise<Recorded> {
  const worker = await h.newWorker(env);
  const main = await worker.runUntil(async () => {
    const applied = await h.startCycle(env, { environment: 'sandbox', tags: { owner_approved: 'true' } });
    const rolledBack = await h.startCycle(env, {
      environment: 'sandbox',
      action: { actionId: 'close_port', target: 'api', params: { ports: [8081, 22] } },
    });
    const approved = await h.startCycle(env, {
      environment: 'prod-payments',
      tags: { change_ticket: 'CHG-7' },
      action: { actionId: 'enable_logging', target: 'ledger', params: {} },
    });
    const cancelled = await h.startCycle(env, {
      environment: 'prod-payments',
      tags: { change_ticket: 'CHG-8' },
      action: { actionId: 'enable_logging', target: 'metrics', params: {} },
    });
    const awaiting = (handle: WorkflowHandle) =>
      expect.poll(async () => (await handle.query(cycleStatusQuery)).stage, { timeout: 60_000 }).toBe('awaiting_approval');
    await awaiting(approved);
    await approved.executeUpdate(approveUpdate, { args: [{ approver: 'bob' }] });
    await awaiting(cancelled);
    await cancelled.cancel();
    const out: Recorded = {};
    for (const [name, handle] of Object.entries({ applied, 'rolled-back': rolledBack, approved, cancelled })) {
      await handle.result().catch((err: unknown) => {
        if (name !== 'cancelled') throw err;
      });
      out[name] = { workflowId: handle.workflowId, history: await handle.fetchHistory() };
    }
    return out;
  });
  // A worker whose executor cannot undo: the rollback's first compensation fails, the claim's runs.
  // On its own database, with sandbox as committed: the cycles above (the agent's own pick among
  // them) may already have changed what close_port@api breaks.
  const own = await createCycleHarness({ database: 'pglite' });
  const broken = await own.newWorker(env, {
    async compensateExecution() {
      throw ApplicationFailure.nonRetryable('executor unreachable', 'ExecutorUnavailable');
    },
  });
  const failed = await broken.runUntil(async () => {
    const handle = await own.startCycle(env, {
      environment: 'sandbox',
      action: { actionId: 'close_port', target: 'api', params: { ports: [8081, 22] } },
    });
    expect((await handle.result()).outcome).toBe('compensation_failed');
    return { workflowId: handle.workflowId, history: await handle.fetchHistory() };
  }).finally(() => own.close());
  return { ...main, 'compensation-failed': failed };
}

describe('hardening-cycle replay', () => {
  it('replays committed and freshly recorded histories deterministically', async () => {
    const fresh = await recordHistories();
    const update = process.env.UPDATE_HISTORIES;
    if (update) {
      // `fresh=file` writes a fresh history under another name (approved=approved-staged).
      const names = update === '1' ? Object.keys(fresh) : update.split(',');
      // Binary protobuf: decoding needs no JSON mapping (the SDK's protojson trips over
      // duplicate protobufjs copies in node_modules).
      for (const entry of names) {
        const [name, file = name] = entry.split('=');
        writeFileSync(`${DIR}hardening-cycle-${file}.pb`, History.encode(fresh[name].history).finish());
      }
    }
    const committed = readdirSync(DIR)
      .filter((f) => f.endsWith('.pb'))
      .map((f) => ({ workflowId: f, history: History.decode(readFileSync(DIR + f)) }));
    for (const name of ['applied', 'rolled-back', 'approved', 'cancelled', 'compensation-failed', 'approved-staged']) {
      expect(committed.map((c) => c.workflowId)).toContain(`hardening-cycle-${name}.pb`);
    }
    const histories = [
      ...committed,
      // Through bytes, exactly as the committed ones travel.
      ...Object.entries(fresh).map(([name, { history }]) => ({
        workflowId: `fresh-${name}`,
        history: History.decode(History.encode(history).finish()),
      })),
    ];
    const bundle = await workflowBundle();
    const replayed: string[] = [];
    for await (const result of Worker.runReplayHistories({ workflowBundle: bundle }, histories)) {
      expect(result.error, `${result.workflowId}: ${result.error?.message}`).toBeUndefined();
      replayed.push(result.workflowId);
    }
    expect(replayed).toHaveLength(histories.length);
    // Recording six cycles on a shared 2-core machine can take well over the default minute.
  }, 240_000);
});
