// POST /api/v1/evidence/{id}/cancel: cancel the evidence's threat analysis. Idempotent: a
// running analysis gets a cancellation request (202; the workflow then withdraws its stored
// rules and records `cancelled`, or `compensation_failed`, on the evidence row); a closed or
// already cancelled one answers 200 with its current state; unknown evidence is 404.
import { createRoute, z } from '@hono/zod-openapi';
import { WorkflowNotFoundError } from '@temporalio/client';
import { eq } from 'drizzle-orm';
import { unescapeNulDeep } from '../../db/nul-escape';
import { COMPENSATION_STATUSES } from '../../domain/saga';
import { evidence } from '../../db/schema';
import { threatAnalysisId } from '../../temporal/workflows';
import { notFoundError } from '../errors';
import { apiRoute, newRouter } from '../router';
import { EvidenceId } from '../schemas';
import type { ApiServices } from '../services';

const DEADLINE_MS = 5000;

const Compensation = z.object({ step: z.string(), status: z.enum(COMPENSATION_STATUSES), reason: z.string().optional() });

const CancelState = z
  .object({
    evidenceId: z.string(),
    workflowId: z.string(),
    /** Temporal's status of the analysis (RUNNING, COMPLETED, CANCELLED, ...); null when it never started. */
    workflowStatus: z.string().nullable(),
    /** True when this call asked a running analysis to cancel. */
    cancelRequested: z.boolean(),
    /** The evidence row: received | analyzed | integrity_failed | failed | cancelled | compensation_failed. */
    status: z.string(),
    /** The closed analysis's outcome; null while it runs. */
    outcome: z.string().nullable(),
    compensations: z.array(Compensation),
  })
  .openapi('EvidenceCancel');

const running = {
  evidenceId: 'hp-2026-0001',
  workflowId: 'threat-analysis:hp-2026-0001',
  workflowStatus: 'RUNNING',
  cancelRequested: true,
  status: 'analyzed',
  outcome: null,
  compensations: [],
};
const closed = {
  ...running,
  workflowStatus: 'CANCELLED',
  cancelRequested: false,
  status: 'cancelled',
  outcome: 'cancelled',
  compensations: [{ step: 'withdraw rule 9512345 (command_injection)', status: 'done', reason: 'rule 9512345 rejected (was proposed)' }],
};

const cancelRoute = apiRoute(createRoute({
  method: 'post',
  path: '/{id}/cancel',
  tags: ['evidence'],
  summary: "Cancel the evidence's threat analysis (idempotent): its stored rules are withdrawn and the outcome recorded",
  request: { params: z.object({ id: EvidenceId.openapi({ param: { name: 'id', in: 'path' }, example: 'hp-2026-0001' }) }) },
  responses: {
    200: {
      description: 'The analysis is already closed (or cancelled, or never started): its current state, nothing changed',
      content: { 'application/json': { schema: CancelState, example: closed } },
    },
    202: {
      description: 'The analysis was running: cancellation requested; poll GET /api/v1/evidence/{id} for the recorded outcome',
      content: { 'application/json': { schema: CancelState, example: running } },
    },
  },
}), 'evidence_not_found', 'temporal_unavailable', 'temporal_error');

export function evidenceCancelRoutes(s: ApiServices) {
  const app = newRouter();
  app.openapi(cancelRoute, async (c) => {
    const { id } = c.req.valid('param');
    const [row] = await s.db.select().from(evidence).where(eq(evidence.id, id)).limit(1);
    if (!row) throw notFoundError('evidence', id);
    const workflowId = threatAnalysisId(id);
    const handle = s.temporal.workflow.getHandle(workflowId);
    let workflowStatus: string | null = null;
    try {
      workflowStatus = (await s.temporal.withDeadline(Date.now() + DEADLINE_MS, () => handle.describe())).status.name;
    } catch (err) {
      if (!(err instanceof WorkflowNotFoundError)) throw err;
    }
    const cancelRequested = workflowStatus === 'RUNNING';
    // A repeated request while the saga compensates is a no-op on Temporal's side as well.
    if (cancelRequested) await s.temporal.withDeadline(Date.now() + DEADLINE_MS, () => handle.cancel());
    const body = {
      evidenceId: id,
      workflowId,
      workflowStatus,
      cancelRequested,
      status: row.status,
      outcome: row.outcome,
      compensations: unescapeNulDeep(row.compensations),
    };
    return cancelRequested ? c.json(body, 202) : c.json(body, 200);
  });
  return app;
}
