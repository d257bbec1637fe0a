// POST /api/v1/cycles/{workflowId}/cancel: asks Temporal to cancel a running cycle. The
// workflow compensates, records `cancelled` (or `compensation_failed`) and ends as Cancelled;
// this route only delivers the request, so it is idempotent and answers with the current state.
import { createRoute, z } from '@hono/zod-openapi';
import { WorkflowNotFoundError } from '@temporalio/client';
import { eq } from 'drizzle-orm';
import { cycles } from '../../db/schema';
import { notFoundError } from '../errors';
import { apiRoute } from '../router';
import { Text } from '../schemas';
import type { ApiServices } from '../services';

const DESCRIBE_DEADLINE_MS = 5000;

export const CycleCancellation = z
  .object({
    workflowId: z.string(),
    state: z.enum(['cancelling', 'closed']).openapi({
      description: '`cancelling`: the request reached the running cycle, which now compensates and closes; `closed`: it had already ended, nothing was done',
    }),
    temporalStatus: z.string().nullable().openapi({ description: 'Temporal execution status (RUNNING, CANCELLED, COMPLETED…); null once Temporal no longer keeps the run' }),
    recordStatus: z.string().nullable().openapi({ description: 'Stored record: running | compensating | completed' }),
    outcome: z.string().nullable().openapi({ description: 'Stored outcome once closed, e.g. cancelled, compensation_failed, applied' }),
  })
  .openapi('CycleCancellation');

type Cancellation = z.infer<typeof CycleCancellation>;

const example = (e: Cancellation) => ({ value: e });
const ID = 'hardening-cycle:prod-payments:000042';

export const cancelRoute = apiRoute(createRoute({
  method: 'post',
  path: '/{workflowId}/cancel',
  tags: ['cycles'],
  summary: 'Cancel a cycle (idempotent): it compensates what it changed, records `cancelled`, leaves the approvals inbox',
  request: {
    params: z.object({
      workflowId: Text(300).openapi({ param: { name: 'workflowId', in: 'path' }, example: ID }),
    }),
  },
  responses: {
    202: {
      description: 'Cancellation requested (again, if it already was); poll GET /api/v1/cycles/{workflowId} for the outcome',
      content: {
        'application/json': {
          schema: CycleCancellation,
          examples: {
            awaitingApproval: example({ workflowId: ID, state: 'cancelling', temporalStatus: 'RUNNING', recordStatus: 'running', outcome: null }),
          },
        },
      },
    },
    200: {
      description: 'The cycle had already closed (cancelled or not); its current state, nothing changed',
      content: {
        'application/json': {
          schema: CycleCancellation,
          examples: {
            cancelled: example({ workflowId: ID, state: 'closed', temporalStatus: 'CANCELLED', recordStatus: 'completed', outcome: 'cancelled' }),
            finished: example({ workflowId: ID, state: 'closed', temporalStatus: 'COMPLETED', recordStatus: 'completed', outcome: 'applied' }),
          },
        },
      },
    },
  },
}), 'cycle_not_found', 'temporal_unavailable', 'temporal_error');

async function currentState(s: ApiServices, workflowId: string) {
  const [row] = await s.db.select().from(cycles).where(eq(cycles.workflowId, workflowId)).limit(1);
  let temporalStatus: string | null = null;
  try {
    const desc = await s.temporal.withDeadline(Date.now() + DESCRIBE_DEADLINE_MS, () => s.temporal.workflow.getHandle(workflowId).describe());
    temporalStatus = desc.status.name;
  } catch (err) {
    // Not found: never started here, or past Temporal's retention; the record still answers.
    // Any other error (Temporal down) is only fatal when there is no record to answer with.
    if (!(err instanceof WorkflowNotFoundError) && !row) throw err;
  }
  if (!row && temporalStatus === null) return undefined;
  return { workflowId, temporalStatus, recordStatus: row?.status ?? null, outcome: row?.outcome ?? null };
}

/**
 * Requests cancellation of a running cycle. Returns 202 + `cancelling` when the request reached
 * a running run (repeating it is harmless), 200 + `closed` when the run had already ended.
 * Throws ApiError 404 `cycle_not_found` when neither Temporal nor the database knows the id.
 */
export async function cancelCycle(s: ApiServices, workflowId: string): Promise<{ status: 200 | 202; body: Cancellation }> {
  const before = await currentState(s, workflowId);
  if (!before) throw notFoundError('cycle', workflowId);
  if (before.temporalStatus === 'RUNNING') {
    try {
      await s.temporal.workflow.getHandle(workflowId).cancel();
      return { status: 202, body: { ...before, state: 'cancelling' } };
    } catch (err) {
      // Closed between the describe and the cancel: answer like any closed cycle.
      if (!(err instanceof WorkflowNotFoundError)) throw err;
    }
  }
  const now = (await currentState(s, workflowId)) ?? before;
  return { status: 200, body: { ...now, state: 'closed' } };
}
