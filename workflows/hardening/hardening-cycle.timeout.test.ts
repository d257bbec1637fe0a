// The approval timer on the time-skipping test server: a day passes in milliseconds.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countRows, createCycleHarness, type CycleHarness } from '../../test/support/cycle-harness';
import { createTimeSkippingEnv } from '../../test/support/temporal';

let env: TestWorkflowEnvironment;
let h: CycleHarness;

beforeAll(async () => {
  env = await createTimeSkippingEnv();
  h = await createCycleHarness({ database: 'pglite' });
});

afterAll(async () => {
  await h?.close();
  await env?.teardown();
});

describe('hardening-cycle approval timeout', () => {
  it('rejects the change when nobody approves within the timeout', async () => {
    const worker = await h.newWorker(env);
    await worker.runUntil(async () => {
      const handle = await h.startCycle(env, {
        environment: 'prod-payments',
        tags: { change_ticket: 'CHG-2001' },
        approvalTimeout: '24h',
        action: { actionId: 'enable_logging', target: 'ledger', params: {} },
      });
      const before = Date.now();
      const result = await handle.result();
      expect(Date.now() - before).toBeLessThan(60_000); // the 24 h were skipped, not waited
      expect(result.outcome).toBe('approval_timed_out');
      expect(await countRows(h.db, handle.workflowId)).toMatchObject({ approvals: 1, executions: 0, rewards: 1 });
      const [approval] = await h.db.execute('select decision, approver from approvals where workflow_id = $1', [handle.workflowId]);
      expect(approval).toEqual({ decision: 'timed_out', approver: null });
      // The reward sees the cycle's own outcome, so the timeout penalty (not the rejection one) applies.
      const [reward] = await h.db.execute('select components from rewards where workflow_id = $1', [handle.workflowId]);
      expect(reward.components).toMatchObject({ outcome: 'approval_timed_out', outcome_penalty: -0.1 });
    });
  });
});
