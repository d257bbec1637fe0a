import { and, eq, ne } from 'drizzle-orm';
import type { Registry } from 'prom-client';
import type { Db } from '../../db/client';
import { approvals, cycles } from '../../db/schema';
import type { ApprovalRecord, CycleStatus, HardeningCycleInput } from '../../domain/hardening/cycle';
import { hardeningMetrics } from '../../runtime/metrics';

export function createRecordActivities(deps: { db: Db; metrics?: Registry }) {
  const { db } = deps;
  const metrics = hardeningMetrics(deps.metrics);
  return {
    async recordCycleStarted(input: HardeningCycleInput & { workflowId: string; mode: string }) {
      const inserted = await db
        .insert(cycles)
        .values({
          workflowId: input.workflowId,
          environment: input.environment,
          trigger: input.trigger,
          requester: input.requester,
          mode: input.mode,
          status: 'running',
          actionId: input.action?.actionId,
          target: input.action?.target,
        })
        .onConflictDoNothing()
        .returning({ workflowId: cycles.workflowId });
      // Once per cycle: a retry finds the row and counts nothing.
      if (inserted.length) metrics.started.inc({ environment: input.environment, trigger: input.trigger });
    },

    async recordApproval(input: { workflowId: string; requester: string; approval: ApprovalRecord | null; reasons: string[] }) {
      await db
        .insert(approvals)
        .values({
          workflowId: input.workflowId,
          requester: input.requester,
          approver: input.approval?.approver ?? null,
          decision: input.approval?.decision ?? 'timed_out',
          comment: input.approval?.comment ?? null,
          reasons: input.reasons,
          standingApprovalId: input.approval?.standingApprovalId ?? null,
        })
        .onConflictDoNothing();
    },

    /**
     * Compensation of the proposal's claim: the record leaves `running` (status `compensating`),
     * so other cycles stop masking its action as in flight and the approvals inbox drops it.
     * `released` is false when the record was no longer running (a retry, or already closed).
     */
    async releaseActionClaim(input: { workflowId: string }): Promise<{ released: boolean }> {
      const rows = await db
        .update(cycles)
        .set({ status: 'compensating' })
        .where(and(eq(cycles.workflowId, input.workflowId), eq(cycles.status, 'running')))
        .returning({ workflowId: cycles.workflowId });
      return { released: rows.length > 0 };
    },

    /** Closes the record (status `completed`) with the outcome; the stored summary keeps what was compensated or failed to be. */
    async recordCycleOutcome(input: { workflowId: string; status: CycleStatus }) {
      const s = input.status;
      const values = {
        status: 'completed',
        outcome: s.outcome,
        actionId: s.action?.actionId ?? null,
        target: s.action?.target ?? null,
        summary: s,
        finishedAt: new Date(),
      };
      const closed = await db
        .update(cycles)
        .set(values)
        .where(and(eq(cycles.workflowId, input.workflowId), ne(cycles.status, 'completed')))
        .returning({ environment: cycles.environment });
      // Counted when this call closed the record; a retry (already completed) rewrites it uncounted.
      if (closed.length) metrics.closed.inc({ environment: closed[0].environment, outcome: s.outcome });
      else await db.update(cycles).set(values).where(eq(cycles.workflowId, input.workflowId));
    },
  };
}

export type RecordActivities = ReturnType<typeof createRecordActivities>;
