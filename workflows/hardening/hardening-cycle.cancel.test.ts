// Cancellation and failing compensations of the hardening-cycle saga, on a real Temporal dev
// server and both databases. Steps are the real activities; a test only holds one at its start
// (a gate) so the cancel lands while that step is in progress.
import { Context } from '@temporalio/activity';
import { ApplicationFailure, CancelledFailure, WorkflowFailedError, type WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../api/app';
import { TEST_CONFIG } from '../../api/test-support';
import { inFlight, recentRollbacks } from '../../repo/hardening/cycle-masks';
import { countRows, environmentControls, type CycleHarness } from '../../test/support/cycle-harness';
import { SA } from '../../temporal/ids';
import { cycleStatusQuery, type CycleStatus, type HardeningCycleResult } from './hardening-cycle';
import { withCycleHarness } from '../../test/support/suites';

/** Holds an activity at its start until released (or cancelled / the worker shuts down), then runs the real one. */
function gate<A extends unknown[], R>(real: (...args: A) => Promise<R>) {
  let release!: () => void;
  let entered!: () => void;
  const released = new Promise<void>((r) => (release = r));
  const reached = new Promise<void>((r) => (entered = r));
  const held = async (...args: A): Promise<R> => {
    entered();
    await Promise.race([released, Context.current().cancelled]);
    return real(...args);
  };
  return { held, reached, release };
}

describe.each(['postgres', 'pglite'] as const)('hardening-cycle cancellation on %s', (database) => {
  let env: TestWorkflowEnvironment;
  let h: CycleHarness;
  withCycleHarness(database, (ctx) => ({ env, h } = ctx));

  const controlsOf = (name: string) => environmentControls(h.db, name);
  const recordOf = async (workflowId: string) => {
    const [row] = await h.db.execute('select status, outcome, summary from cycles where workflow_id = $1', [workflowId]);
    return row as { status: string; outcome: string; summary: CycleStatus };
  };
  const waitForStage = (handle: WorkflowHandle, stage: string) =>
    expect.poll(async () => (await handle.query(cycleStatusQuery)).stage, { timeout: 20_000, interval: 100 }).toBe(stage);

  /** The run ends as Cancelled in Temporal, after recording its outcome. */
  async function expectCancelled(handle: WorkflowHandle) {
    const err = await handle.result().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(WorkflowFailedError);
    expect((err as WorkflowFailedError).cause).toBeInstanceOf(CancelledFailure);
    const desc = await handle.describe();
    expect(desc.status.name).toBe('CANCELLED');
    return desc;
  }

  it('cancelled while awaiting approval: recorded, out of the inbox, no longer masked; cancel is idempotent', async () => {
    const app = createApp({ db: h.db.db, temporal: env.client, config: TEST_CONFIG });
    const worker = await h.newWorker(env);
    await worker.runUntil(async () => {
      const handle = await h.startCycle(env, {
        environment: 'prod-payments',
        tags: { change_ticket: 'CHG-3001' },
        action: { actionId: 'enable_logging', target: 'ledger', params: {} },
      });
      const wf = handle.workflowId;
      await waitForStage(handle, 'awaiting_approval');
      const inbox = async () => ((await (await app.request('/api/v1/approvals')).json()) as { workflowId: string }[]).map((p) => p.workflowId);
      const masked = async () => (await inFlight(h.db.db, 'prod-payments', 'another-cycle')).map((m) => m.key);
      expect(await inbox()).toContain(wf);
      expect(await masked()).toContain('enable_logging@ledger');

      const cancel = () => app.request(`/api/v1/cycles/${wf}/cancel`, { method: 'POST' });
      const first = await cancel();
      expect(first.status).toBe(202);
      expect(await first.json()).toMatchObject({ workflowId: wf, state: 'cancelling', temporalStatus: 'RUNNING' });

      const desc = await expectCancelled(handle);
      expect(desc.typedSearchAttributes.get(SA.outcome)).toBe('cancelled');
      expect(String((await desc.memo)?.summary)).toContain('enable_logging@ledger → cancelled');

      const record = await recordOf(wf);
      expect(record).toMatchObject({ status: 'completed', outcome: 'cancelled' });
      expect(record.summary).toMatchObject({ stage: 'done', awaitingApproval: false, compensated: [`${wf}:claim`], compensationFailures: [] });
      expect(record.summary.error).toMatch(/cancelled at awaiting_approval/);
      // No learning from a cancel, nothing executed.
      expect(await countRows(h.db, wf)).toMatchObject({ executions: 0, rewards: 0 });
      expect(await inbox()).not.toContain(wf);
      expect(await masked()).not.toContain('enable_logging@ledger');

      const again = await cancel();
      expect(again.status).toBe(200);
      expect(await again.json()).toEqual({ workflowId: wf, state: 'closed', temporalStatus: 'CANCELLED', recordStatus: 'completed', outcome: 'cancelled' });
      const unknown = await app.request('/api/v1/cycles/hardening-cycle:prod-payments:999999/cancel', { method: 'POST' });
      expect(unknown.status).toBe(404);
      expect(await unknown.json()).toMatchObject({ code: 'cycle_not_found', message: expect.any(String) });
    });
  });

  it('cancelled during execute: waits for the running change, then undoes it', async () => {
    const before = await controlsOf('sandbox');
    const execute = gate(h.activities.executeAction);
    const worker = await h.newWorker(env, { executeAction: execute.held });
    await worker.runUntil(async () => {
      const handle = await h.startCycle(env, { environment: 'sandbox', action: { actionId: 'enable_logging', target: 'redis', params: {} } });
      const wf = handle.workflowId;
      await execute.reached;
      await handle.cancel();
      // The workflow asked the executor to stop; only now does the change commit. With the
      // default TRY_CANCEL the undo would already have run, found nothing, and left it applied.
      await expect
        .poll(async () => (await handle.fetchHistory()).events?.some((e) => e.activityTaskCancelRequestedEventAttributes), { timeout: 20_000 })
        .toBe(true);
      execute.release();

      await expectCancelled(handle);
      const execs = await h.db.execute('select kind from executions where workflow_id = $1 order by id', [wf]);
      expect(execs.map((e) => e.kind)).toEqual(['apply', 'compensate']);
      const record = await recordOf(wf);
      expect(record).toMatchObject({ status: 'completed', outcome: 'cancelled' });
      expect(record.summary.compensated).toEqual([`${wf}:execute`, `${wf}:claim`]);
      expect(await countRows(h.db, wf)).toMatchObject({ verifications: 0, rewards: 0 });
    });
    const after = await controlsOf('sandbox');
    expect(after.controls).toEqual(before.controls);
    expect(after.version).toBe(before.version + 2);
  });

  it('cancelled during verify: undoes the applied change without waiting for the verifier', async () => {
    const before = await controlsOf('sandbox');
    const verify = gate(h.activities.verifyChange);
    const worker = await h.newWorker(env, { verifyChange: verify.held });
    await worker.runUntil(async () => {
      const handle = await h.startCycle(env, { environment: 'sandbox', action: { actionId: 'enable_encryption_at_rest', target: 'db', params: {} } });
      const wf = handle.workflowId;
      await verify.reached;
      expect((await controlsOf('sandbox')).version).toBe(before.version + 1);
      await handle.cancel();
      await expectCancelled(handle);
      const record = await recordOf(wf);
      expect(record).toMatchObject({ status: 'completed', outcome: 'cancelled' });
      expect(record.summary.compensated).toEqual([`${wf}:execute`, `${wf}:claim`]);
      expect(record.summary.error).toMatch(/cancelled at verify/);
      expect(await countRows(h.db, wf)).toMatchObject({ executions: 2, verifications: 0, rewards: 0 });
      expect((await inFlight(h.db.db, 'sandbox', 'another-cycle')).map((m) => m.key)).not.toContain('enable_encryption_at_rest@db');
    });
    const after = await controlsOf('sandbox');
    expect(after.controls).toEqual(before.controls);
    expect(after.version).toBe(before.version + 2);
  });

  it('a failing compensation does not stop the next one; the outcome names the step for a human', async () => {
    const before = await controlsOf('sandbox');
    const worker = await h.newWorker(env, {
      async compensateExecution() {
        throw ApplicationFailure.nonRetryable('executor unreachable: change window closed', 'ExecutorUnavailable');
      },
    });
    await worker.runUntil(async () => {
      // Verification finds a regression the twin missed, so the saga compensates.
      const handle = await h.startCycle(env, { environment: 'sandbox', action: { actionId: 'close_port', target: 'api', params: { ports: [8081, 22] } } });
      const wf = handle.workflowId;
      const result: HardeningCycleResult = await handle.result();
      expect(result.outcome).toBe('compensation_failed');
      expect(result.compensated).toEqual([`${wf}:claim`]); // the second compensation still ran
      expect(result.compensationFailures).toEqual([{ step: `${wf}:execute`, reason: expect.stringMatching(/executor unreachable/) }]);
      expect(result.error).toMatch(/regression: .*compensation failed, needs a human: .*:execute \(.*executor unreachable/);

      const record = await recordOf(wf);
      expect(record).toMatchObject({ status: 'completed', outcome: 'compensation_failed' });
      expect(record.summary.compensationFailures).toEqual(result.compensationFailures);
      const desc = await handle.describe();
      expect(desc.typedSearchAttributes.get(SA.outcome)).toBe('compensation_failed');
      expect(String((await desc.memo)?.summary)).toContain(`compensation_failed (needs a human: ${wf}:execute)`);
      // The change is still applied: it stays masked until a human has looked.
      const masks = await recentRollbacks(h.db.db, 'sandbox');
      expect(masks).toContainEqual({ key: 'close_port@api', reason: expect.stringMatching(/compensation failed/) });
      const [reward] = await h.db.execute('select components from rewards where workflow_id = $1', [wf]);
      expect(reward.components).toMatchObject({ outcome: 'compensation_failed', outcome_penalty: -1 });
    });
    expect((await controlsOf('sandbox')).version).toBe(before.version + 1);
  });
});
