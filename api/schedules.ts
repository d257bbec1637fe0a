// /api/v1/schedules: one Temporal Schedule per environment that starts hardening cycles.
// Temporal owns the schedule (no table): it survives API restarts and shows in the Web UI.
import { createRoute, z } from '@hono/zod-openapi';
import { ScheduleOverlapPolicy, type ScheduleDescription, type ScheduleSummary } from '@temporalio/client';
import { requireEnvironment } from '../repo/hardening/environments';
import { hardeningScheduleAction, hardeningScheduleId } from '../temporal/workflows';
import { workflowId } from '../temporal/ids';
import type { HardeningCycleInput } from '../workflows/hardening/hardening-cycle.defs';
import { ApiError } from './errors';
import { CRON_DESCRIPTION, cronProblem, MAX_INTERVAL_SECONDS, MIN_INTERVAL_SECONDS } from './schedule-spec';
import { apiRoute, newRouter } from './router';
import { AnyObject, EnvironmentName, Requester, Text, toJson } from './schemas';
import type { ApiServices } from './services';

const tags = ['schedules'];
const PREFIX = hardeningScheduleId('');
// The daily retraining Schedule is listed, paused and triggered here too (temporal/retraining-schedule.ts).
const RETRAINING_PREFIX = workflowId('retraining-schedule', '');

const CreateBody = z
  .strictObject({
    environment: EnvironmentName,
    cron: Text(200)
      .transform((c) => c.trim())
      .superRefine((c, ctx) => {
        const problem = cronProblem(c);
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      })
      .optional()
      .openapi({ example: '*/15 * * * *', description: CRON_DESCRIPTION }),
    intervalSeconds: z
      .number()
      .int()
      .min(MIN_INTERVAL_SECONDS)
      .max(MAX_INTERVAL_SECONDS)
      .optional()
      .openapi({ example: 900, description: `Seconds between cycles, ${MIN_INTERVAL_SECONDS}..${MAX_INTERVAL_SECONDS}` }),
    paused: z.boolean().default(false).openapi({ description: 'Create it paused (no runs until unpaused)' }),
    requester: Requester.default('api'),
  })
  .refine((b) => (b.cron === undefined) !== (b.intervalSeconds === undefined), {
    message: 'exactly one of cron or intervalSeconds is required',
    path: ['cron'],
  })
  .openapi('CreateSchedule', {
    description: 'Exactly one of `cron` or `intervalSeconds` (both, or neither, is a 400).',
    // Said in the schema too, so generated clients and fuzzers know it.
    oneOf: [{ required: ['cron'] }, { required: ['intervalSeconds'] }],
    example: { environment: 'sandbox', intervalSeconds: 900 },
  });

// Accepts the full id or just the environment name, since there is one schedule per environment.
const IdParam = z.object({
  id: Text(200).openapi({ param: { name: 'id', in: 'path' }, example: 'hardening-schedule:sandbox' }),
});
const scheduleId = (id: string) => (id.includes(':') ? id : hardeningScheduleId(id));

const json = (description: string) => ({ description, content: { 'application/json': { schema: AnyObject } } });
const createRouteDef = apiRoute(createRoute({
  method: 'post',
  path: '/',
  tags,
  summary: 'Create the hardening schedule of an environment (cron or interval; overlapping runs are skipped)',
  request: { body: { required: true, content: { 'application/json': { schema: CreateBody } } } },
  responses: { 201: json('Created') },
}), 'environment_not_found', 'schedule_exists', 'temporal_unavailable', 'temporal_error');
const listRouteDef = apiRoute(createRoute({
  method: 'get',
  path: '/',
  tags,
  summary: 'Hardening schedules and the daily retraining schedule, with their next and recent runs',
  responses: { 200: { description: 'Schedules', content: { 'application/json': { schema: z.array(AnyObject) } } } },
}), 'temporal_unavailable', 'temporal_error');
const getRouteDef = apiRoute(createRoute({
  method: 'get',
  path: '/{id}',
  tags,
  summary: 'One schedule',
  request: { params: IdParam },
  responses: { 200: json('The schedule') },
}), 'schedule_not_found', 'temporal_unavailable', 'temporal_error');
const stateRoute = (op: 'pause' | 'unpause') =>
  apiRoute(createRoute({
    method: 'post',
    path: `/{id}/${op}`,
    tags,
    summary: `${op === 'pause' ? 'Pause' : 'Unpause'} the schedule`,
    description: 'Optional `?note=...`: kept on the schedule (GET shows it) until the next pause/unpause.',
    request: {
      params: IdParam,
      query: z.object({
        note: Text(500)
          .optional()
          .openapi({ description: `Why it is ${op}d (shown as the schedule's note)`, example: op === 'pause' ? 'maintenance CHG-1234' : 'maintenance done' }),
      }),
    },
    responses: { 200: json('Done') },
  }), 'schedule_not_found', 'temporal_unavailable', 'temporal_error');
