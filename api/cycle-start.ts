// Starting a hardening cycle, shared by the seed's POST /cycle/run and POST /api/v1/cycles.
// Everything that can be refused (unknown environment, invalid action) is checked here
// BEFORE a sequence number is allocated or a workflow started, so a 4xx writes nothing.
import {
  WorkflowExecutionAlreadyStartedError,
  WorkflowIdConflictPolicy,
  WorkflowIdReusePolicy,
  WorkflowNotFoundError,
  type WorkflowHandle,
} from '@temporalio/client';
import { validateProposedAction } from '../domain/hardening';
import type { ProposedAction } from '../domain/hardening/types';
import { loadEnvironmentContext, nextCycleSequence } from '../repo/environments';
import { TASK_QUEUES, SA, cycleSequencePart, workflowId as makeWorkflowId } from '../temporal/ids';
import type { ExecutorMode, HardeningCycleInput, HardeningCycleResult } from '../workflows/hardening-cycle.defs';
import { ApiError, notFoundError } from './errors';
import type { ApiServices } from './services';

export const WORKFLOW_TYPE = 'hardeningCycleWorkflow';

export interface StartCycleRequest {
  environment: string;
  requester: string;
  trigger: HardeningCycleInput['trigger'];
  mode?: ExecutorMode;
  action?: ProposedAction;
  tags?: Record<string, string>;
  approvalTimeout?: string;
  /** Client-chosen idempotency key: the same key always maps to the same workflow. */
  requestId?: string;
}

export interface StartedCycle {
  handle: WorkflowHandle<(input: HardeningCycleInput) => Promise<HardeningCycleResult>>;
  workflowId: string;
  runId: string;
  environment: string;
  /** False when requestId matched an existing cycle (idempotent re-post). */
  created: boolean;
}

export async function startCycle(s: ApiServices, req: StartCycleRequest): Promise<StartedCycle> {
  const ctx = await loadEnvironmentContext(s.db, req.environment);
  if (!ctx) throw notFoundError('environment', req.environment);
  if (req.action) {
    const problem = validateProposedAction(ctx.spec, ctx.controls, req.action);
    if (problem) throw new ApiError(422, 'invalid_action', problem);
  }

  const client = s.temporal.workflow;
  let id: string;
  if (req.requestId !== undefined) {
    id = makeWorkflowId('hardening-cycle', req.environment, `req-${req.requestId}`);
    const existing = await describeIfExists(s, id);
    if (existing) return { handle: client.getHandle(id), workflowId: id, runId: existing, environment: req.environment, created: false };
  } else {
    const seq = await nextCycleSequence(s.db, req.environment);
    if (seq === undefined) throw notFoundError('environment', req.environment); // deleted meanwhile
    id = makeWorkflowId('hardening-cycle', req.environment, cycleSequencePart(seq));
  }

  const input: HardeningCycleInput = {
    environment: req.environment,
    requester: req.requester,
    trigger: req.trigger,
    mode: req.mode ?? s.config.EXECUTOR_MODE,
    approvalTimeout: req.approvalTimeout ?? s.config.APPROVAL_TIMEOUT,
    ...(req.action ? { action: req.action } : {}),
    ...(req.tags ? { tags: req.tags } : {}),
  };
  try {
    const handle = await client.start<(i: HardeningCycleInput) => Promise<HardeningCycleResult>>(WORKFLOW_TYPE, {
      workflowId: id,
      taskQueue: TASK_QUEUES.hardening,
      args: [input],
      typedSearchAttributes: [
        { key: SA.kind, value: 'hardening-cycle' },
        { key: SA.environment, value: req.environment },
        ...(req.action ? [{ key: SA.action, value: req.action.actionId }] : []),
      ],
      memo: { summary: `hardening cycle for ${req.environment} requested by ${req.requester}` },
      // Idempotent ids: a concurrent twin joins the running cycle, and a finished one is
      // never re-run under the same request id.
      ...(req.requestId !== undefined
        ? {
            workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
            workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
          }
        : {}),
    });
    return { handle, workflowId: id, runId: handle.firstExecutionRunId, environment: req.environment, created: true };
  } catch (err) {
    if (req.requestId !== undefined && err instanceof WorkflowExecutionAlreadyStartedError) {
      const runId = (await describeIfExists(s, id)) ?? '';
      return { handle: client.getHandle(id), workflowId: id, runId, environment: req.environment, created: false };
    }
    throw err;
  }
}

/** The run id of an existing workflow, or undefined when Temporal has never seen the id. */
async function describeIfExists(s: ApiServices, id: string): Promise<string | undefined> {
  try {
    return (await s.temporal.workflow.getHandle(id).describe()).runId;
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return undefined;
    throw err;
  }
}
