// /api/v1/approvals: the approver's inbox. Whether a cycle waits for approval is workflow
// state, so the DB only narrows the candidates (running cycles) and each one is asked live.
// A cancelled cycle drops out twice over: its record leaves `running` as it compensates, and
// its live status stops saying awaitingApproval.
import { createRoute, z } from '@hono/zod-openapi';
import { and, desc, eq } from 'drizzle-orm';
import { cycles } from '../../db/schema';
import { queryStatus } from './cycle-view';
import { apiRoute, newRouter } from '../router';
import { AnyObject, EnvironmentName, toJson } from '../schemas';
import type { ApiServices } from '../services';

/** Bounds the fan-out of live queries per request. */
const MAX_CANDIDATES = 200;
const QUERY_CONCURRENCY = 10;

const PendingApproval = z
  .object({
    workflowId: z.string(),
    environment: z.string(),
    requester: z.string(),
    startedAt: z.string(),
    action: AnyObject.nullable(),
    policy: AnyObject.nullable(),
    simulation: AnyObject.nullable(),
    riskBefore: z.number().nullable(),
    explanation: z.string().nullable(),
  })
  .openapi('PendingApproval');

const pendingRoute = apiRoute(createRoute({
  method: 'get',
  path: '/',
  tags: ['approvals'],
  summary: 'Cycles currently awaiting approval (approve/reject via /api/v1/cycles/{workflowId}/approve|reject)',
  request: { query: z.object({ environment: EnvironmentName.optional() }) },
  responses: {
    200: { description: 'Pending approvals, oldest first', content: { 'application/json': { schema: z.array(PendingApproval) } } },
  },
}));

async function mapLimited<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]);
    }
  });
  await Promise.all(workers);
  return out;
}

export function approvalRoutes(s: ApiServices) {
  const app = newRouter();

  app.openapi(pendingRoute, async (c) => {
    const { environment } = c.req.valid('query');
    const running = await s.db
      .select()
      .from(cycles)
      .where(and(eq(cycles.status, 'running'), environment ? eq(cycles.environment, environment) : undefined))
      .orderBy(desc(cycles.startedAt))
      .limit(MAX_CANDIDATES);
    const statuses = await mapLimited(running, QUERY_CONCURRENCY, (row) =>
      queryStatus(s, s.temporal.workflow.getHandle(row.workflowId), 3000),
    );
    const pending = running
      .map((row, i) => ({ row, status: statuses[i] }))
      .filter(({ status }) => status?.awaitingApproval)
      .reverse() // oldest first: the one closest to its timeout is at the top
      .map(({ row, status }) => ({
        workflowId: row.workflowId,
        environment: row.environment,
        requester: row.requester,
        startedAt: row.startedAt.toISOString(),
        action: (status?.action as Record<string, unknown> | undefined) ?? null,
        policy: (status?.policy as Record<string, unknown> | undefined) ?? null,
        simulation: (status?.simulation as unknown as Record<string, unknown> | undefined) ?? null,
        riskBefore: status?.riskBefore ?? null,
        explanation: status?.explanation ?? null,
      }));
    return c.json(toJson(pending), 200);
  });

  return app;
}
