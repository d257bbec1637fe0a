// Pre-approval on the real Temporal dev server and policy bundle: a cycle that needs approval
// is approved by another identity's standing approval without waiting, and records which one;
// a grant by the cycle's own requester (or a revoked one) is never used, so the cycle waits for
// a person. The fresh histories replay (and are written with UPDATE_HISTORIES=1).
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { temporal } from '@temporalio/proto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { expect, it } from 'vitest';
import { grantStandingApproval, revokeStandingApproval } from '../../repo/hardening/standing-approvals';
import type { CycleHarness } from '../../test/support/cycle-harness';
import { withCycleHarness } from '../../test/support/suites';
import { workflowBundle } from '../../worker/worker';
import { approveUpdate, cycleStatusQuery, type HardeningCycleResult } from './hardening-cycle.defs';

const History = temporal.api.history.v1.History;
const DIR = fileURLToPath(new URL('../__histories__/', import.meta.url));
let env: TestWorkflowEnvironment;
let h: CycleHarness;
withCycleHarness('pglite', (ctx) => ({ env, h } = ctx));

// Prod changes always need an approver (policies/hardening/approval.rego).
const PROD_CHANGE = { environment: 'prod-payments', tags: { change_ticket: 'CHG-1042' }, action: { actionId: 'enable_logging', target: 'ledger', params: {} } };
const inAnHour = () => new Date(Date.now() + 3_600_000);
const approvalRow = async (workflowId: string) =>
  (await h.db.execute('select approver, decision, comment, standing_approval_id from approvals where workflow_id = $1', [workflowId]))[0];

it('a standing approval by another identity approves without a wait; one granted by the requester is never used', async () => {
  const worker = await h.newWorker(env);
  const histories = await worker.runUntil(async () => {
    const bob = await grantStandingApproval(h.db.db, { environment: 'prod-payments', grantedBy: 'bob', reason: 'CHG-1042 window', expiresAt: inAnHour(), actionDomains: ['compliance', 'network', 'workload', 'iam', 'supply_chain', 'waf'] });
    const pre = await h.startCycle(env, { ...PROD_CHANGE, requester: 'alice' });
    const approved = (await pre.result()) as HardeningCycleResult;
    expect(approved.outcome).toBe('applied');
    expect(approved.approval).toMatchObject({ approver: 'bob', decision: 'approved', standingApprovalId: bob.id });
    expect(approved.approval?.comment).toMatch(new RegExp(`^standing approval #${bob.id} granted by bob .*: CHG-1042 window$`));
    expect(await approvalRow(pre.workflowId)).toMatchObject({ approver: 'bob', decision: 'approved', standing_approval_id: bob.id });

    // Bob's own cycle cannot use bob's grant; revoked, it is not used by anyone.
    const self = await h.startCycle(env, { ...PROD_CHANGE, requester: 'Bob' });
    await expect.poll(async () => (await self.query(cycleStatusQuery)).stage, { timeout: 30_000 }).toBe('awaiting_approval');
    expect((await self.query(cycleStatusQuery)).standingApprovalNotes).toEqual([
      `standing approval #${bob.id} not used: granted by bob, who requested this change (four-eyes)`,
    ]);
    await revokeStandingApproval(h.db.db, bob.id, 'bob', 'window closed');
    const after = await h.startCycle(env, { ...PROD_CHANGE, requester: 'alice' });
    await expect.poll(async () => (await after.query(cycleStatusQuery)).stage, { timeout: 30_000 }).toBe('awaiting_approval');
    expect((await after.query(cycleStatusQuery)).standingApprovalNotes).toBeUndefined();
    for (const [handle, approver] of [[self, 'carol'], [after, 'carol']] as const) {
      await handle.executeUpdate(approveUpdate, { args: [{ approver }] });
      expect(((await handle.result()) as HardeningCycleResult).outcome).toBe('applied');
      expect(await approvalRow(handle.workflowId)).toMatchObject({ approver: 'carol', standing_approval_id: null });
    }
    const fetch = async (x: typeof pre) => History.decode(History.encode(await x.fetchHistory()).finish());
    return { 'standing-approved': await fetch(pre), 'standing-self-granted': await fetch(self) };
  });
  if (process.env.UPDATE_HISTORIES) {
    for (const [name, history] of Object.entries(histories)) writeFileSync(`${DIR}hardening-cycle-${name}.pb`, History.encode(history).finish());
  }
  const replayed: string[] = [];
  const all = Object.entries(histories).map(([name, history]) => ({ workflowId: `fresh-${name}`, history }));
  for await (const result of Worker.runReplayHistories({ workflowBundle: await workflowBundle() }, all)) {
    expect(result.error, `${result.workflowId}: ${result.error?.message}`).toBeUndefined();
    replayed.push(result.workflowId);
  }
  expect(replayed).toHaveLength(2);
}, 180_000);
