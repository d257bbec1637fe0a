// POST /api/v1/incidents/{id}/cancel: asks Temporal to cancel a running incident containment,
// like POST /api/v1/cycles/{workflowId}/cancel does for cycles. The workflow releases its holds
// in reverse order and records `cancelled`; this route only delivers the request.
import { createRoute, z } from '@hono/zod-openapi';
import { WorkflowNotFoundError } from '@temporalio/client';
import { ApiError } from '../errors';
import { apiRoute } from '../router';
import type { ApiServices } from '../services';
import { IdParam } from './schemas';
import { describeIncident } from './updates';

export const IncidentCancellation = z
  .object({
    workflowId: z.string(),
    incidentId: z.string(),
    state: z.literal('cancelling').openapi({ description: 'The request reached the running containment, which now releases its holds and closes as `cancelled`' }),
    status: z.string().openapi({ description: 'Where to poll for the outcome (GET)' }),
  })
  .openapi('IncidentCancellation');

const WF = 'incident-containment:sandbox:inc-2026-11-30-1a2b3c4d';

export const cancelIncidentRoute = apiRoute(createRoute({
  method: 'post',
  path: '/{id}/cancel',
  tags: ['incidents'],
  summary: 'Cancel a running incident containment: its holds are released in reverse order and it closes with outcome `cancelled`',
  request: { params: IdParam },
  responses: {
    202: {
      description: 'Cancellation requested (repeating it while it closes is harmless); poll `status` for outcome `cancelled`',
      content: {
        'application/json': {
          schema: IncidentCancellation,
          examples: { holding: { value: { workflowId: WF, incidentId: 'inc-2026-11-30-1a2b3c4d', state: 'cancelling', status: `/api/v1/incidents/${WF}` } } },
        },
      },
    },
  },
}), 'incident_not_found', 'not_holding', 'temporal_unavailable', 'temporal_error');

/**
 * Requests cancellation of incident `id` (workflow id, or incident id unique across environments).
 * Returns the 202 body. Throws ApiError 404 `incident_not_found` for an unknown id, 409
 * `not_holding` when the containment has already closed (nothing to cancel).
 */
export async function cancelIncident(s: ApiServices, id: string): Promise<z.infer<typeof IncidentCancellation>> {
  const view = await describeIncident(s, id);
  const closed = () => new ApiError('not_holding', `incident ${view.workflowId} has already closed (outcome ${view.outcome ?? 'none'}): nothing to cancel`);
  if (view.status === 'completed') throw closed();
  try {
    const desc = await s.temporal.workflow.getHandle(view.workflowId).describe();
    if (desc.status.name !== 'RUNNING') throw closed();
    await s.temporal.workflow.getHandle(view.workflowId).cancel();
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) throw closed();
    throw err;
  }
  return { workflowId: view.workflowId, incidentId: view.incidentId, state: 'cancelling', status: `/api/v1/incidents/${view.workflowId}` };
}
