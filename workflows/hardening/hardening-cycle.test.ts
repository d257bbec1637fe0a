// The hardening-cycle saga on a real Temporal dev server and a real Postgres database.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { describe, expect, it } from 'vitest';
import { countRows, environmentControls, type CycleHarness } from '../../test/support/cycle-harness';
import { SA } from '../../temporal/ids';
import { approveUpdate, cycleStatusQuery, rejectUpdate, type HardeningCycleResult } from './hardening-cycle';
import { withCycleHarness } from '../../test/support/suites';
import { historySummaries } from '../../test/support/history';

const { EventType } = temporal.api.enums.v1;

// Both databases: real Postgres (production) and PGlite (the embedded default, one connection).
describe.each(['postgres', 'pglite'] as const)('hardeningCycleWorkflow on %s', (database) => {
let env: TestWorkflowEnvironment;
let h: CycleHarness;
withCycleHarness(database, (ctx) => ({ env, h } = ctx));

const controlsOf = (name: string) => environmentControls(h.db, name);

async function waitForStage(handle: { query: typeof Function.prototype | any }, stage: string) {
  await expect.poll(async () => (await handle.query(cycleStatusQuery)).stage, { timeout: 20_000, interval: 100 }).toBe(stage);
}

  it('applies a safe change end to end and records every step', async () => {
    const worker = await h.newWorker(env);
    await worker.runUntil(async () => {
      const handle = await h.startCycle(env, {
        environment: 'sandbox',
        action: { actionId: 'enable_encryption_at_rest', target: 'db', params: {} },
      });
      const result: HardeningCycleResult = await handle.result();
      expect(result.outcome).toBe('applied');
      expect(result.riskAfter!).toBeLessThan(result.riskBefore!);
      expect(result.policy?.policy_version).toMatch(/^[0-9a-f]{64}$/);
      expect(await countRows(h.db, handle.workflowId)).toEqual({
        decisions: 1, policy_decisions: 1, simulations: 1, approvals: 0, executions: 1, verifications: 1, rewards: 1,
      });
      const desc = await handle.describe();
      expect(desc.typedSearchAttributes.get(SA.outcome)).toBe('applied');
      expect(desc.typedSearchAttributes.get(SA.action)).toBe('enable_encryption_at_rest');
      expect(desc.typedSearchAttributes.get(SA.environment)).toBe('sandbox');
      expect(String((await desc.memo)?.summary)).toContain('enable_encryption_at_rest@db → applied');
      const [cycle] = await h.db.execute('select status, outcome from cycles where workflow_id = $1', [handle.workflowId]);
      expect(cycle).toEqual({ status: 'completed', outcome: 'applied' });
    });
  });

  it('lets the agent choose, masking what the policy or the twin would refuse', async () => {
    const worker = await h.newWorker(env);
    await worker.runUntil(async () => {
      // The owner pre-approves permission removals; anything else the policy holds for a human
      // (which action the agent picks depends on its seed, the random workflow id, and on what
      // earlier cycles taught it) gets another person's approval, so whatever it picks runs.
      const handle = await h.startCycle(env, { environment: 'sandbox', tags: { owner_approved: 'true' }, approvalTimeout: '10m' });
      let closed = false;
      const outcome = handle.result().finally(() => (closed = true));
      while (!closed) {
        const status = await handle.query(cycleStatusQuery).catch(() => undefined);
        if (status?.awaitingApproval) {
          await handle.executeUpdate(approveUpdate, { args: [{ approver: 'bob' }] });
          break;
        }
        await new Promise((r) => setTimeout(r, 100));
      }
      const result = await outcome;
      expect(['applied', 'rolled_back']).toContain(result.outcome);
      const [decision] = await h.db.execute('select * from decisions where workflow_id = $1', [handle.workflowId]);
      expect(decision.source).toBe('agent');
      expect(Number(decision.propensity)).toBeGreaterThan(0);
      expect(Number(decision.propensity)).toBeLessThanOrEqual(1);
      const masked = (decision.masked as { key: string; reason: string }[]).map((m) => m.key);
      expect(masked).toContain('drop_capabilities@node-agent'); // protected namespace (policy)
      expect(masked).toContain('enforce_tls12@db'); // breaks settlement-report (twin)
      expect(masked).not.toContain(`${decision.action_id}@${decision.target}`);
      expect((decision.explanation as { summary: string }).summary).toMatch(/^Agent (chose|explored) \S+@\S+/);
    });
  });

  it('stops at the policy gate and applies nothing when OPA denies', async () => {
    const before = await controlsOf('sandbox');
    const worker = await h.newWorker(env);
    await worker.runUntil(async () => {
      const handle = await h.startCycle(env, {
        environment: 'sandbox',
        action: { actionId: 'set_resource_limits', target: 'node-agent', params: { cpu: '500m', memoryMi: 192 } },
      });
      const result = await handle.result();
      expect(result.outcome).toBe('policy_denied');
      expect(result.policy?.deny_reasons.join(' ')).toMatch(/protected_namespace/);
      const rows = await countRows(h.db, handle.workflowId);
      expect(rows).toMatchObject({ policy_decisions: 1, simulations: 0, executions: 0 });
    });
    expect((await controlsOf('sandbox')).version).toBe(before.version);
  });

  it('stops when the twin predicts a broken critical flow', async () => {
    const worker = await h.newWorker(env);
    await worker.runUntil(async () => {
      const handle = await h.startCycle(env, {
        environment: 'sandbox',
        action: { actionId: 'enforce_tls12', target: 'db', params: {} },
      });
      const result = await handle.result();
      expect(result.outcome).toBe('simulation_failed');
      expect(result.simulation?.predicted_impact.broken_flows).toContain('settlement-report');
      expect(await countRows(h.db, handle.workflowId)).toMatchObject({ simulations: 1, executions: 0 });
    });
  });

  it('rolls back when verification finds a regression the twin did not know about', async () => {
    const before = await controlsOf('sandbox');
    const worker = await h.newWorker(env);
    await worker.runUntil(async () => {
      const handle = await h.startCycle(env, {
        environment: 'sandbox',
        action: { actionId: 'close_port', target: 'api', params: { ports: [8081, 22] } },
      });
      const result = await handle.result();
      expect(result.outcome).toBe('rolled_back');
      expect(result.error).toMatch(/order-fulfilment/);
      // Newest first: the change is undone, then the proposal's claim on the action released.
      expect(result.compensated).toEqual([`${handle.workflowId}:execute`, `${handle.workflowId}:claim`]);
      expect(result.compensationFailures).toEqual([]);
      const execs = await h.db.execute('select kind, action_id from executions where workflow_id = $1 order by id', [handle.workflowId]);
      expect(execs.map((e) => e.kind)).toEqual(['apply', 'compensate']);
      const [reward] = await h.db.execute('select reward_value from rewards where workflow_id = $1', [handle.workflowId]);
      expect(Number(reward.reward_value)).toBeLessThan(0);
    });
    const after = await controlsOf('sandbox');
    expect(after.controls).toEqual(before.controls);
    expect(after.version).toBe(before.version + 2);
  });

  it('retries a failed execution activity without applying the change twice', async () => {
    const before = await controlsOf('sandbox');
    let calls = 0;
    const worker = await h.newWorker(env, {
      // The change commits, then the worker "loses" the result: Temporal retries the activity.
      async executeAction(input) {
        const res = await h.activities.executeAction(input);
        calls += 1;
        if (calls === 1) throw new Error('connection reset after commit');
        return res;
      },
    });
    await worker.runUntil(async () => {
      const handle = await h.startCycle(env, {
        environment: 'sandbox',
        action: { actionId: 'enable_logging', target: 'redis', params: {} },
      });
      const result = await handle.result();
      expect(result.outcome).toBe('applied');
      expect(calls).toBe(2);
      expect((await countRows(h.db, handle.workflowId)).executions).toBe(1);
    });
    expect((await controlsOf('sandbox')).version).toBe(before.version + 1);
  });

  it('waits for an approver other than the requester in prod', async () => {
    const worker = await h.newWorker(env);
    await worker.runUntil(async () => {
      const handle = await h.startCycle(env, {
        environment: 'prod-payments',
        requester: 'alice',
        tags: { change_ticket: 'CHG-1042' },
        action: { actionId: 'enable_logging', target: 'ledger', params: {} },
      });
      await waitForStage(handle, 'awaiting_approval');
      const status = await handle.query(cycleStatusQuery);
      expect(status.awaitingApproval).toBe(true);
      expect(status.policy?.approval_reasons.join(' ')).toMatch(/prod/);
      // The Web UI's approvals queue: BulwarkStage="awaiting_approval" finds the cycle.
      expect((await handle.describe()).typedSearchAttributes.get(SA.stage)).toBe('awaiting_approval');
      const query = `BulwarkStage="awaiting_approval" AND WorkflowId="${handle.workflowId}"`;
      const listed = async () => (await env.client.workflow.count(query)).count;
      await expect.poll(listed, { timeout: 10_000, interval: 200 }).toBe(1);

      // The requester cannot approve their own change; the update is refused before history.
      await expect(handle.executeUpdate(approveUpdate, { args: [{ approver: 'Alice' }] })).rejects.toThrow(
        WorkflowUpdateFailedError,
      );
      // Nor under a disguise (zero-width space, fullwidth): the refusal keeps its type on the wire.
      for (const approver of ['ali\u200Bce', 'ａｌｉｃｅ']) {
        const refused = await handle.executeUpdate(approveUpdate, { args: [{ approver }] }).catch((e: unknown) => e);
        expect(refused).toBeInstanceOf(WorkflowUpdateFailedError);
        expect(((refused as WorkflowUpdateFailedError).cause as { type?: string }).type).toBe('SelfApprovalRefused');
      }
      expect((await handle.query(cycleStatusQuery)).stage).toBe('awaiting_approval');

      const approval = await handle.executeUpdate(approveUpdate, { args: [{ approver: 'bob', comment: 'looks fine' }] });
      expect(approval).toEqual({ approver: 'bob', comment: 'looks fine', decision: 'approved' });
      const result = await handle.result();
      expect(result.outcome).toBe('applied');
      // The Web UI reads the run and its approval timer in words.
      expect(await (await handle.describe()).staticSummary()).toBe('hardening prod-payments for alice: enable_logging on ledger (sandbox)');
      const timers = (await historySummaries(handle)).filter((s) => s.event === EventType.EVENT_TYPE_TIMER_STARTED);
      expect(timers.map((t) => t.summary)).toEqual(['waiting for an approver other than alice (24h)']);
      const [row] = await h.db.execute('select approver, decision from approvals where workflow_id = $1', [handle.workflowId]);
      expect(row).toEqual({ approver: 'bob', decision: 'approved' });
    });
  });

  it('records a rejection and applies nothing', async () => {
    const worker = await h.newWorker(env);
    await worker.runUntil(async () => {
      const handle = await h.startCycle(env, {
        environment: 'prod-payments',
        tags: { change_ticket: 'CHG-1043' },
        action: { actionId: 'enable_logging', target: 'metrics', params: {} },
      });
      await waitForStage(handle, 'awaiting_approval');
      await handle.executeUpdate(rejectUpdate, { args: [{ approver: 'carol', comment: 'not this week' }] });
      const result = await handle.result();
      expect(result.outcome).toBe('rejected');
      expect(await countRows(h.db, handle.workflowId)).toMatchObject({ approvals: 1, executions: 0 });
    });
  });
});
