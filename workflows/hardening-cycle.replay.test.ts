// Replay guard: recorded hardening-cycle histories must replay against the current workflow
// code without nondeterminism. Committed histories (workflows/__histories__) catch a change
// that breaks runs already in flight; a freshly recorded one catches nondeterminism itself.
// Refresh the committed ones with UPDATE_HISTORIES=1 after an intentional, versioned change.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { temporal } from '@temporalio/proto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCycleHarness, type CycleHarness } from '../test/support/cycle-harness';
import { connectTestEnv } from '../test/support/temporal';
import { workflowBundle } from '../worker/worker';
import { approveUpdate, cycleStatusQuery } from './hardening-cycle';

const History = temporal.api.history.v1.History;
const DIR = fileURLToPath(new URL('./__histories__/', import.meta.url));
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

async function recordHistories() {
  const worker = await h.newWorker(env);
  return worker.runUntil(async () => {
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
    await expect.poll(async () => (await approved.query(cycleStatusQuery)).stage, { timeout: 20_000 }).toBe('awaiting_approval');
    await approved.executeUpdate(approveUpdate, { args: [{ approver: 'bob' }] });
    const out: Record<string, { workflowId: string; history: Awaited<ReturnType<typeof applied.fetchHistory>> }> = {};
    for (const [name, handle] of Object.entries({ applied, 'rolled-back': rolledBack, approved })) {
      await handle.result();
      out[name] = { workflowId: handle.workflowId, history: await handle.fetchHistory() };
    }
    return out;
  });
}

describe('hardening-cycle replay', () => {
  it('replays committed and freshly recorded histories deterministically', async () => {
    const fresh = await recordHistories();
    if (process.env.UPDATE_HISTORIES) {
      // Binary protobuf: decoding needs no JSON mapping (the SDK's protojson trips over
      // duplicate protobufjs copies in node_modules).
      for (const [name, { history }] of Object.entries(fresh)) {
        writeFileSync(`${DIR}hardening-cycle-${name}.pb`, History.encode(history).finish());
      }
    }
    const committed = readdirSync(DIR)
      .filter((f) => f.endsWith('.pb'))
      .map((f) => ({ workflowId: f, history: History.decode(readFileSync(DIR + f)) }));
    expect(committed.length).toBeGreaterThanOrEqual(3);
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
  });
});
