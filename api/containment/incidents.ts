// /api/v1/incidents: raise an incident (one incident-containment workflow per incident id),
// list and read them (live status through the workflow's query), and send its Updates.
import { randomUUID } from 'node:crypto';
import { createRoute, z } from '@hono/zod-openapi';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { and, desc, eq, type SQL } from 'drizzle-orm';
import { incidents } from '../../db/schema';
import { suspectProblem } from '../../domain/containment/propagation';
import type { IncidentInput } from '../../domain/containment/incident';
import { requireEnvironmentContext } from '../../repo/hardening/environments';
import { incidentContainmentStart, WORKFLOW_TYPES, type IncidentContainmentFn } from '../../temporal/workflows';
import { ApiError } from '../errors';
import { apiRoute, newRouter } from '../router';
import { ApprovalBody, ApprovalRecordSchema, toJson } from '../schemas';
import type { ApiServices } from '../services';
import { cancelIncident, cancelIncidentRoute } from './cancel';
import { IdParam, IncidentRef, IncidentView, ListQuery, StartIncidentBody } from './schemas';
import { describeIncident, incidentRow, sendUpdate, UPDATE_ROUTES, workflowExists } from './updates';

const tags = ['incidents'];

const startRoute = apiRoute(createRoute({
  method: 'post',
  path: '/',
  tags,
  summary: 'Raise an incident: severity gate → containment ranked by threat propagation stopped per dependency → approval if required → apply, verify, hold',
  request: { body: { required: true, content: { 'application/json': { schema: StartIncidentBody } } } },
  responses: {
    202: { description: 'Containment started', content: { 'application/json': { schema: IncidentRef } } },
    200: { description: 'This incident id already has its workflow (running or closed): the same one', content: { 'application/json': { schema: IncidentRef } } },
  },
}), 'environment_not_found', 'suspect_not_found', 'temporal_unavailable', 'temporal_error');

const listRoute = apiRoute(createRoute({
  method: 'get',
  path: '/',
  tags,
  summary: 'Recent incidents from the database, newest first',
  request: { query: ListQuery },
  responses: { 200: { description: 'Incidents', content: { 'application/json': { schema: z.array(IncidentView) } } } },
}));

const getRoute = apiRoute(createRoute({
  method: 'get',
  path: '/{id}',
  tags,
  summary: 'One incident: the record, and its live status (query) while the workflow runs',
  request: { params: IdParam },
  responses: { 200: { description: 'The incident', content: { 'application/json': { schema: IncidentView } } } },
}), 'incident_not_found', 'temporal_unavailable', 'temporal_error');

function decisionRoute(kind: 'approve' | 'reject') {
  return apiRoute(createRoute({
    method: 'post',
    path: `/{id}/${kind}`,
    tags,
    summary: `${kind === 'approve' ? 'Approve' : 'Reject'} an incident's containment awaiting approval (the requester may not decide)`,
    request: { params: IdParam, body: { required: true, content: { 'application/json': { schema: ApprovalBody } } } },
    responses: { 200: { description: 'The recorded decision', content: { 'application/json': { schema: ApprovalRecordSchema } } } },
  }), 'incident_not_found', 'self_approval_refused', 'not_awaiting_approval', 'temporal_unavailable', 'temporal_error');
}

export function incidentRoutes(s: ApiServices) {
  const app = newRouter();

  app.openapi(startRoute, async (c) => {
    const body = c.req.valid('json');
    const ctx = await requireEnvironmentContext(s.db, body.environment);
    const problem = suspectProblem(ctx.spec, body.suspects);
    if (problem) throw new ApiError(problem.reason === 'not_found' ? 'suspect_not_found' : 'invalid_request', problem.message);
    const incidentId = body.incidentId ?? `inc-${new Date().toISOString().slice(0, 10)}-${randomUUID().slice(0, 8)}`;
    const input: IncidentInput = {
      incidentId,
      environment: body.environment,
      severity: body.severity,
      signals: body.signals,
      suspects: body.suspects,
      requester: body.requester,
      approvalTimeout: body.approvalTimeout ?? s.config.APPROVAL_TIMEOUT,
      ...(body.tags ? { tags: body.tags } : {}),
      ...(body.expiresIn ? { expiresIn: body.expiresIn } : {}),
    };
    const options = incidentContainmentStart(input, s.queues);
    const ref = { incidentId, workflowId: options.workflowId };
    if (await workflowExists(s, options.workflowId)) return c.json(ref, 200);
    try {
      // USE_EXISTING + REJECT_DUPLICATE (temporal/workflows.ts): a concurrent twin joins this run.
      await s.temporal.workflow.start<IncidentContainmentFn>(WORKFLOW_TYPES.incidentContainment, options);
      return c.json(ref, 202);
    } catch (err) {
      if (err instanceof WorkflowExecutionAlreadyStartedError) return c.json(ref, 200);
      throw err;
    }
  });

  app.openapi(listRoute, async (c) => {
    const q = c.req.valid('query');
    const where: SQL[] = [];
    if (q.environment) where.push(eq(incidents.environment, q.environment));
    if (q.outcome) where.push(eq(incidents.outcome, q.outcome));
    if (q.status) where.push(eq(incidents.status, q.status));
    const rows = await s.db
      .select()
      .from(incidents)
      .where(where.length ? and(...where) : undefined)
      .orderBy(desc(incidents.startedAt), desc(incidents.workflowId))
      .limit(q.limit);
    return c.json(toJson(rows.map((r) => incidentRow(r, null, null))), 200);
  });

  app.openapi(getRoute, async (c) => c.json(toJson(await describeIncident(s, c.req.valid('param').id)), 200));

  for (const kind of ['approve', 'reject'] as const) {
    app.openapi(decisionRoute(kind), async (c) => {
      const answer = await sendUpdate(s, c.req.valid('param').id, kind, c.req.valid('json'));
      return c.json(answer as z.infer<typeof ApprovalRecordSchema>, 200);
    });
  }
  app.openapi(cancelIncidentRoute, async (c) => c.json(await cancelIncident(s, c.req.valid('param').id), 202));

  for (const { route, kind, toInput } of UPDATE_ROUTES) {
    app.openapi(route, async (c) => {
      const answer = await sendUpdate(s, c.req.valid('param').id, kind, toInput(c.req.valid('json') as never));
      return c.json(answer, 200);
    });
  }
  return app;
}
