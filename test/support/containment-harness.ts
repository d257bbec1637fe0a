// What an incident-containment workflow test needs on top of the cycle harness: the incident
// lab environment registered, and starting an incident on the harness's own task queue.
import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkflowHandle } from '@temporalio/client';
import { expect } from 'vitest';
import { incidentLabYaml } from '../../domain/containment/test-support';
import type { IncidentInput } from '../../domain/containment/incident';
import { upsertEnvironment } from '../../repo/hardening/environments';
import { incidentContainmentStart, WORKFLOW_TYPES, type IncidentContainmentFn } from '../../temporal/workflows';
import { incidentStatusQuery } from '../../workflows/containment/incident-containment.defs';
import type { CycleHarness } from './cycle-harness';

export async function registerIncidentLab(h: CycleHarness): Promise<void> {
  await upsertEnvironment(h.db.db, incidentLabYaml());
}

export function startIncident(
  env: TestWorkflowEnvironment,
  h: CycleHarness,
  input: Partial<IncidentInput> & Pick<IncidentInput, 'environment' | 'suspects'>,
): Promise<WorkflowHandle<IncidentContainmentFn>> {
  const full: IncidentInput = {
    incidentId: `inc-${randomUUID().slice(0, 8)}`,
    severity: 8,
    signals: ['credential_anomaly'],
    requester: 'alice',
    ...input,
  };
  return env.client.workflow.start<IncidentContainmentFn>(WORKFLOW_TYPES.incidentContainment, incidentContainmentStart(full, { hardening: h.taskQueue }));
}

/** Waits until the incident holds containment (or reaches `stage`). */
export async function waitFor(handle: WorkflowHandle, want: { stage?: string; outcome?: string }, timeout = 30_000) {
  let last: unknown;
  await expect
    .poll(async () => {
      const s = await handle.query(incidentStatusQuery).catch((err: unknown) => {
        last = String(err);
        throw err;
      });
      last = { stage: s.stage, outcome: s.outcome, error: s.error, steps: s.steps.map((x) => `${x.key}:${x.status}`) };
      return (want.stage === undefined || s.stage === want.stage) && (want.outcome === undefined || s.outcome === want.outcome);
    }, { timeout, interval: 100 })
    .toBe(true)
    .catch((err: Error) => {
      throw new Error(`incident never reached ${JSON.stringify(want)}; last seen ${JSON.stringify(last)}`, { cause: err });
    });
  return handle.query(incidentStatusQuery);
}

/** Containment rows of one incident: step key, action key and status, in apply order. */
export async function holdsOf(h: CycleHarness, workflowId: string) {
  const rows = await h.db.execute('select idempotency_key, action_id, target, status from containment_holds where workflow_id = $1 order by id', [workflowId]);
  return rows.map((r) => ({ step: String(r.idempotency_key), key: `${r.action_id}@${r.target}`, status: String(r.status) }));
}

export async function eventKinds(h: CycleHarness, workflowId: string): Promise<string[]> {
  const rows = await h.db.execute('select kind from incident_events where workflow_id = $1 order by id', [workflowId]);
  return rows.map((r) => String(r.kind));
}
