// /api/v1/standing-approvals: pre-approval of hardening cycles that need an approver. An
// approver grants one for an environment (optionally only some action domains, or up to a
// breakage risk), for at most 7 days; it can be revoked. A cycle uses it instead of waiting,
// never when its requester is the granter (four-eyes), and records "approved by standing
// approval #id" on its approval. Scope, expiry and four-eyes live in repo/hardening/standing-approvals.ts.
import { createRoute, z } from '@hono/zod-openapi';
import { durationMs, isDuration } from '../../temporal/duration';
import { grantStandingApproval, listStandingApprovals, revokeStandingApproval } from '../../repo/hardening/standing-approvals';
import { requireEnvironment } from '../../repo/hardening/environments';
import { apiRoute, newRouter } from '../router';
import { Duration, EnvironmentName, Identity, Int4Id, Limit, Prose, toJson } from '../schemas';
import type { ApiServices } from '../services';

const tags = ['approvals'];
const MAX_MS = 7 * 86_400_000;
const DOMAINS = ['network', 'workload', 'iam', 'compliance', 'supply_chain', 'waf'] as const;
const Reason = Prose(2000, 1).refine((r) => r.trim().length > 0, 'must not be blank');
const json = <T extends z.ZodType>(schema: T) => ({ 'application/json': { schema } });

const Grant = z
  .strictObject({
    environment: EnvironmentName.openapi({ description: 'The environment whose cycles it approves', example: 'sandbox' }),
    approver: Identity.openapi({ description: 'Who grants it (an approver); never usable by cycles this identity requests' }),
    reason: Reason.openapi({ description: 'Why (shown on every cycle it approves)', example: 'CHG-2001: demo loop on sandbox this afternoon' }),
    expiresIn: Duration.refine((d) => isDuration(d) && durationMs(d) > 0 && durationMs(d) <= MAX_MS, 'must be more than 0 and at most 7d').openapi({
      description: 'How long it stays usable from now (at most 7d)',
      example: '8h',
    }),
    actionDomains: z.array(z.enum(DOMAINS)).min(1).optional().openapi({ description: 'Only actions of these security domains (default: all)', example: ['network', 'workload'] }),
    maxBreakageRisk: z.number().min(0).max(1).optional().openapi({ description: "Only changes the twin predicts at or below this breakage risk (0..1; default: any)", example: 0.3 }),
  })
  .openapi('StandingApprovalGrant', {
    example: { environment: 'sandbox', approver: 'bob', reason: 'CHG-2001: demo loop on sandbox this afternoon', expiresIn: '8h', maxBreakageRisk: 0.3 },
  });

const Revoke = z
  .strictObject({
    actor: Identity.openapi({ description: 'Who revokes it' }),
    reason: Reason.openapi({ description: 'Why', example: 'demo over' }),
  })
  .openapi('StandingApprovalRevoke', { example: { actor: 'bob', reason: 'demo over' } });

const Row = z
  .object({
    id: z.number().int(),
    environment: z.string(),
    grantedBy: z.string(),
    reason: z.string(),
    actionDomains: z.array(z.string()).nullable(),
    maxBreakageRisk: z.number().nullable(),
    grantedAt: z.string(),
    expiresAt: z.string(),
    revokedAt: z.string().nullable(),
    revokedBy: z.string().nullable(),
    revokeReason: z.string().nullable(),
  })
  .openapi('StandingApproval');

const EXAMPLE = {
  id: 3, environment: 'sandbox', grantedBy: 'bob', reason: 'CHG-2001: demo loop on sandbox this afternoon', actionDomains: null, maxBreakageRisk: 0.3,
  grantedAt: '2026-11-30T12:00:00.000Z', expiresAt: '2026-11-30T20:00:00.000Z', revokedAt: null, revokedBy: null, revokeReason: null,
};

const grantRoute = apiRoute(createRoute({
  method: 'post',
  path: '/',
  tags,
  'x-bulwark-role': 'approver',
  summary: 'Grant a standing approval (pre-approval) for an environment’s cycles that need an approver',
  request: { body: { required: true, content: json(Grant) } },
  responses: { 201: { description: 'The grant', content: { 'application/json': { schema: Row, example: EXAMPLE } } } },
}), 'environment_not_found');

const listRoute = apiRoute(createRoute({
  method: 'get',
  path: '/',
  tags,
  summary: 'Standing approvals, newest first (active=true: only unrevoked and unexpired)',
  request: { query: z.object({ environment: EnvironmentName.optional(), active: z.enum(['true', 'false']).optional(), limit: Limit }) },
  responses: { 200: { description: 'The grants', content: { 'application/json': { schema: z.array(Row), example: [EXAMPLE] } } } },
}));

const revokeRoute = apiRoute(createRoute({
  method: 'post',
  path: '/{id}/revoke',
  tags,
  'x-bulwark-role': 'approver',
  summary: 'Revoke a standing approval; cycles it already approved keep their record',
  request: { params: z.object({ id: Int4Id.openapi({ param: { name: 'id', in: 'path' }, example: 3 }) }), body: { required: true, content: json(Revoke) } },
  responses: { 200: { description: 'The revoked grant', content: { 'application/json': { schema: Row, example: { ...EXAMPLE, revokedAt: '2026-11-30T15:00:00.000Z', revokedBy: 'bob', revokeReason: 'demo over' } } } } },
}), 'standing_approval_not_found', 'standing_approval_inactive');

type RowJson = z.infer<typeof Row>;

export function standingApprovalRoutes(s: ApiServices) {
  const app = newRouter();
  app.openapi(grantRoute, async (c) => {
    const b = c.req.valid('json');
    await requireEnvironment(s.db, b.environment);
    const row = await grantStandingApproval(s.db, {
      environment: b.environment,
      grantedBy: b.approver,
      reason: b.reason,
      expiresAt: new Date(Date.now() + durationMs(b.expiresIn)),
      actionDomains: b.actionDomains,
      maxBreakageRisk: b.maxBreakageRisk,
    });
    return c.json(toJson(row) as unknown as RowJson, 201);
  });
  app.openapi(listRoute, async (c) => {
    const { environment, active, limit } = c.req.valid('query');
    return c.json(toJson(await listStandingApprovals(s.db, { environment, active: active === 'true', limit })) as unknown as RowJson[], 200);
  });
  app.openapi(revokeRoute, async (c) => {
    const { id } = c.req.valid('param');
    const { actor, reason } = c.req.valid('json');
    return c.json(toJson(await revokeStandingApproval(s.db, id, actor, reason)) as unknown as RowJson, 200);
  });
  return app;
}
