// /api/v1/rules: the generated WAF rules and the versioned active rule set. A WAF (or the
// ModSecurity sidecar) polls GET /modsecurity.conf; analysts apply, roll back and report
// false positives here. The state machine and the audit live in repo/threat/rules.ts; its errors
// are mapped to codes in api/errors.ts.
import type { Registry } from 'prom-client';
import { seedMetrics } from '../../runtime/metrics';
import { createRoute, z } from '@hono/zod-openapi';
import { WAF_RULE_STATUSES } from '../../db/schema';
import {
  activeRuleSet,
  applyRule,
  DEFAULT_FP_THRESHOLD,
  getRule,
  listRules,
  listVersions,
  reportFalsePositive,
  rollbackRule,
  SYSTEM_ACTOR,
} from '../../repo/threat/rules';
import { notFoundError } from '../errors';
import { apiRoute, newRouter } from '../router';
import { AnyObject, Identity, Int4Id, Limit, Prose, toJson } from '../schemas';
import type { ApiServices } from '../services';
import { addSamples } from '../../repo/datasets/samples';
import { SampleData } from '../retraining/schemas';

const tags = ['rules'];

/** 'system' marks automatic transitions in the audit; a person must not be able to claim it. */
const Analyst = Identity.refine((a) => a.toLowerCase() !== SYSTEM_ACTOR, `"${SYSTEM_ACTOR}" is reserved for automatic transitions`);
const Reason = Prose(2000, 1).refine((r) => r.trim().length > 0, 'must not be blank');
const Why = (description: string) => Reason.openapi({ description, example: 'CHG-1234: blocks the exploit seen in hp-2026-0001' });
const ActorBody = <R extends z.ZodType>(reason: R) =>
  z.strictObject({ actor: Analyst.openapi({ description: 'Who does it (recorded in the rule audit)' }), reason }).openapi({
    example: { actor: 'alice', reason: 'CHG-1234: blocks the exploit seen in hp-2026-0001' },
  });
const IdParam = z.object({
  id: Int4Id.openapi({ param: { name: 'id', in: 'path' } }),
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

const listRoute = apiRoute(createRoute({
  method: 'get',
  path: '/',
  tags,
  summary: 'Generated rules, newest first',
  request: { query: z.object({ status: z.enum(WAF_RULE_STATUSES).optional(), limit: Limit }) },
  responses: ok('The rules'),
}));

const versionsRoute = apiRoute(createRoute({
  method: 'get',
  path: '/versions',
  tags,
  summary: 'Versions of the active rule set, newest first: who changed it, why, and its rule ids',
  request: { query: z.object({ limit: Limit }) },
  responses: ok('The versions'),
}));

const getRoute = apiRoute(createRoute({
  method: 'get',
  path: '/{id}',
  tags,
  summary: 'One rule with its audit events',
  request: { params: IdParam },
  responses: ok('The rule and its events'),
}), 'rule_not_found');

const applyRoute = apiRoute(createRoute({
  method: 'post',
  path: '/{id}/apply',
  tags,
  summary: 'Add a proposed (or logged) rule to the active set (not by the person whose re-verification proposed it, nor by whoever submitted its evidence)',
  request: { params: IdParam, body: { required: true, content: json(ActorBody(Why('Why it is applied (recorded in the rule audit)').optional())) } },
  responses: ok('Applied; the new ruleset version'),
}), 'rule_not_found', 'rule_state_conflict', 'self_approval_refused');

const rollbackRoute = apiRoute(createRoute({
  method: 'post',
  path: '/{id}/rollback',
  tags,
  summary: 'Remove an applied rule from the active set',
  request: { params: IdParam, body: { required: true, content: json(ActorBody(Why('Why it is rolled back (recorded in the rule audit)'))) } },
  responses: ok('Rolled back; the new ruleset version'),
}), 'rule_not_found', 'rule_state_conflict');

const fpRoute = apiRoute(createRoute({
  method: 'post',
  path: '/{id}/false-positive',
  tags,
  summary: 'Report a false positive; past the threshold an applied rule is rolled back automatically',
  request: { params: IdParam, body: { required: true, content: json(
          z
            .strictObject({
              reporter: Analyst.openapi({ description: 'Who saw the false positive' }),
              detail: Reason.openapi({ description: 'The legitimate request the rule blocked, or where it was seen' }),
              payload: SampleData.optional().openapi({ description: 'The legitimate value the rule blocked: stored as a benign training sample with the reporter as reviewer' }),
            })
            .openapi({ example: { reporter: 'alice', detail: 'blocked GET /search?q=o%27brien from the support desk' } }),
        ) } },
  responses: ok('The report count and whether the rule was rolled back'),
}), 'rule_not_found', 'rule_state_conflict');

export interface RuleRoutesOptions {
  /** False-positive reports an applied rule tolerates before it is rolled back. */
  fpThreshold?: number;
  /** The app's registry, for `cerberus_rules_applied_total{via="api"}`. */
  metrics?: Registry;
}

export function ruleRoutes(s: ApiServices, opts: RuleRoutesOptions = {}) {
  const app = newRouter();
  const fpThreshold = opts.fpThreshold ?? DEFAULT_FP_THRESHOLD;
  const metrics = seedMetrics(opts.metrics);
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
    if (!found) throw notFoundError('rule', id);
    return c.json(body(found), 200);
  });

  app.openapi(applyRoute, async (c) => {
    const { id } = c.req.valid('param');
    const { actor, reason } = c.req.valid('json');
    const { rule, version } = await applyRule(s.db, id, actor, reason);
    metrics.rulesApplied.inc({ via: 'api' });
    return c.json(body({ rule, rulesetVersion: version }), 200);
  });

  app.openapi(rollbackRoute, async (c) => {
    const { id } = c.req.valid('param');
    const { actor, reason } = c.req.valid('json');
    const { rule, version } = await rollbackRule(s.db, id, actor, reason);
    return c.json(body({ rule, rulesetVersion: version }), 200);
  });

  app.openapi(fpRoute, async (c) => {
    const { id } = c.req.valid('param');
    const { reporter, detail, payload } = c.req.valid('json');
    const result = await reportFalsePositive(s.db, id, reporter, detail, fpThreshold);
    // The blocked value teaches the classifier what is benign (gatedRetraining reads it).
    const sample = payload === undefined ? {} : {
      sampleId: (await addSamples(s.db, [{ data: payload, label: 'benign', source: 'false_positive:rule', reviewer: reporter, origin: { kind: 'waf_rule', ruleId: id, detail } }]))[0],
    };
    return c.json(body({ ruleId: id, threshold: fpThreshold, ...result, ...sample }), 200);
  });

  return app;
}
