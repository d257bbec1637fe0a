// The incident-containment saga on a real Temporal dev server and both databases.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Controls } from '../../domain/hardening';
import { heldAssets } from '../../repo/containment/incidents';
import { environmentControls, type CycleHarness } from '../../test/support/cycle-harness';
import { eventKinds, holdsOf, registerIncidentLab, startIncident, waitFor } from '../../test/support/containment-harness';
import { withCycleHarness } from '../../test/support/suites';
import { SA } from '../../temporal/ids';
import { approveUpdate, escalateUpdate, extendUpdate, incidentStatusQuery, resolveUpdate } from './incident-containment';

const source = { kind: 'source' as const, id: '203.0.113.7' };
const alice = { kind: 'identity' as const, id: 'dev-alice' };

describe.each(['postgres', 'pglite'] as const)('incidentContainmentWorkflow on %s', (database) => {
  let env: TestWorkflowEnvironment;
  let h: CycleHarness;
  withCycleHarness(database, (ctx) => ({ env, h } = ctx));
  beforeAll(async () => registerIncidentLab(h));
  const controlsOf = async (name: string) => (await environmentControls(h.db, name)) as { controls: Controls; version: number };

  it('below the severity threshold: recorded as below_threshold, nothing applied', async () => {
    const before = await controlsOf('sandbox');
    const worker = await h.newWorker(env);
    await worker.runUntil(async () => {
      const handle = await startIncident(env, h, { environment: 'sandbox', severity: 3, suspects: [source] });
      const result = await handle.result();
      expect(result.outcome).toBe('below_threshold');
      expect(result.error).toMatch(/^Rule containment_severity: .* needs incident severity >= 7 \(got 3\)/);
      expect(result.steps).toEqual([]);
      expect(await holdsOf(h, handle.workflowId)).toEqual([]);
      expect(await eventKinds(h, handle.workflowId)).toEqual(['started', 'plan', 'outcome']);
      const desc = await handle.describe();
      expect(desc.typedSearchAttributes.get(SA.outcome)).toBe('below_threshold');
      expect(desc.typedSearchAttributes.get(SA.severity)).toBe(3);
      const [row] = await h.db.execute('select status, outcome from incidents where workflow_id = $1', [handle.workflowId]);
      expect(row).toEqual({ status: 'completed', outcome: 'below_threshold' });
    });
    expect((await controlsOf('sandbox')).controls).toEqual(before.controls);
  });

  it('contains, holds, and on resolve rolls back in reverse with the flows restored', async () => {
    const before = await controlsOf('sandbox');
    const worker = await h.newWorker(env);
    await worker.runUntil(async () => {
      const handle = await startIncident(env, h, { environment: 'sandbox', suspects: [source, alice], tags: { owner_approved: 'true' } });
      const held = await waitFor(handle, { stage: 'holding', outcome: 'contained' });
      expect(held.propagationBefore).toBeGreaterThan(0.9);
      expect(held.propagationNow).toBe(0);
      expect(held.plans[0].ranked.map((p) => p.key).sort()).toEqual(['block_waf_source@web', 'disable_credentials@dev-alice']);
      expect(held.plans[0].ranked[0].reason).toMatch(/stopped per dependency/);
      const holds = await holdsOf(h, handle.workflowId);
      expect(holds.map((x) => x.status)).toEqual(['holding', 'holding']);
      expect([...(await heldAssets(h.db.db, 'sandbox')).keys()].sort()).toEqual(['dev-alice', 'web']);
      const desc = await handle.describe();
      expect(desc.typedSearchAttributes.get(SA.outcome)).toBe('contained');
      expect(String((await desc.memo)?.summary)).toMatch(/→ contained/);

      await handle.executeUpdate(resolveUpdate, { args: [{ by: 'carol', comment: 'attacker evicted' }] });
      const result = await handle.result();
      expect(result.outcome).toBe('resolved');
      expect(result.resolvedBy).toBe('carol');
      // Newest first.
      expect(result.compensated).toEqual([...holds].reverse().map((x) => x.step));
      expect(result.restored).toBe(true);
      expect((await holdsOf(h, handle.workflowId)).map((x) => x.status)).toEqual(['released', 'released']);
      expect(await heldAssets(h.db.db, 'sandbox')).toEqual(new Map());
      const kinds = await eventKinds(h, handle.workflowId);
      expect(kinds).toEqual(['started', 'plan', 'applied', 'verified', 'applied', 'verified', 'holding', 'resolved', 'released', 'released', 'release_verified', 'outcome']);
      expect((await handle.describe()).typedSearchAttributes.get(SA.outcome)).toBe('resolved');
    });
    expect((await controlsOf('sandbox')).controls).toEqual(before.controls);
  });

  it('a step that breaks an essential flow in the environment is undone at once, and the next one holds', async () => {
    const before = await controlsOf('incident-lab');
    const worker = await h.newWorker(env);
    await worker.runUntil(async () => {
      const handle = await startIncident(env, h, {
        environment: 'incident-lab',
        suspects: [{ kind: 'workload', id: 'jobs' }, { kind: 'source', id: '198.51.100.9' }],
      });
      const held = await waitFor(handle, { stage: 'holding' });
      expect(held.steps.map((s) => [s.key, s.status])).toEqual([
        ['block_waf_source@edge', 'holding'],
        ['tighten_egress@jobs', 'broke_flow'],
      ]);
      expect(held.steps[1].reason).toMatch(/fulfilment broke in the environment: jobs -> orders:9090/);
      expect(held.compensated).toEqual([held.steps[1].step]);
      expect((await controlsOf('incident-lab')).controls.assets.jobs).toEqual(before.controls.assets.jobs);
      await handle.executeUpdate(resolveUpdate, { args: [{ by: 'carol' }] });
      expect((await handle.result()).outcome).toBe('resolved');
    });
    expect((await controlsOf('incident-lab')).controls).toEqual(before.controls);
  });

  it('asks an approver other than the requester when the policy requires it', async () => {
    const worker = await h.newWorker(env);
    await worker.runUntil(async () => {
      const handle = await startIncident(env, h, { environment: 'incident-lab', requester: 'alice', suspects: [{ kind: 'identity', id: 'analyst' }] });
      const waiting = await waitFor(handle, { stage: 'awaiting_approval' });
      expect(waiting.plans[0].approvalReasons.join(' ')).toMatch(/permission_removal/);
      expect(await holdsOf(h, handle.workflowId)).toEqual([]);
      const refused = await handle.executeUpdate(approveUpdate, { args: [{ approver: 'ＡＬＩＣＥ' }] }).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(WorkflowUpdateFailedError);
      expect(((refused as WorkflowUpdateFailedError).cause as { type?: string }).type).toBe('SelfApprovalRefused');
      const resolveEarly = await handle.executeUpdate(resolveUpdate, { args: [{ by: 'bob' }] }).catch((e: unknown) => e);
      expect(((resolveEarly as WorkflowUpdateFailedError).cause as { type?: string }).type).toBe('NotHolding');
      await handle.executeUpdate(approveUpdate, { args: [{ approver: 'bob' }] });
      const held = await waitFor(handle, { stage: 'holding' });
      expect(held.approval).toMatchObject({ approver: 'bob', decision: 'approved' });
      expect(held.steps.map((s) => [s.key, s.status])).toEqual([['disable_credentials@analyst', 'holding']]);
      await handle.executeUpdate(resolveUpdate, { args: [{ by: 'bob' }] });
      expect((await handle.result()).outcome).toBe('resolved');
    });
  });

  it('escalate adds containment through the same gates; extend moves the expiry', async () => {
    const worker = await h.newWorker(env);
    await worker.runUntil(async () => {
      const handle = await startIncident(env, h, { environment: 'sandbox', suspects: [source], tags: { owner_approved: 'true' } });
      const first = await waitFor(handle, { stage: 'holding' });
      expect(first.steps.map((s) => s.key)).toEqual(['block_waf_source@web']);
      const { expiresAt } = await handle.executeUpdate(extendUpdate, { args: [{ by: 'carol', expiresIn: '48h' }] });
      expect(Date.parse(expiresAt) - Date.parse(first.expiresAt!)).toBeGreaterThan(23 * 3600_000);
      const bad = await handle.executeUpdate(extendUpdate, { args: [{ by: 'carol', expiresIn: 'soon' }] }).catch((e: unknown) => e);
      expect(((bad as WorkflowUpdateFailedError).cause as { type?: string }).type).toBe('InvalidInput');
      const shorter = await handle.executeUpdate(extendUpdate, { args: [{ by: 'carol', expiresIn: '12h' }] }).catch((e: unknown) => e);
      expect((shorter as WorkflowUpdateFailedError).cause).toMatchObject({ type: 'InvalidInput', message: expect.stringMatching(/never shortens/) });
      expect((await handle.query(incidentStatusQuery)).expiresAt).toBe(expiresAt);
      expect(await handle.executeUpdate(escalateUpdate, { args: [{ by: 'carol', severity: 9, suspects: [alice] }] })).toEqual({ escalation: 1 });
      await expect.poll(async () => (await handle.query(incidentStatusQuery)).steps.length, { timeout: 30_000 }).toBe(2);
      const now = await waitFor(handle, { stage: 'holding' });
      expect(now.steps.map((s) => [s.key, s.status])).toEqual([['block_waf_source@web', 'holding'], ['disable_credentials@dev-alice', 'holding']]);
      expect(now.severity).toBe(9);
      expect(now.plans).toHaveLength(2);
      expect(now.escalations).toEqual([{ by: 'carol', severity: 9, suspects: [alice], outcome: 'applied' }]);
      await handle.executeUpdate(resolveUpdate, { args: [{ by: 'carol' }] });
      const result = await handle.result();
      expect(result.outcome).toBe('resolved');
      expect(result.compensated).toHaveLength(2);
    });
  });

  it('a prod-tier plan without a change ticket fails naming the missing ticket, not a broken flow', async () => {
    const worker = await h.newWorker(env);
    await worker.runUntil(async () => {
      const handle = await startIncident(env, h, { environment: 'prod-payments', suspects: [{ kind: 'source', id: '198.51.100.23' }] });
      const result = await handle.result();
      expect(result.outcome).toBe('failed');
      expect(result.plans[0].ranked).toEqual([]);
      expect(result.error).toMatch(/^no containment action could be applied: no change ticket for prod-tier asset \S+: action \S+ excluded/);
      expect(result.error).not.toMatch(/breaking an essential flow/);
      expect(await holdsOf(h, handle.workflowId)).toEqual([]);
      const [row] = await h.db.execute("select outcome, summary->>'error' as error from incidents where workflow_id = $1", [handle.workflowId]);
      expect(row).toEqual({ outcome: 'failed', error: result.error });
    });
  });

  it('masks what containment holds from hardening cycles until release', async () => {
    const worker = await h.newWorker(env);
    await worker.runUntil(async () => {
      const incident = await startIncident(env, h, { environment: 'sandbox', suspects: [source] });
      await waitFor(incident, { stage: 'holding' });
      const chosen = await h.startCycle(env, { environment: 'sandbox', tags: { owner_approved: 'true' } });
      await chosen.result();
      const [decision] = await h.db.execute('select masked, target from decisions where workflow_id = $1', [chosen.workflowId]);
      const masked = decision.masked as { key: string; reason: string }[];
      expect(masked.find((m) => m.key === 'restrict_ingress@web')?.reason).toMatch(/^containment: held by incident containment incident-containment:sandbox:/);
      expect(decision.target).not.toBe('web');
      const operator = await h.startCycle(env, { environment: 'sandbox', action: { actionId: 'restrict_ingress', target: 'web', params: { allowed_cidrs: ['10.20.0.0/24'] } } });
      const refused = await operator.result();
      expect(refused.outcome).toBe('failed');
      expect(refused.error).toMatch(/held by incident containment/);
      await incident.executeUpdate(resolveUpdate, { args: [{ by: 'carol' }] });
      await incident.result();
      expect((await heldAssets(h.db.db, 'sandbox')).has('web')).toBe(false);
    });
  });
});
