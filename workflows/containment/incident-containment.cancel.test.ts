// Cancellation, failing releases and a worker restart while containment holds, on a real
// Temporal dev server and PGlite (the embedded default).
import { ApplicationFailure, CancelledFailure, WorkflowFailedError } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { heldAssets } from '../../repo/containment/incidents';
import { environmentControls, type CycleHarness } from '../../test/support/cycle-harness';
import { holdsOf, registerIncidentLab, startIncident, waitFor } from '../../test/support/containment-harness';
import { withCycleHarness } from '../../test/support/suites';
import { SA } from '../../temporal/ids';
import { resolveUpdate } from './incident-containment';

const source = { kind: 'source' as const, id: '203.0.113.7' };
const alice = { kind: 'identity' as const, id: 'dev-alice' };

describe('incident containment: cancellation, failing release, worker restart', () => {
  let env: TestWorkflowEnvironment;
  let h: CycleHarness;
  withCycleHarness('pglite', (ctx) => ({ env, h } = ctx));
  beforeAll(async () => registerIncidentLab(h));
  const controlsOf = async (name: string) => (await environmentControls(h.db, name)).controls;

  it('cancelled while holding: everything released, recorded cancelled, the run ends Cancelled', async () => {
    const before = await controlsOf('sandbox');
    const worker = await h.newWorker(env);
    await worker.runUntil(async () => {
      const handle = await startIncident(env, h, { environment: 'sandbox', suspects: [source, alice], tags: { owner_approved: 'true' } });
      await waitFor(handle, { stage: 'holding' });
      await handle.cancel();
      const err = await handle.result().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(WorkflowFailedError);
      expect((err as WorkflowFailedError).cause).toBeInstanceOf(CancelledFailure);
      const desc = await handle.describe();
      expect(desc.status.name).toBe('CANCELLED');
      expect(desc.typedSearchAttributes.get(SA.outcome)).toBe('cancelled');
      const [row] = await h.db.execute('select status, outcome, summary from incidents where workflow_id = $1', [handle.workflowId]);
      expect(row).toMatchObject({ status: 'completed', outcome: 'cancelled' });
      expect((row.summary as { compensated: string[]; restored: boolean })).toMatchObject({ restored: true });
      expect((row.summary as { compensated: string[] }).compensated).toHaveLength(2);
      expect((await holdsOf(h, handle.workflowId)).map((x) => x.status)).toEqual(['released', 'released']);
    });
    expect(await controlsOf('sandbox')).toEqual(before);
  });

  it('a failing release never stops the others: compensation_failed names the step, which stays masked', async () => {
    const worker = await h.newWorker(env);
    let handleId = '';
    await worker.runUntil(async () => {
      const handle = await startIncident(env, h, { environment: 'sandbox', suspects: [source, alice], tags: { owner_approved: 'true' } });
      handleId = handle.workflowId;
      await waitFor(handle, { stage: 'holding' });
    });
    const holds = await holdsOf(h, handleId);
    // The newest hold's release fails (executor unreachable); the older one must still be released.
    const broken = await h.newWorker(env, {
      async releaseContainment(input: { workflowId: string; environment: string; step: string; reason: string }) {
        if (input.step === holds[1].step) throw ApplicationFailure.nonRetryable('executor unreachable', 'ExecutorUnavailable');
        return h.activities.releaseContainment(input);
      },
    });
    await broken.runUntil(async () => {
      const handle = env.client.workflow.getHandle(handleId);
      await handle.executeUpdate(resolveUpdate, { args: [{ by: 'carol' }] });
      const result = await handle.result();
      expect(result.outcome).toBe('compensation_failed');
      expect(result.compensationFailures).toEqual([{ step: holds[1].step, reason: expect.stringMatching(/executor unreachable/) }]);
      expect(result.compensated).toEqual([holds[0].step]);
      expect(result.restored).toBe(false);
      expect(result.error).toMatch(/needs a human/);
    });
    expect((await holdsOf(h, handleId)).map((x) => x.status)).toEqual(['released', 'holding']);
    expect([...(await heldAssets(h.db.db, 'sandbox')).keys()]).toEqual([holds[1].key.split('@')[1]]);
    // Leave the estate clean for the next test: release it by hand, as the human would.
    await h.activities.releaseContainment({ workflowId: handleId, environment: 'sandbox', step: holds[1].step, reason: 'by hand' });
  });

  it('keeps holding across a worker restart and releases on the new worker', async () => {
    const before = await controlsOf('incident-lab');
    let id = '';
    const first = await h.newWorker(env);
    await first.runUntil(async () => {
      const handle = await startIncident(env, h, { environment: 'incident-lab', suspects: [{ kind: 'source', id: '198.51.100.9' }] });
      id = handle.workflowId;
      await waitFor(handle, { stage: 'holding' });
    });
    // No worker: the workflow is durable state in Temporal, the hold a row in Postgres.
    expect((await holdsOf(h, id)).map((x) => x.status)).toEqual(['holding']);
    const second = await h.newWorker(env);
    await second.runUntil(async () => {
      const handle = env.client.workflow.getHandle(id);
      expect((await waitFor(handle, { stage: 'holding' })).steps.map((s) => s.key)).toEqual(['block_waf_source@edge']);
      await handle.executeUpdate(resolveUpdate, { args: [{ by: 'carol' }] });
      expect((await handle.result()).outcome).toBe('resolved');
    });
    expect(await controlsOf('incident-lab')).toEqual(before);
  });
});
