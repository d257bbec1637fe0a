// /api/v1/cycles: start hardening cycles, inspect them, approve or reject the risky ones.
import { createRoute, z } from '@hono/zod-openapi';
import { WorkflowNotFoundError } from '@temporalio/client';
import { and, desc, eq, type SQL } from 'drizzle-orm';
import { cycles } from '../../db/schema';
import { approveUpdate, rejectUpdate, type ApprovalRecord } from '../../workflows/hardening/hardening-cycle.defs';
import { cancelCycle, cancelRoute } from './cycle-cancel';
import { startCycle } from './cycle-start';
import { ApiError, notFoundError } from '../errors';
import { apiRoute, newRouter } from '../router';
import { describeCycle } from './cycle-view';
import {
  AnyObject,
  ApprovalBody,
  ApprovalRecordSchema,
  Duration,
  EnvironmentName,
  Limit,
  Mode,
  ProposedActionSchema,
  Requester,
  Tags,
  Text,
  WorkflowRef,
  toJson,
} from '../schemas';
import type { ApiMetrics } from '../metrics';
import type { ApiServices } from '../services';

const tags = ['cycles'];
const IdParam = z.object({
  workflowId: Text(300).openapi({ param: { name: 'workflowId', in: 'path' }, example: 'hardening-cycle:sandbox:000042' }),
});

const StartBody = z
  .strictObject({
    environment: EnvironmentName,
    requester: Requester.default('api'),
    action: ProposedActionSchema.optional().openapi({ description: 'Operator-chosen action: skips the agent, not the gates' }),
    tags: Tags.optional(),
    mode: Mode.optional(),
    approvalTimeout: Duration.optional().openapi({ description: 'How long the cycle waits for an approver (default: APPROVAL_TIMEOUT)' }),
    requestId: z
      .string()
      .regex(/^[A-Za-z0-9_.-]{1,100}$/, 'letters, digits, _ . - only (max 100)')
      .optional()
      .openapi({ description: 'Idempotency key: re-posting it returns the same cycle (200) instead of starting another' }),
  })
  .openapi('StartCycle', { example: { environment: 'sandbox', requester: 'alice', mode: 'recommend', tags: { change_ticket: 'CHG-1234' } } });

const startRoute = apiRoute(createRoute({
  method: 'post',
  path: '/',
  tags,
  summary: 'Start a hardening cycle',
  request: { body: { required: true, content: { 'application/json': { schema: StartBody } } } },
  responses: {
    200: { description: 'requestId matched an existing cycle', content: { 'application/json': { schema: WorkflowRef } } },
    202: { description: 'Started', content: { 'application/json': { schema: WorkflowRef } } },
  },
}), 'environment_not_found', 'workflow_already_started', 'invalid_action', 'temporal_unavailable', 'temporal_error');

const listRoute = apiRoute(createRoute({
  method: 'get',
  path: '/',
  tags,
  summary: 'Recent cycles from the database, newest first',
  request: {
    query: z.object({
      environment: EnvironmentName.optional(),
      outcome: Text(50).optional().openapi({ example: 'applied' }),
      status: z.enum(['running', 'compensating', 'completed']).optional(),
      limit: Limit,
    }),
  },
  responses: {
    200: { description: 'Cycles', content: { 'application/json': { schema: z.array(AnyObject) } } },
  },
}));

const getRoute = apiRoute(createRoute({
  method: 'get',
  path: '/{workflowId}',
  tags,
  summary: 'One cycle: stored record, live status (while running) and Temporal execution status',
  request: { params: IdParam },
  responses: {
    200: { description: 'The cycle', content: { 'application/json': { schema: AnyObject } } },
  },
}), 'cycle_not_found', 'temporal_unavailable', 'temporal_error');

function decisionRoute(kind: 'approve' | 'reject') {
  return apiRoute(createRoute({
    method: 'post',
    path: `/{workflowId}/${kind}`,
    tags,
    summary: `${kind === 'approve' ? 'Approve' : 'Reject'} a cycle awaiting approval (the requester may not decide)`,
    request: { params: IdParam, body: { required: true, content: { 'application/json': { schema: ApprovalBody } } } },
    responses: {
      200: { description: 'The recorded decision', content: { 'application/json': { schema: ApprovalRecordSchema } } },
    },
  }), 'cycle_not_found', 'self_approval_refused', 'not_awaiting_approval', 'temporal_unavailable', 'temporal_error');
}

export function cycleRoutes(s: ApiServices, m: ApiMetrics) {
  const app = newRouter();

  app.openapi(startRoute, async (c) => {
    const body = c.req.valid('json');
    const started = await startCycle(s, { ...body, trigger: 'api' });
    if (started.created) m.cyclesStarted.inc({ environment: body.environment, trigger: 'api' });
    return c.json({ workflowId: started.workflowId, runId: started.runId }, started.created ? 202 : 200);
  });

  app.openapi(listRoute, async (c) => {
    const q = c.req.valid('query');
    const where: SQL[] = [];
    if (q.environment) where.push(eq(cycles.environment, q.environment));
    if (q.outcome) where.push(eq(cycles.outcome, q.outcome));
    if (q.status) where.push(eq(cycles.status, q.status));
    const rows = await s.db
      .select()
      .from(cycles)
      .where(where.length ? and(...where) : undefined)
      .orderBy(desc(cycles.startedAt), desc(cycles.workflowId))
      .limit(q.limit);
    return c.json(toJson(rows) as Record<string, unknown>[], 200);
  });

  app.openapi(getRoute, async (c) => {
    const { workflowId } = c.req.valid('param');
    const view = await describeCycle(s, workflowId);
    if (!view) throw notFoundError('cycle', workflowId);
    return c.json(toJson(view) as unknown as Record<string, unknown>, 200);
  });

  for (const kind of ['approve', 'reject'] as const) {
    app.openapi(decisionRoute(kind), async (c) => {
      const { workflowId } = c.req.valid('param');
      const body = c.req.valid('json');
      const record = await decide(s, workflowId, kind, body);
      return c.json(record, 200);
    });
  }

  app.openapi(cancelRoute, async (c) => {
    const { status, body } = await cancelCycle(s, c.req.valid('param').workflowId);
    return c.json(body, status);
  });

  return app;
}

async function decide(
  s: ApiServices,
  workflowId: string,
  kind: 'approve' | 'reject',
  body: { approver: string; comment?: string },
): Promise<ApprovalRecord> {
  const handle = s.temporal.workflow.getHandle(workflowId);
  try {
    return await handle.executeUpdate(kind === 'approve' ? approveUpdate : rejectUpdate, { args: [body] });
  } catch (err) {
    // Temporal says "not found" for a closed workflow too; a finished cycle is a conflict,
    // not a missing one, so look it up before answering 404.
    if (err instanceof WorkflowNotFoundError) {
      const [row] = await s.db.select().from(cycles).where(eq(cycles.workflowId, workflowId)).limit(1);
      if (row) {
        throw new ApiError('not_awaiting_approval', `cycle is not awaiting approval (${row.status}${row.outcome ? `: ${row.outcome}` : ''})`);
      }
      throw notFoundError('cycle', workflowId);
    }
    throw err;
  }
}
