// GET /health: is the process usable? The database is essential (503 without it); Temporal
// being down degrades the API (reads still work) but must not make probes kill the pod; so
// does a worker in this process that cannot verify WAF rules (no libmodsecurity harness).
import { createRoute, z } from '@hono/zod-openapi';
import { sql } from 'drizzle-orm';
import { newRouter } from './router';
import type { ApiServices } from './services';

const CHECK_TIMEOUT_MS = 2000;

const Health = z
  .object({
    status: z.enum(['ok', 'degraded', 'down']),
    database: z.enum(['ok', 'unreachable']),
    temporal: z.enum(['ok', 'unreachable']),
    namespace: z.string(),
    ruleVerification: z
      .object({
        status: z.enum(['ok', 'degraded']),
        reason: z.string().optional(),
        fix: z.string().optional(),
      })
      .optional()
      .openapi({
        description: 'Present in `bulwark start`: can generated WAF rules be proven on libmodsecurity here? Degraded names the fix.',
        example: { status: 'degraded', reason: 'no libmodsecurity harness', fix: 'bash ops/install-modsecurity.sh' },
      }),
  })
  .openapi('Health');

const route = createRoute({
  method: 'get',
  path: '/health',
  tags: ['ops'],
  summary: 'Liveness/readiness: database and Temporal reachability, rule verification',
  responses: {
    200: { description: 'Usable (status ok or degraded)', content: { 'application/json': { schema: Health } } },
    503: { description: 'Database unreachable', content: { 'application/json': { schema: Health } } },
  },
});

/** Resolves true/false within `ms`, whatever the check does. */
async function within(ms: number, check: () => Promise<unknown>): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    // Promise.resolve().then: a check that throws synchronously still counts as "unreachable".
    const ok = Promise.resolve()
      .then(check)
      .then(() => true, () => false);
    return await Promise.race([ok, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export function healthRoutes(s: ApiServices) {
  const app = newRouter();
  app.openapi(route, async (c) => {
    const [dbOk, temporalOk] = await Promise.all([
      within(CHECK_TIMEOUT_MS, () => s.db.execute(sql`select 1`)),
      within(CHECK_TIMEOUT_MS, () =>
        s.temporal.connection.withDeadline(Date.now() + CHECK_TIMEOUT_MS, () => s.temporal.workflowService.getSystemInfo({})),
      ),
    ]);
    const verification = s.ruleVerification;
    const body = {
      status: dbOk ? (temporalOk && verification?.status !== 'degraded' ? 'ok' : 'degraded') : 'down',
      database: dbOk ? 'ok' : 'unreachable',
      temporal: temporalOk ? 'ok' : 'unreachable',
      namespace: s.config.TEMPORAL_NAMESPACE,
      ...(verification ? { ruleVerification: verification } : {}),
    } as const;
    return dbOk ? c.json(body, 200) : c.json(body, 503);
  });
  return app;
}
