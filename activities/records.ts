import { and, eq } from 'drizzle-orm';
import type { Db } from '../db/client';
import { approvals, cycles } from '../db/schema';
import type { ApprovalRecord, CycleStatus, HardeningCycleInput } from '../domain/hardening/cycle';

export function createRecordActivities(deps: { db: Db }) {
  const { db } = deps;
  return {
    async recordCycleStarted(input: HardeningCycleInput & { workflowId: string; mode: string }) {
      await db
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
        .onConflictDoNothing();
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
      await db
        .update(cycles)
        .set({
          status: 'completed',
          outcome: s.outcome,
          actionId: s.action?.actionId ?? null,
          target: s.action?.target ?? null,
          summary: s,
          finishedAt: new Date(),
        })
        .where(eq(cycles.workflowId, input.workflowId));
    },
  };
}

export type RecordActivities = ReturnType<typeof createRecordActivities>;
