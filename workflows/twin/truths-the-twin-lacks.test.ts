// The hardening saga on the environments that hold what the twin does not know, and in
// recommend-only mode, against a real Temporal dev server (PGlite, as `npm start` runs).
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { describe, expect, it } from 'vitest';
import { environmentControls, type CycleHarness } from '../../test/support/cycle-harness';
import { withCycleHarness } from '../../test/support/suites';
import { simulate } from '../../domain/hardening';
import { requireEnvironmentContext } from '../../repo/hardening/environments';
import { approveUpdate, cycleStatusQuery } from '../hardening/hardening-cycle';

describe('hardening cycle where the twin is wrong', () => {
  let env: TestWorkflowEnvironment;
  let h: CycleHarness;
  withCycleHarness('pglite', (ctx) => ({ env, h } = ctx));

  it('a flaky dependency: the twin predicts safe, verification catches the regression, the saga rolls back', async () => {
    const before = await environmentControls(h.db, 'incident-response');
    const action = { actionId: 'set_resource_limits', target: 'appointments', params: {} };
    // The twin's own prediction: nothing breaks.
    const ctx = await requireEnvironmentContext(h.db.db, 'incident-response');
    expect(simulate(ctx.spec, ctx.controls, action, ctx.spec.telemetry).pass_fail).toBe(true);
    const worker = await h.newWorker(env);
    await worker.runUntil(async () => {
      const handle = await h.startCycle(env, { environment: 'incident-response', action });
      const result = await handle.result();
      expect(result.outcome).toBe('rolled_back');
      expect(result.error).toMatch(/schedule-sync/);
      expect(result.compensated).toEqual([`${handle.workflowId}:execute`, `${handle.workflowId}:claim`]);
      const execs = await h.db.execute('select kind from executions where workflow_id = $1 order by id', [handle.workflowId]);
      expect(execs.map((e) => e.kind)).toEqual(['apply', 'compensate']);
      const [sim] = await h.db.execute('select pass_fail from simulations where workflow_id = $1', [handle.workflowId]);
      expect(sim.pass_fail).toBe(true);
      const [reward] = await h.db.execute('select reward_value from rewards where workflow_id = $1', [handle.workflowId]);
      expect(Number(reward.reward_value)).toBeLessThan(0);
    });
    const after = await environmentControls(h.db, 'incident-response');
    expect(after.controls).toEqual(before.controls);
    expect(after.version).toBe(before.version + 2);
  });

  it('recommend-only: a cycle asked to apply still only recommends, and the environment is unchanged', async () => {
    const before = await environmentControls(h.db, 'compliance-advisor');
    const worker = await h.newWorker(env);
    await worker.runUntil(async () => {
      const handle = await h.startCycle(env, {
        environment: 'compliance-advisor',
        mode: 'sandbox',
        tags: { change_ticket: 'CHG-77' },
        action: { actionId: 'enable_logging', target: 'records-db', params: {} },
      });
      // prod: the policy asks for an approver first; then the executor only recommends.
      await expect.poll(async () => (await handle.query(cycleStatusQuery)).stage, { timeout: 20_000, interval: 100 }).toBe('awaiting_approval');
      await handle.executeUpdate(approveUpdate, { args: [{ approver: 'bob' }] });
      const result = await handle.result();
      expect(result.outcome).toBe('recommended');
      const execs = await h.db.execute('select mode, status from executions where workflow_id = $1', [handle.workflowId]);
      expect(execs).toEqual([{ mode: 'recommend', status: 'recommended' }]);
    });
    expect((await environmentControls(h.db, 'compliance-advisor')).controls).toEqual(before.controls);
  });
});
