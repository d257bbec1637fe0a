// The ZT-RL prototype's routes, kept so its README's curl loop works unchanged:
// POST /telemetry/sample, POST /cycle/run, GET /timeline.
import { createRoute, z } from '@hono/zod-openapi';
import type { WorkflowHandle } from '@temporalio/client';
import { insertSampleTelemetry } from '../../repo/hardening/environments';
import { startCycle } from './cycle-start';
import { approvalNotice, ApprovalNoticeSchema } from './approval-notice';
import { queryStatus } from './cycle-view';
import { loadTimeline } from './timeline-query';
import { notFoundError } from '../errors';
import { apiRoute, newRouter } from '../router';
import { AnyObject, EnvironmentName, Limit, Requester, TelemetryRowSchema, toJson } from '../schemas';
import type { ApiMetrics } from '../metrics';
import type { ApiServices } from '../services';

const sampleRoute = apiRoute(createRoute({
  method: 'post',
  path: '/telemetry/sample',
  tags: ['seed'],
  summary: 'Insert one sample telemetry row (seed: "Generate Sample Telemetry")',
  request: {
    body: { content: { 'application/json': { schema: z.strictObject({ environment: EnvironmentName.default('sandbox') }).openapi({ example: { environment: 'sandbox' } }) } } },
  },
  responses: {
    201: { description: 'The stored telemetry row', content: { 'application/json': { schema: TelemetryRowSchema } } },
  },
}), 'environment_not_found');

const runRoute = apiRoute(createRoute({
  method: 'post',
  path: '/cycle/run',
  tags: ['seed'],
  summary: 'Run one hardening cycle and wait for it (seed: "Run Hardening Cycle")',
  description:
    'Waits up to CYCLE_RUN_WAIT_SECONDS. 200 with the cycle result, or 202 with its id and live status when it is still running (e.g. awaiting approval).',
  request: {
    body: {
      content: {
        'application/json': {
          schema: z
            .strictObject({ environment: EnvironmentName.default('sandbox'), requester: Requester.optional() })
            .openapi({ example: { environment: 'sandbox', requester: 'alice' } }),
        },
      },
    },
  },
  responses: {
    200: { description: 'The finished cycle', content: { 'application/json': { schema: AnyObject } } },
    202: {
      description: 'Still running; `state` says whether it waits for an approver, and `approval` then says why, who may approve, and the exact call',
      content: {
        'application/json': {
          schema: z.object({
            workflowId: z.string(),
            runId: z.string(),
            state: z.enum(['awaiting_approval', 'running']).openapi({ description: 'awaiting_approval: nothing happens until an approver other than the requester answers' }),
            message: z.string().openapi({ description: 'The same, in one line' }),
            approval: ApprovalNoticeSchema.nullable(),
            status: AnyObject.nullable().openapi({ description: "The cycle's live status (query)" }),
          }),
          example: {
            workflowId: 'hardening-cycle:sandbox:000007',
            runId: '0196f1c2-7a4e-7c3b-9d2e-5f6a7b8c9d0e',
            state: 'awaiting_approval',
            message: 'hardening-cycle:sandbox:000007 awaits approval by anyone but seed-api: permission removal without owner_approved tag',
            approval: approvalNotice({ workflowId: 'hardening-cycle:sandbox:000007', environment: 'sandbox', requester: 'seed-api', reasons: ['permission removal without owner_approved tag'] }),
            status: { stage: 'awaiting_approval', awaitingApproval: true, requester: 'seed-api' },
          },
        },
      },
    },
  },
}), 'environment_not_found', 'workflow_already_started', 'temporal_unavailable', 'temporal_error');

const timelineRoute = apiRoute(createRoute({
  method: 'get',
  path: '/timeline',
  tags: ['seed'],
  summary: 'Recent cycles, newest first, with decision, policy, simulation, approval, execution, verification and reward',
  description: 'A cycle waiting for an approver has `awaitingApproval: true` and `approval` saying why, who may approve and the exact call; a decided one names who answered.',
  request: { query: z.object({ limit: Limit, environment: EnvironmentName.optional() }) },
  responses: {
    200: { description: 'Timeline entries', content: { 'application/json': { schema: z.array(AnyObject) } } },
  },
}));

/** The same timeline under the versioned API. */
const timelineV1Route = apiRoute(createRoute({ ...timelineRoute, path: '/api/v1/timeline', tags: ['cycles'] }));

/**
 * The result if the workflow finishes within `seconds`, else undefined (never throws on
 * timeout). A cycle that starts waiting for a human answers at once: nobody approves in 30 s.
 */
async function waitForResult<T>(s: ApiServices, handle: WorkflowHandle, seconds: number): Promise<T | undefined> {
  if (seconds <= 0) return undefined;
  const abort = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => {
      abort.abort(); // stops the long-poll so no RPC outlives the request
      resolve(undefined);
    }, seconds * 1000);
  });
  const result = s.temporal.withAbortSignal(abort.signal, () => handle.result() as Promise<T>).catch((err) => {
    if (abort.signal.aborted) return undefined;
    throw err;
  });
  const awaitingHuman = (async () => {
    while (!abort.signal.aborted) {
      await new Promise((r) => setTimeout(r, 200));
      if (abort.signal.aborted) break;
      const status = (await queryStatus(s, handle)) as { awaitingApproval?: boolean } | null;
      if (status?.awaitingApproval) return undefined;
    }
    return undefined;
  })();
  try {
    return await Promise.race([result, timeout, awaitingHuman]);
  } finally {
    clearTimeout(timer);
    abort.abort();
  }
}

export function seedRoutes(s: ApiServices, m: ApiMetrics) {
  const app = newRouter();

  app.openapi(sampleRoute, async (c) => {
    const { environment } = c.req.valid('json');
    const row = await insertSampleTelemetry(s.db, environment ?? 'sandbox');
    if (!row) throw notFoundError('environment', environment ?? 'sandbox');
    return c.json(toJson(row) as unknown as z.infer<typeof TelemetryRowSchema>, 201);
  });

  app.openapi(runRoute, async (c) => {
    const body = c.req.valid('json');
    const started = await startCycle(s, {
      environment: body.environment ?? 'sandbox',
      requester: body.requester ?? 'seed-api',
      trigger: 'seed-api',
    });
    m.cyclesStarted.inc({ environment: started.environment, trigger: 'seed-api' });
    const result = await waitForResult<Record<string, unknown>>(s, started.handle, s.config.CYCLE_RUN_WAIT_SECONDS);
    if (result) return c.json(result, 200);
    const status = (await queryStatus(s, started.handle)) as (Record<string, unknown> & { awaitingApproval?: boolean; requester?: string; policy?: { approval_reasons?: string[] } }) | null;
    const approval = status?.awaitingApproval
      ? approvalNotice({ workflowId: started.workflowId, environment: started.environment, requester: status.requester ?? body.requester ?? 'seed-api', reasons: status.policy?.approval_reasons ?? [], origin: new URL(c.req.url).origin })
      : null;
    const message = approval
      ? `${started.workflowId} awaits approval by anyone but ${approval.requester}: ${approval.why.join('; ')}; approve: ${approval.curl}`
      : `${started.workflowId} is still running`;
    return c.json({ workflowId: started.workflowId, runId: started.runId, state: approval ? ('awaiting_approval' as const) : ('running' as const), message, approval, status }, 202);
  });

  for (const route of [timelineRoute, timelineV1Route]) {
    app.openapi(route, async (c) => {
      const { limit, environment } = c.req.valid('query');
      return c.json(toJson(await loadTimeline(s.db, { limit, environment })), 200);
    });
  }

  return app;
}
