// One cycle as a user wants to see it: the stored record (survives Temporal retention), the
// workflow's live status while it runs, and Temporal's own execution status. Each source may
// be missing or down; the view degrades instead of failing.
import { WorkflowNotFoundError, type WorkflowExecutionDescription, type WorkflowHandle } from '@temporalio/client';
import { eq } from 'drizzle-orm';
import { cycles } from '../../db/schema';
import { cycleStatusQuery, type CycleStatus } from '../../workflows/hardening/hardening-cycle.defs';
import type { ApiServices } from '../services';

const DESCRIBE_DEADLINE_MS = 5000;

export interface CycleView {
  workflowId: string;
  record: typeof cycles.$inferSelect | null;
  /** Live query result while running, else the summary stored at completion. */
  status: CycleStatus | null;
  statusSource: 'live' | 'stored' | null;
  temporal: {
    status: string;
    runId: string;
    startTime: Date;
    closeTime?: Date;
    historyLength: number;
    memo?: Record<string, unknown>;
  } | null;
  /** Set when Temporal could not be asked (e.g. unreachable); the record is still returned. */
  temporalError?: string;
}

export async function describeCycle(s: ApiServices, workflowId: string): Promise<CycleView | undefined> {
  const [row] = await s.db.select().from(cycles).where(eq(cycles.workflowId, workflowId)).limit(1);
  const handle = s.temporal.workflow.getHandle(workflowId);

  let desc: WorkflowExecutionDescription | undefined;
  let temporalErr: unknown;
  try {
    desc = await s.temporal.withDeadline(Date.now() + DESCRIBE_DEADLINE_MS, () => handle.describe());
  } catch (err) {
    if (!(err instanceof WorkflowNotFoundError)) temporalErr = err;
  }
  if (!row && !desc) {
    // Nothing stored and Temporal could not say: report the outage (503), not a 404.
    if (temporalErr) throw temporalErr;
    return undefined;
  }
  const temporalError = temporalErr instanceof Error ? temporalErr.message : temporalErr ? String(temporalErr) : undefined;

  const live = desc?.status.name === 'RUNNING' ? await queryStatus(s, handle) : null;
  const stored = (row?.summary as CycleStatus | null | undefined) ?? null;
  return {
    workflowId,
    record: row ?? null,
    status: live ?? stored,
    statusSource: live ? 'live' : stored ? 'stored' : null,
    temporal: desc
      ? {
          status: desc.status.name,
          runId: desc.runId,
          startTime: desc.startTime,
          closeTime: desc.closeTime,
          historyLength: desc.historyLength,
          memo: desc.memo,
        }
      : null,
    ...(temporalError ? { temporalError } : {}),
  };
}

/** Live status via the workflow's query; null when the worker is slow or the query fails. */
export async function queryStatus(s: ApiServices, handle: WorkflowHandle, ms = 5000): Promise<CycleStatus | null> {
  try {
    return await s.temporal.withDeadline(Date.now() + ms, () => handle.query(cycleStatusQuery));
  } catch {
    return null;
  }
}
