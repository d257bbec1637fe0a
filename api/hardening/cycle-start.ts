// Starting a hardening cycle, shared by the seed's POST /cycle/run and POST /api/v1/cycles.
// Everything that can be refused (unknown environment, invalid action) is checked here
// BEFORE a sequence number is allocated or a workflow started, so a 4xx writes nothing.
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, type WorkflowHandle } from '@temporalio/client';
import { validateProposedAction } from '../../domain/hardening';
import type { ProposedAction } from '../../domain/hardening/types';
import { nextCycleSequence, requireEnvironmentContext } from '../../repo/hardening/environments';
import { hardeningCycleId, hardeningCycleStart, WORKFLOW_TYPES, type CycleIdPart, type HardeningCycleFn } from '../../temporal/workflows';
import type { ExecutorMode, HardeningCycleInput } from '../../workflows/hardening/hardening-cycle.defs';
import { ApiError, notFoundError } from '../errors';
import type { ApiServices } from '../services';

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
  handle: WorkflowHandle<HardeningCycleFn>;
  workflowId: string;
  runId: string;
  environment: string;
  /** False when requestId matched an existing cycle (idempotent re-post). */
  created: boolean;
}

export async function startCycle(s: ApiServices, req: StartCycleRequest): Promise<StartedCycle> {
  const ctx = await requireEnvironmentContext(s.db, req.environment);
  if (req.action) {
    const problem = validateProposedAction(ctx.spec, ctx.controls, req.action);
    if (problem) throw new ApiError('invalid_action', problem);
  }

  const client = s.temporal.workflow;
  let idPart: CycleIdPart;
  if (req.requestId !== undefined) {
    idPart = { requestId: req.requestId };
    const id = hardeningCycleId(req.environment, idPart);
    const existing = await describeIfExists(s, id);
    if (existing) return { handle: client.getHandle(id), workflowId: id, runId: existing, environment: req.environment, created: false };
  } else {
    const seq = await nextCycleSequence(s.db, req.environment);
    if (seq === undefined) throw notFoundError('environment', req.environment); // deleted meanwhile
    idPart = { seq };
  }

  const input: HardeningCycleInput = {
    environment: req.environment,
    requester: req.requester,
    trigger: req.trigger,
    // A recommend-only environment is never changed (the executor enforces it too).
    mode: ctx.spec.recommendOnly ? 'recommend' : (req.mode ?? s.config.EXECUTOR_MODE),
    approvalTimeout: req.approvalTimeout ?? s.config.APPROVAL_TIMEOUT,
    ...(req.action ? { action: req.action } : {}),
    ...(req.tags ? { tags: req.tags } : {}),
  };
  const options = hardeningCycleStart(input, idPart);
  const id = options.workflowId;
  try {
    const handle = await client.start<HardeningCycleFn>(WORKFLOW_TYPES.hardeningCycle, options);
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