const triggerRouteDef = apiRoute(createRoute({
  method: 'post',
  path: '/{id}/trigger',
  tags,
  summary: 'Start a cycle now (the overlap policy still applies)',
  request: { params: IdParam },
  responses: { 202: json('Triggered') },
}), 'schedule_not_found', 'temporal_unavailable', 'temporal_error');
const deleteRouteDef = apiRoute(createRoute({
  method: 'delete',
  path: '/{id}',
  tags,
  summary: 'Delete the schedule (running cycles continue)',
  request: { params: IdParam },
  responses: { 204: { description: 'Deleted' } },
}), 'schedule_not_found', 'temporal_unavailable', 'temporal_error');

/** Temporal rejects a bad cron expression as a TypeError carrying the parser's message. */
async function createSchedule(s: ApiServices, opts: Parameters<ApiServices['temporal']['schedule']['create']>[0]) {
  try {
    return await s.temporal.schedule.create(opts);
  } catch (err) {
    if (err instanceof TypeError) throw new ApiError('invalid_request', `cron: ${err.message}`);
    throw err;
  }
}

/** The same shape from list summaries and full descriptions. */
function view(id: string, s: ScheduleSummary | ScheduleDescription) {
  const memo = (s.memo ?? {}) as { environment?: string; cron?: string; requester?: string; kind?: string };
  const retraining = id.startsWith(RETRAINING_PREFIX);
  return toJson({
    id,
    kind: retraining ? 'retraining' : 'hardening',
    environment: retraining ? null : (memo.environment ?? id.slice(PREFIX.length)),
    paused: s.state.paused,
    note: s.state.note ?? null,
    // Temporal stores cron as structured calendars; the memo keeps what the user typed.
    spec: {
      cron: memo.cron ?? null,
      intervalSeconds: s.spec?.intervals?.[0] ? s.spec.intervals[0].every / 1000 : null,
    },
    createdBy: memo.requester ?? null,
    // Temporal still computes the calendar while paused; none of those runs will happen.
    nextActionTimes: s.state.paused ? [] : s.info.nextActionTimes.slice(0, 5),
    recentActions: s.info.recentActions.slice(-5).map((a) => ({
      scheduledAt: a.scheduledAt,
      takenAt: a.takenAt,
      workflowId: a.action.type === 'startWorkflow' ? a.action.workflow.workflowId : null,
    })),
  });
}

export function scheduleRoutes(s: ApiServices) {
  const app = newRouter();

  app.openapi(createRouteDef, async (c) => {
    const body = c.req.valid('json');
    await requireEnvironment(s.db, body.environment);
    const id = hardeningScheduleId(body.environment);
    const input: HardeningCycleInput = {
      environment: body.environment,
      requester: 'scheduler',
      trigger: 'schedule',
      mode: s.config.EXECUTOR_MODE,
      approvalTimeout: s.config.APPROVAL_TIMEOUT,
    };
    const handle = await createSchedule(s, {
      scheduleId: id,
      spec: body.cron !== undefined ? { cronExpressions: [body.cron] } : { intervals: [{ every: `${body.intervalSeconds}s` }] },
      action: hardeningScheduleAction(input),
      policies: { overlap: ScheduleOverlapPolicy.SKIP },
      state: { paused: body.paused, note: `created by ${body.requester}` },
      memo: { environment: body.environment, cron: body.cron, requester: body.requester },
    });
    return c.json(view(id, await handle.describe()), 201);
  });

  app.openapi(listRouteDef, async (c) => {
    const out = [];
    for await (const summary of s.temporal.schedule.list()) {
      if (summary.scheduleId.startsWith(PREFIX) || summary.scheduleId.startsWith(RETRAINING_PREFIX)) out.push(view(summary.scheduleId, summary));
    }
    out.sort((a, b) => a.id.localeCompare(b.id));
    return c.json(out, 200);
  });

  app.openapi(getRouteDef, async (c) => {
    const id = scheduleId(c.req.valid('param').id);
    return c.json(view(id, await s.temporal.schedule.getHandle(id).describe()), 200);
  });

  for (const op of ['pause', 'unpause'] as const) {
    app.openapi(stateRoute(op), async (c) => {
      const id = scheduleId(c.req.valid('param').id);
      const { note } = c.req.valid('query');
      await s.temporal.schedule.getHandle(id)[op](note ?? `${op}d via API`);
      return c.json({ id, paused: op === 'pause', ...(note !== undefined && { note }) }, 200);
    });
  }

  app.openapi(triggerRouteDef, async (c) => {
    const id = scheduleId(c.req.valid('param').id);
    await s.temporal.schedule.getHandle(id).trigger();
    return c.json({ id, triggered: true }, 202);
  });

  app.openapi(deleteRouteDef, async (c) => {
    const id = scheduleId(c.req.valid('param').id);
    await s.temporal.schedule.getHandle(id).delete();
    return c.body(null, 204);
  });

  return app;
}
