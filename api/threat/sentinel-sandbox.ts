// Sandbox routes under /api/v1/sentinel/sandbox: run one isolated oracle simulation, the
// panic button, and the hash-chained audit log with its verification.
import { createRoute, z } from '@hono/zod-openapi';
import { createAuditLog, MemoryAuditSink, verifyChain, type AuditLog } from '../../sandbox/audit';
import { ORACLE_KINDS, type OracleKind } from '../../sandbox/oracles/types';
import { createSandboxRunner, type SandboxRunner } from '../../sandbox/runner';
import { ApiError } from '../errors';
import { apiRoute, newRouter } from '../router';
import { AnyObject } from '../schemas';

/** The runner and the log it records into; the API reads the log through `audit`. */
export interface SandboxService {
  runner: SandboxRunner;
  audit: AuditLog;
}

/** Longest payload a simulation accepts, in UTF-8 bytes (as predict-payload). */
export const MAX_SIMULATE_PAYLOAD_BYTES = 64 * 1024;

/** In-memory audit log: what tests and a database-less app get when no service is injected. */
export function defaultSandboxService(): SandboxService {
  const audit = createAuditLog(new MemoryAuditSink());
  return { runner: createSandboxRunner({ audit }), audit };
}

const SimulateBody = z
  .strictObject({
    kind: z.enum(ORACLE_KINDS as [OracleKind, ...OracleKind[]]).openapi({ description: 'The attack class whose sandbox oracle runs the payload' }),
    payload: z
      .string()
      .refine((p) => Buffer.byteLength(p, 'utf8') <= MAX_SIMULATE_PAYLOAD_BYTES, `payload exceeds ${MAX_SIMULATE_PAYLOAD_BYTES} bytes`)
      .openapi({ description: `The attacker-controlled input (at most ${MAX_SIMULATE_PAYLOAD_BYTES} UTF-8 bytes)` }),
  })
  .openapi('SimulateRequest', { example: { kind: 'sql_injection', payload: "1' OR '1'='1" } });

const simulateRoute = apiRoute(createRoute({
  method: 'post',
  path: '/simulate',
  tags: ['sentinel'],
  summary: 'Run one exploit oracle in an isolated sandbox (worker thread, no network, time/memory limits)',
  request: { body: { content: { 'application/json': { schema: SimulateBody } }, required: true } },
  responses: {
    200: { description: 'The oracle verdict with its evidence and per-context results', content: { 'application/json': { schema: AnyObject } } },
  },
}), 'sandbox_error', 'sandbox_killed', 'sandbox_timeout');

const panicRoute = createRoute({
  method: 'post',
  path: '/panic',
  tags: ['sentinel'],
  summary: 'Panic button: destroy every running sandbox at once (audited)',
  responses: { 200: { description: 'How many sandboxes were destroyed', content: { 'application/json': { schema: z.object({ destroyed: z.number().int() }) } } } },
});

const AuditEntrySchema = z
  .object({
    seq: z.number().int(),
    ts: z.string(),
    type: z.string(),
    sandboxId: z.string(),
    detail: AnyObject,
    prevHash: z.string(),
    hash: z.string(),
  })
  .openapi('SandboxAuditEntry');

const auditRoute = apiRoute(createRoute({
  method: 'get',
  path: '/audit-log',
  tags: ['sentinel'],
  summary: 'The most recent sandbox audit entries, oldest first',
  request: { query: z.object({ limit: z.coerce.number().int().min(1).max(1000).default(100).openapi({ type: 'integer', minimum: 1, maximum: 1000 }) }) },
  responses: {
    200: { description: 'Audit entries', content: { 'application/json': { schema: z.object({ entries: z.array(AuditEntrySchema) }) } } },
  },
}));

const verifyRoute = createRoute({
  method: 'get',
  path: '/audit-log/verify',
  tags: ['sentinel'],
  summary: 'Re-hash the whole audit chain from genesis; reports the first broken entry',
  responses: {
    200: {
      description: 'Chain verdict and how many entries were checked',
      content: {
        'application/json': {
          schema: z.object({ ok: z.boolean(), brokenAt: z.number().int().optional(), reason: z.string().optional(), entries: z.number().int() }),
        },
      },
    },
  },
});

export function sandboxRoutes(injected?: SandboxService) {
  // Built on first use so createApp stays free of side effects.
  let svc = injected;
  const sandbox = () => (svc ??= defaultSandboxService());
  const app = newRouter();

  app.openapi(simulateRoute, async (c) => {
    const { kind, payload } = c.req.valid('json');
    const out = await sandbox().runner.simulate(kind, payload);
    if (out.status === 'ok') return c.json({ sandbox_id: out.sandboxId, duration_ms: out.durationMs, ...out.result }, 200);
    if (out.status === 'timeout') throw new ApiError('sandbox_timeout', `sandbox ${out.sandboxId} timed out after ${out.durationMs} ms`);
    if (out.status === 'killed') throw new ApiError('sandbox_killed', `sandbox ${out.sandboxId} was destroyed: ${out.reason}`);
    throw new ApiError('sandbox_error', `sandbox ${out.sandboxId} failed: ${out.error.name}: ${out.error.message}`);
  });

  app.openapi(panicRoute, async (c) => c.json({ destroyed: await sandbox().runner.panic('panic button (api)') }, 200));

  app.openapi(auditRoute, async (c) => {
    const entries = await sandbox().audit.read(c.req.valid('query').limit);
    return c.json({ entries }, 200);
  });

  app.openapi(verifyRoute, async (c) => {
    const entries = await sandbox().audit.read(Number.MAX_SAFE_INTEGER);
    return c.json({ ...verifyChain(entries), entries: entries.length }, 200);
  });

  return app;
}
