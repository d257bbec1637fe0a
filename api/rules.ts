// /api/v1/rules: the generated WAF rules and the versioned active rule set. A WAF (or the
// ModSecurity sidecar) polls GET /modsecurity.conf; analysts apply, roll back and report
// false positives here. The state machine and the audit live in repo/rules.ts; this file
// only validates and maps its errors to 404/409.
import { createRoute, z } from '@hono/zod-openapi';
import { WAF_RULE_STATUSES } from '../db/schema';
import {
  activeRuleSet,
  applyRule,
  DEFAULT_FP_THRESHOLD,
  getRule,
  listRules,
  listVersions,
  reportFalsePositive,
  rollbackRule,
  RuleNotFoundError,
  RuleStateError,
  SYSTEM_ACTOR,
} from '../repo/rules';
import { ApiError, errorResponses, newRouter } from './errors';
import { AnyObject, Limit, Requester, toJson } from './schemas';
import type { ApiServices } from './services';

const tags = ['rules'];

/** 'system' marks automatic transitions in the audit; a person must not be able to claim it. */
const Analyst = Requester.refine((a) => a !== SYSTEM_ACTOR, `"${SYSTEM_ACTOR}" is reserved for automatic transitions`);
const Reason = z.string().trim().min(1).max(2000);
const IdParam = z.object({
  id: z.coerce.number().int().positive().openapi({ param: { name: 'id', in: 'path' }, example: 9536979 }),
});
const json = <T extends z.ZodType>(schema: T) => ({ 'application/json': { schema } });
const ok = (description: string) => ({ 200: { description, content: json(AnyObject) } });

const confRoute = createRoute({
  method: 'get',
  path: '/modsecurity.conf',
  tags,
  summary: 'The active rule set as a ModSecurity .conf (header names the version)',
  responses: { 200: { description: 'SecRule text', content: { 'text/plain': { schema: z.string() } } } },
});

const listRoute = createRoute({
  method: 'get',
  path: '/',
  tags,
  summary: 'Generated rules, newest first',
  request: { query: z.object({ status: z.enum(WAF_RULE_STATUSES).optional(), limit: Limit }) },
  responses: ok('The rules'),
});

const versionsRoute = createRoute({
  method: 'get',
  path: '/versions',
  tags,
  summary: 'Versions of the active rule set, newest first: who changed it, why, and its rule ids',
  request: { query: z.object({ limit: Limit }) },
  responses: ok('The versions'),
});

const getRoute = createRoute({
  method: 'get',
  path: '/{id}',
  tags,
  summary: 'One rule with its audit events',
  request: { params: IdParam },
  responses: { ...ok('The rule and its events'), ...errorResponses(400, 404) },
});

const applyRoute = createRoute({
  method: 'post',
  path: '/{id}/apply',
  tags,
  summary: 'Add a proposed (or logged) rule to the active set',
  request: { params: IdParam, body: { required: true, content: json(z.strictObject({ actor: Analyst, reason: Reason.optional() })) } },
  responses: { ...ok('Applied; the new ruleset version'), ...errorResponses(400, 404, 409) },
});

const rollbackRoute = createRoute({
  method: 'post',
  path: '/{id}/rollback',
  tags,
  summary: 'Remove an applied rule from the active set',
  request: { params: IdParam, body: { required: true, content: json(z.strictObject({ actor: Analyst, reason: Reason })) } },
  responses: { ...ok('Rolled back; the new ruleset version'), ...errorResponses(400, 404, 409) },
});

const fpRoute = createRoute({
  method: 'post',
  path: '/{id}/false-positive',
  tags,
  summary: 'Report a false positive; past the threshold an applied rule is rolled back automatically',
  request: { params: IdParam, body: { required: true, content: json(z.strictObject({ reporter: Analyst, detail: Reason })) } },
  responses: { ...ok('The report count and whether the rule was rolled back'), ...errorResponses(400, 404) },
});

/** Repo errors → the API's `{ code, message }`; anything else bubbles to onError. */
async function guard<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof RuleNotFoundError) throw new ApiError(404, 'rule_not_found', err.message);
    if (err instanceof RuleStateError) throw new ApiError(409, 'rule_state_conflict', err.message);
    throw err;
  }
}

export interface RuleRoutesOptions {
  /** False-positive reports an applied rule tolerates before it is rolled back. */
  fpThreshold?: number;
}

export function ruleRoutes(s: ApiServices, opts: RuleRoutesOptions = {}) {
  const app = newRouter();
  const fpThreshold = opts.fpThreshold ?? DEFAULT_FP_THRESHOLD;
  const body = (value: unknown) => toJson(value) as Record<string, unknown>;

  // Fixed paths first: '/versions' must not be read as a rule id.
  app.openapi(confRoute, async (c) => {
    const set = await activeRuleSet(s.db);
    c.header('X-Ruleset-Version', String(set.version));
    c.header('Cache-Control', 'no-cache');
    return c.text(set.text, 200);
  });

  app.openapi(versionsRoute, async (c) => {
    const { limit } = c.req.valid('query');
    return c.json(body({ versions: await listVersions(s.db, { limit }) }), 200);
  });

  app.openapi(listRoute, async (c) => {
    const { status, limit } = c.req.valid('query');
    return c.json(body({ rules: await listRules(s.db, { status, limit }) }), 200);
  });

  app.openapi(getRoute, async (c) => {
    const { id } = c.req.valid('param');
    const found = await getRule(s.db, id);
    if (!found) throw new ApiError(404, 'rule_not_found', `rule ${id} not found`);
    return c.json(body(found), 200);
  });

  app.openapi(applyRoute, async (c) => {
    const { id } = c.req.valid('param');
    const { actor, reason } = c.req.valid('json');
    const { rule, version } = await guard(() => applyRule(s.db, id, actor, reason));
    return c.json(body({ rule, rulesetVersion: version }), 200);
  });

  app.openapi(rollbackRoute, async (c) => {
    const { id } = c.req.valid('param');
    const { actor, reason } = c.req.valid('json');
    const { rule, version } = await guard(() => rollbackRule(s.db, id, actor, reason));
    return c.json(body({ rule, rulesetVersion: version }), 200);
  });

  app.openapi(fpRoute, async (c) => {
    const { id } = c.req.valid('param');
    const { reporter, detail } = c.req.valid('json');
    const result = await guard(() => reportFalsePositive(s.db, id, reporter, detail, fpThreshold));
    return c.json(body({ ruleId: id, threshold: fpThreshold, ...result }), 200);
  });

  return app;
}
